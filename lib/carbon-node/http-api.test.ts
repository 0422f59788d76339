import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCarbonLogger } from "./carbon-log";
import { startCarbonNode, type RunningNode } from "./carbon-node";
import { makeCarbonConfig } from "./config-factory";

let node: RunningNode;
let base: string;

beforeAll(async () => {
  const port = 20_000 + Math.floor(Math.random() * 30_000);
  node = await startCarbonNode(
    makeCarbonConfig({ clustering: { enabled: false, scheme: null }, ports: { http: port } }),
    { name: "unit-node", bind: "127.0.0.1", registryCacheTtlSeconds: 60, dataDir: null },
    createCarbonLogger(() => undefined),
  );
  base = `http://127.0.0.1:${node.httpPort}`;
});
afterAll(() => node.stop());

async function call(
  p: string,
  init?: RequestInit,
): Promise<{ status: number; body: Record<string, unknown>; node: string | null }> {
  const res = await fetch(`${base}${p}`, init);
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown>,
    node: res.headers.get("x-carbon-node"),
  };
}

describe("HTTP API (standalone node in-process)", () => {
  it("answers health and cluster with X-Carbon-Node", async () => {
    expect(await call("/carbon/health")).toMatchObject({ status: 200, node: "unit-node", body: { status: "UP" } });
    expect(await call("/carbon/cluster")).toMatchObject({
      status: 200,
      body: { clusteringEnabled: false, domain: "wso2.carbon.domain" },
    });
  });

  it("turns bad input into 4xx JSON errors, never a crash", async () => {
    const cases: Array<[string, RequestInit | undefined, number]> = [
      ["/api/registry/no spaces", undefined, 400],
      ["/api/registry/_system/config/a", { method: "PUT", body: "not json" }, 400],
      ["/api/registry/_system/config/a", { method: "PUT", body: JSON.stringify({ content: 5 }) }, 400],
      ["/api/registry/_system/config/a", { method: "DELETE" }, 405],
      ["/api/registry/_system/config/missing", undefined, 404],
      ["/api/replicated/k", { method: "PUT", body: JSON.stringify({}) }, 400],
      ["/api/counter?tx=maybe", { method: "POST" }, 400],
      ["/api/counter?ds=NOPE", { method: "POST" }, 400],
      ["/carbon/logs?tail=-1", undefined, 400],
      ["/api/artifacts/a%20b.xml", undefined, 400],
      ["/api/artifacts/a/b/c/d/e/f.xml", undefined, 400],
      ["/api/artifacts/userstores/A.xml", { method: "PUT", body: JSON.stringify({ text: "x" }) }, 400],
      // Started without a Carbon home: no deployment folder, said so.
      ["/api/artifacts/userstores/A.xml", { method: "PUT", body: JSON.stringify({ content: "x" }) }, 409],
      ["/api/artifacts/userstores/A.xml", { method: "POST" }, 405],
      ["/api/artifacts/userstores/A%E0%A4%A.xml", undefined, 400],
      ["/api/registry/_system/config/%E0%A4%A", undefined, 400],
      ["/api/replicated/%E0%A4%A", undefined, 400],
      ["/elsewhere", undefined, 404],
    ];
    for (const [p, init, status] of cases) {
      const r = await call(p, init);
      expect({ p, status: r.status, node: r.node }).toEqual({ p, status, node: "unit-node" });
      expect(typeof r.body["error"]).toBe("string");
    }
    expect((await call("/carbon/health")).status).toBe(200);
  });

  it("stores registry resources, counts, and serves the log tail", async () => {
    expect(
      await call("/api/registry/_system/config/app/a", { method: "PUT", body: JSON.stringify({ content: "hi" }) }),
    ).toMatchObject({ status: 200 });
    expect(await call("/api/registry/_system/config/app/a")).toMatchObject({
      body: { content: "hi", cache: "hit", shared: false },
    });
    expect(await call("/api/counter?name=u", { method: "POST" })).toMatchObject({ body: { value: 1, tx: false } });
    expect(await call("/api/counter?name=u&tx=1", { method: "POST" })).toMatchObject({ body: { value: 2, tx: true } });
    expect(await call("/api/counter?name=u")).toMatchObject({ body: { value: 2 } });
    const logs = await call("/carbon/logs?tail=5");
    expect(Array.isArray(logs.body["lines"])).toBe(true);
  });
});

describe("HTTP API artifacts (node with a Carbon home)", () => {
  it("deploys into repository/deployment/server, reads files and folders back, and logs the deployment", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-api-home-"));
    const lines: Array<string> = [];
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    const withHome = await startCarbonNode(
      makeCarbonConfig({ clustering: { enabled: false, scheme: null }, ports: { http: port } }),
      { name: "home-node", bind: "127.0.0.1", registryCacheTtlSeconds: 60, dataDir: home },
      createCarbonLogger((line) => lines.push(line)),
    );
    try {
      const at = `http://127.0.0.1:${withHome.httpPort}/api/artifacts`;
      const put = await fetch(`${at}/userstores/SECONDARY.xml`, {
        method: "PUT",
        body: JSON.stringify({ content: "<UserStoreManager/>" }),
      });
      expect(await put.json()).toEqual({ path: "userstores/SECONDARY.xml", bytes: 19, node: "home-node" });
      expect(fs.readFileSync(path.join(home, "repository/deployment/server/userstores/SECONDARY.xml"), "utf8")).toBe(
        "<UserStoreManager/>",
      );
      expect(await (await fetch(`${at}/userstores/SECONDARY.xml`)).json()).toMatchObject({
        kind: "file",
        content: "<UserStoreManager/>",
      });
      expect(await (await fetch(`${at}/userstores/`)).json()).toMatchObject({
        kind: "folder",
        entries: ["SECONDARY.xml"],
      });
      expect((await fetch(`${at}/userstores/OTHER.xml`)).status).toBe(404);
      expect(await (await fetch(`${at}/userstores/SECONDARY.xml`, { method: "DELETE" })).json()).toEqual({
        path: "userstores/SECONDARY.xml",
        removed: true,
        node: "home-node",
      });
      expect((await fetch(`${at}/userstores/SECONDARY.xml`)).status).toBe(404);
      expect(lines.some((l) => l.includes("Undeployed artifact userstores/SECONDARY.xml"))).toBe(true);
      expect(lines.some((l) => l.includes("Deployed artifact userstores/SECONDARY.xml"))).toBe(true);
    } finally {
      await withHome.stop();
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});

describe("HTTP API answers match the API contract the graders parse with", () => {
  it("every 200 and every error body parses with its nodeApi schema", async () => {
    const { nodeApi } = await import("./api-contract");
    const cases: Array<[string, RequestInit | undefined, { parse(v: unknown): unknown }]> = [
      ["/carbon/health", undefined, nodeApi.health],
      ["/carbon/cluster", undefined, nodeApi.cluster],
      ["/carbon/logs?tail=3", undefined, nodeApi.logs],
      ["/api/session", undefined, nodeApi.session],
      [
        "/api/registry/_system/config/contract",
        { method: "PUT", body: JSON.stringify({ content: "c" }) },
        nodeApi.registryWrite,
      ],
      ["/api/registry/_system/config/contract", undefined, nodeApi.registryRead],
      [
        "/api/replicated/contract",
        { method: "PUT", body: JSON.stringify({ value: { a: [1, "b", null] } }) },
        nodeApi.replicatedWrite,
      ],
      ["/api/replicated/contract", undefined, nodeApi.replicatedEntry],
      ["/api/replicated", undefined, nodeApi.replicatedList],
      ["/api/counter?name=contract", { method: "POST" }, nodeApi.counter],
      ["/api/counter?name=contract", undefined, nodeApi.counter],
      ["/api/registry/_system/config/none", undefined, nodeApi.error],
      ["/api/artifacts/userstores/A.xml", undefined, nodeApi.error],
    ];
    for (const [p, init, schema] of cases) {
      const { body } = await call(p, init);
      expect(() => schema.parse(body), p).not.toThrow();
    }
  });
});
