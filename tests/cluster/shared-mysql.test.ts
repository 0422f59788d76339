/**
 * The mysql2 path (jdbc:mysql / jdbc:mariadb) against a real MySQL or MariaDB:
 * CLUSTERLAB_TEST_MYSQL_URL=mysql://user:pass@127.0.0.1:3306/db. Uses that database with unique
 * resource paths and counter names. Skipped with a reason when unset; CI (.ci/run) starts MariaDB with
 * scripts/ensure-mariadb.sh and sets it.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import {
  freshSubnet,
  httpJson,
  nodeConfig,
  randomPort,
  startNode,
  stopAll,
  waitFor,
  waitForMembers,
  type NodeProcess,
  removeScratch,
} from "./harness";

const mysqlUrl = parseEnv().CLUSTERLAB_TEST_MYSQL_URL;

afterEach(stopAll);
afterAll(removeScratch);

function jdbcParts() {
  const u = new URL(mysqlUrl ?? "mysql://localhost/x");
  return {
    datasources: [
      {
        name: "WSO2_SHARED_DB",
        jndiName: "jdbc/SHARED_DB",
        url: `jdbc:mariadb://${u.hostname}:${u.port || "3306"}${u.pathname}?useSSL=false`,
        username: decodeURIComponent(u.username),
        password: decodeURIComponent(u.password),
        driver: "org.mariadb.jdbc.Driver",
        pool: { maxActive: 20 },
      },
    ],
    registry: {
      mounts: [
        {
          path: "/_system/config",
          targetPath: "/_system/config",
          instanceId: "conf",
          readOnly: false,
          dataSource: "jdbc/SHARED_DB",
        },
      ],
    },
  };
}

const skipReason =
  " (skipped: CLUSTERLAB_TEST_MYSQL_URL is not set; `bash scripts/ensure-mariadb.sh` starts one and prints the URL, .ci/run sets it)";

describe.skipIf(!mysqlUrl)(`shared MySQL/MariaDB${mysqlUrl ? "" : skipReason}`, () => {
  it("registry invalidation across members and counter transactions through mysql2", async () => {
    const at = freshSubnet();
    const memberPort = randomPort();
    const httpPort = randomPort();
    const wka = [at(1)];
    const start = (n: number): NodeProcess =>
      startNode({
        name: `node${n}`,
        host: at(n),
        httpPort,
        fullConfig: nodeConfig({ host: at(n), memberPort, httpPort, wka, overrides: jdbcParts() }),
      });
    const nodes = [start(1), start(2)];
    await waitForMembers(nodes, ["node1", "node2"]);
    const [n1, n2] = nodes as [NodeProcess, NodeProcess];
    const p = `/api/registry/_system/config/mysql/r${Date.now()}`;
    expect((await httpJson(n1.url(p), { method: "PUT", body: JSON.stringify({ content: "v1" }) })).status).toBe(200);
    expect((await httpJson(n2.url(p))).body).toMatchObject({
      content: "v1",
      storedIn: expect.stringContaining("mysql"),
    });
    await httpJson(n1.url(p), { method: "PUT", body: JSON.stringify({ content: "v2" }) });
    await waitFor(
      "node2 to read v2",
      async () => ((await httpJson(n2.url(p))).body as { content?: string }).content === "v2",
      5000,
    );

    const perNode = 15;
    async function hammer(name: string, tx: boolean): Promise<number> {
      const q = `/api/counter?name=${name}${tx ? "&tx=1" : ""}`;
      const results = await Promise.all(
        nodes.flatMap((n) => Array.from({ length: perNode }, () => httpJson(n.url(q), { method: "POST" }))),
      );
      expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
      return ((await httpJson(n1.url(`/api/counter?name=${name}`))).body as { value: number }).value;
    }
    expect(await hammer(`mylost${Date.now() % 1e6}`, false)).toBeLessThan(2 * perNode);
    expect(await hammer(`mysafe${Date.now() % 1e6}`, true)).toBe(2 * perNode);
  });
});
