/**
 * Images on a real engine, with no registry: `buildImages({ offline: true })` builds (or reuses, by input
 * hash) all four images from Debian packages, a second run rebuilds nothing, and one lab topology with
 * every image starts and answers: PostgreSQL and MariaDB run their init SQL, the training node starts,
 * nginx proxies to it by name. The online Dockerfile path is exercised with the cached debootstrap base
 * imported as the FROM image (debian:bookworm-slim itself cannot be pulled here).
 * Slow on first run (debootstrap + apt, several minutes); needs root for debootstrap/chroot.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { getEnv } from "@/lib/env";
import { buildImages } from "@/lib/images/build";
import { CARBON_NODE_BUNDLE } from "@/lib/images/catalog";
import { REPO_ROOT } from "@/lib/images/inputs";
import { importBaseRootfs } from "@/lib/images/offline-build";
import { removeLabelled } from "@/lib/runtime/docker/client";
import { imageLabels } from "@/lib/runtime/docker/import-image";
import { createDockerRuntime } from "@/lib/runtime/docker/runtime";
import { LABEL_IMAGE_HASH, LABEL_SESSION } from "@/lib/runtime/labels";
import { parseEnv } from "@/lib/env";
import { dockerSuiteTitle, probeDocker } from "../helpers/docker";

const probe = await probeDocker();
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const cacheDir = path.join(parseEnv().CLUSTERLAB_DATA_DIR, "images");
const session = `img-${randomUUID().slice(0, 8)}`;

/**
 * The real training-node bundle when it has been built (`npm run build:carbon-node`), else a placeholder
 * that behaves like it at the level this test checks (log line + HTTP on 9763).
 */
function carbonInputs(): { overrides?: Record<string, string> } {
  if (fs.existsSync(path.join(REPO_ROOT, CARBON_NODE_BUNDLE))) return {};
  const placeholder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-img-")), "carbon-node.mjs");
  fs.writeFileSync(
    placeholder,
    `import http from "node:http";
http.createServer((q, r) => r.end("placeholder")).listen(9763, () => console.log("WSO2 Carbon started (placeholder)"));
process.on("SIGTERM", () => process.exit(0));\n`,
  );
  return { overrides: { [CARBON_NODE_BUNDLE]: placeholder } };
}

const title =
  !isRoot && probe.ok ? "images [skipped: the offline build needs root]" : dockerSuiteTitle("images", probe);

describe.skipIf(!probe.ok || !isRoot)(title, () => {
  const conn = probe.ok ? probe.conn : (undefined as never);
  const inputs = carbonInputs();

  const testBase = "clusterlab/test-bookworm-base:local";

  afterAll(async () => {
    if (!probe.ok) return;
    await removeLabelled(conn, { [LABEL_SESSION]: session });
    await conn.docker
      .getImage(testBase)
      .remove()
      .catch(() => undefined);
  });

  it(
    "builds all four images offline (or reuses them by input hash), and a second run builds nothing",
    async () => {
      const lines: Array<string> = [];
      const first = await buildImages(conn, { offline: true, cacheDir, inputs, onEvent: (e) => lines.push(e.kind) });
      expect(first.map((r) => r.image)).toEqual(["carbon-node", "nginx", "postgres", "mariadb"]);
      for (const r of first) {
        expect(r.tag).toBe(`clusterlab/${r.image}:${r.hash}`);
        expect((await imageLabels(conn, r.tag))?.[LABEL_IMAGE_HASH]).toBe(r.hash);
        expect(
          (await imageLabels(conn, `clusterlab/${r.image}:${getEnv().CLUSTERLAB_IMAGE_TAG}`))?.[LABEL_IMAGE_HASH],
        ).toBe(r.hash);
      }
      const second = await buildImages(conn, { offline: true, cacheDir, inputs });
      expect(second.map((r) => r.built)).toEqual([false, false, false, false]);
      expect(second.map((r) => r.hash)).toEqual(first.map((r) => r.hash));
    },
    30 * 60_000,
  );

  it(
    "every image starts in one lab topology: databases run init SQL, nginx proxies to the training node by name",
    async () => {
      const runtime = createDockerRuntime({ conn });
      await using cluster = await runtime.up({
        lab: "imagecheck",
        session,
        nodes: [
          {
            name: "pg",
            role: "postgres",
            ports: [5432],
            env: { POSTGRES_USER: "wso2", POSTGRES_PASSWORD: "pw", POSTGRES_DB: "shared" },
            files: [
              {
                path: "/docker-entrypoint-initdb.d/01-reg.sql",
                content: "CREATE TABLE reg(id int); INSERT INTO reg VALUES (42);",
              },
            ],
            wait: { kind: "port", port: 5432 },
            readyTimeoutMs: 90_000,
          },
          {
            name: "maria",
            role: "mariadb",
            ports: [3306],
            env: {
              MARIADB_ROOT_PASSWORD: "root",
              MARIADB_DATABASE: "shared",
              MARIADB_USER: "wso2",
              MARIADB_PASSWORD: "pw",
            },
            files: [
              {
                path: "/docker-entrypoint-initdb.d/01-reg.sql",
                content: "CREATE TABLE reg(id int); INSERT INTO reg VALUES (43);",
              },
            ],
            wait: { kind: "port", port: 3306 },
            readyTimeoutMs: 120_000,
            memoryMb: 512,
          },
          {
            name: "node1",
            role: "carbon",
            stage: 1,
            ports: [9763],
            files: [
              {
                path: "/opt/clusterlab/carbon/repository/conf/deployment.toml",
                content: '[server]\nhostname = "node1"\n',
              },
            ],
            wait: {
              kind: "all",
              of: [
                { kind: "log", pattern: "WSO2 Carbon started" },
                { kind: "port", port: 9763 },
              ],
            },
            readyTimeoutMs: 60_000,
          },
          {
            name: "lb",
            role: "nginx",
            stage: 2,
            ports: [80],
            files: [
              {
                path: "/etc/nginx/nginx.conf",
                content:
                  "user www-data;\nevents {}\nhttp {\n  upstream carbon { server node1:9763; }\n  server { listen 80; location / { proxy_pass http://carbon; } }\n}\n",
              },
            ],
            wait: { kind: "port", port: 80 },
          },
        ],
      });
      const pg = await import("pg");
      const pgEndpoint = cluster.endpoint("pg", 5432);
      const client = new pg.default.Client({
        host: pgEndpoint.host,
        port: pgEndpoint.port,
        user: "wso2",
        password: "pw",
        database: "shared",
      });
      await client.connect();
      expect((await client.query("select id from reg")).rows).toEqual([{ id: 42 }]);
      await client.end();

      const mysql = await import("mysql2/promise");
      const mariaEndpoint = cluster.endpoint("maria", 3306);
      const maria = await mysql.createConnection({
        host: mariaEndpoint.host,
        port: mariaEndpoint.port,
        user: "wso2",
        password: "pw",
        database: "shared",
      });
      expect((await maria.query("select id from reg"))[0]).toEqual([{ id: 43 }]);
      await maria.end();

      const direct = cluster.endpoint("node1", 9763);
      const viaLb = cluster.endpoint("lb", 80);
      const directStatus = (await fetch(`http://${direct.host}:${direct.port}/`)).status;
      const proxied = await fetch(`http://${viaLb.host}:${viaLb.port}/`);
      expect(proxied.status).toBe(directStatus);
      expect(proxied.status).toBeLessThan(500);

      // Every server runs as its non-root user, with no capability added.
      expect((await cluster.exec("lb", ["id", "-un"])).stdout.trim()).toBe("www-data");
      expect((await cluster.exec("pg", ["id", "-un"])).stdout.trim()).toBe("postgres");
      expect((await cluster.exec("maria", ["id", "-un"])).stdout.trim()).toBe("mysql");
      expect((await cluster.exec("node1", ["id", "-un"])).stdout.trim()).toBe("carbon");
    },
    10 * 60_000,
  );

  it(
    "the online Dockerfile path builds nginx with docker build from a local FROM image (no registry)",
    async () => {
      const base = testBase;
      await importBaseRootfs(conn, base, { cacheDir, mirror: "http://deb.debian.org/debian", onLine: () => {} });
      const result = await buildImages(conn, { only: ["nginx"], force: true, onlineBase: base, cacheDir, inputs });
      expect(result).toHaveLength(1);
      const labels = await imageLabels(conn, result[0]?.tag ?? "");
      expect(labels?.[LABEL_IMAGE_HASH]).toBe(result[0]?.hash);
    },
    15 * 60_000,
  );
});
