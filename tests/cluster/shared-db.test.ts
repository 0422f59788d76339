/**
 * Registry cache invalidation and counter transactions against a real PostgreSQL
 * (CLUSTERLAB_TEST_PG_URL, set by .ci/run). The suite creates and drops its own database.
 */
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { makeCarbonConfig } from "@/lib/carbon-node/config-factory";
import type { CarbonConfig } from "@/lib/wso2-config/model";
import {
  freshSubnet,
  httpJson,
  nodeConfig,
  randomPort,
  sleep,
  startNode,
  stopAll,
  waitFor,
  waitForMembers,
  type NodeProcess,
  removeScratch,
} from "./harness";

const pgUrl = parseEnv().CLUSTERLAB_TEST_PG_URL;
const dbName = `clusterlab_cn_${process.pid}_${Date.now() % 100000}`;

afterEach(stopAll);
afterAll(removeScratch);

function sharedDbParts(): { datasources: CarbonConfig["datasources"]; registry: CarbonConfig["registry"] } {
  const u = new URL(pgUrl ?? "postgresql://localhost/postgres");
  const base = makeCarbonConfig().datasources;
  return {
    datasources: [
      ...base,
      {
        name: "WSO2_SHARED_DB",
        jndiName: "jdbc/SHARED_DB",
        url: `jdbc:postgresql://${u.hostname}:${u.port || "5432"}/${dbName}`,
        username: decodeURIComponent(u.username),
        password: decodeURIComponent(u.password),
        driver: "org.postgresql.Driver",
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
        {
          path: "/_system/governance",
          targetPath: "/_system/governance",
          instanceId: "gov",
          readOnly: false,
          dataSource: "jdbc/SHARED_DB",
        },
      ],
    },
  };
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const put = (n: NodeProcess, p: string, content: string) =>
  httpJson(n.url(`/api/registry${p}`), { method: "PUT", body: JSON.stringify({ content }) });
const get = (n: NodeProcess, p: string) => httpJson(n.url(`/api/registry${p}`));

describe.skipIf(!pgUrl)(
  `shared PostgreSQL${pgUrl ? "" : " (skipped: CLUSTERLAB_TEST_PG_URL is not set; .ci/run sets it)"}`,
  () => {
    beforeAll(async () => {
      await admin((c) => c.query(`CREATE DATABASE ${dbName}`));
    });
    afterAll(async () => {
      await stopAll();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
    });

    it("clustering on: a write on one node invalidates the other node's cached copy", async () => {
      const at = freshSubnet();
      const memberPort = randomPort();
      const httpPort = randomPort();
      const wka = [at(1), at(2)];
      const start = (n: number) =>
        startNode({
          name: `node${n}`,
          host: at(n),
          httpPort,
          fullConfig: nodeConfig({ host: at(n), memberPort, httpPort, wka, overrides: sharedDbParts() }),
        });
      const n1 = start(1);
      await waitForMembers([n1], ["node1"]);
      const n2 = start(2);
      await waitForMembers([n1, n2], ["node1", "node2"]);
      const p = "/_system/config/lab/on";
      expect((await put(n1, p, "v1")).status).toBe(200);
      expect((await get(n2, p)).body).toMatchObject({
        content: "v1",
        cache: "miss",
        shared: true,
        storedIn: expect.stringContaining("WSO2_SHARED_DB"),
      });
      expect((await get(n2, p)).body).toMatchObject({ content: "v1", cache: "hit" });
      const written = await put(n1, p, "v2");
      expect(written.body).toMatchObject({ invalidatedCluster: true });
      await waitFor(
        "node2 to read the new value",
        async () => ((await get(n2, p)).body as { content?: string }).content === "v2",
        5000,
      );
      // The local registry is per node, never shared (facts §7).
      expect((await put(n1, "/_system/local/lab/mine", "only-node1")).status).toBe(200);
      expect((await get(n2, "/_system/local/lab/mine")).status).toBe(404);
    });

    it("clustering off: the other node keeps serving its cached (stale) copy until the TTL expires", async () => {
      const at = freshSubnet();
      const httpPort = randomPort();
      const standalone = (n: number, ttl: string) =>
        startNode({
          name: `solo${n}`,
          host: at(n),
          httpPort,
          config: makeCarbonConfig({
            ...sharedDbParts(),
            clustering: { enabled: false, scheme: null },
            ports: { http: httpPort },
          }),
          extraArgs: ["--registry-cache-ttl", ttl],
        });
      const [n1, n2, n3] = [standalone(1, "600"), standalone(2, "600"), standalone(3, "2")];
      await Promise.all([n1, n2, n3].map((n) => waitFor(`${n.name} up`, async () => (await n.cluster()) ?? undefined)));
      const p = "/_system/governance/lab/off";
      await put(n1, p, "v1");
      expect((await get(n2, p)).body).toMatchObject({ content: "v1", cache: "miss" });
      expect((await get(n3, p)).body).toMatchObject({ content: "v1", cache: "miss" });
      expect((await put(n1, p, "v2")).body).toMatchObject({ invalidatedCluster: false });
      await sleep(2500);
      expect((await get(n1, p)).body).toMatchObject({ content: "v2" });
      // The stale read WSO2 warns about when nodes are not clustered:
      expect((await get(n2, p)).body).toMatchObject({ content: "v1", cache: "hit" });
      // ...bounded by the cache TTL (2 s on solo3).
      expect((await get(n3, p)).body).toMatchObject({ content: "v2", cache: "miss" });
    });

    it("counter: read-then-write loses updates under concurrency; a row-locking transaction does not", async () => {
      const at = freshSubnet();
      const memberPort = randomPort();
      const httpPort = randomPort();
      const wka = [at(1)];
      const start = (n: number) =>
        startNode({
          name: `node${n}`,
          host: at(n),
          httpPort,
          fullConfig: nodeConfig({ host: at(n), memberPort, httpPort, wka, overrides: sharedDbParts() }),
        });
      const nodes = [start(1), start(2)];
      await waitForMembers(nodes, ["node1", "node2"]);
      const perNode = 20;
      async function hammer(name: string, tx: boolean): Promise<number> {
        const q = `/api/counter?name=${name}${tx ? "&tx=1" : ""}`;
        const results = await Promise.all(
          nodes.flatMap((n) => Array.from({ length: perNode }, () => httpJson(n.url(q), { method: "POST" }))),
        );
        expect(results.every((r) => r.status === 200)).toBe(true);
        const final = await httpJson(nodes[0]!.url(`/api/counter?name=${name}`));
        expect(final.body).toMatchObject({ datasource: expect.stringContaining("WSO2_SHARED_DB") });
        return (final.body as { value: number }).value;
      }
      const lost = await hammer(`lost${Date.now() % 1e6}`, false);
      expect(lost).toBeLessThan(2 * perNode);
      expect(lost).toBeGreaterThan(0);
      expect(await hammer(`safe${Date.now() % 1e6}`, true)).toBe(2 * perNode);
    });
  },
);
