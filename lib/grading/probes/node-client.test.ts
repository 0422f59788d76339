import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeClient } from "./node-client";

/** A stand-in training node on 127.0.0.1 that records each request and answers from a table. */
const requests: Array<{ method: string; url: string; body: string; cookie?: string; type?: string }> = [];
let server: http.Server;
let port = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      requests.push({
        method: req.method ?? "",
        url: req.url ?? "",
        body,
        cookie: req.headers.cookie,
        type: req.headers["content-type"],
      });
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(typeof value === "string" ? value : JSON.stringify(value));
      };
      if (req.url === "/api/registry/_system/governance/a" && req.method === "GET")
        return send(200, {
          path: "/_system/governance/a",
          content: "v1",
          storedIn: "WSO2_SHARED_DB",
          shared: true,
          cache: "miss",
          node: "node2",
        });
      if (req.url === "/api/registry/_system/governance/a" && req.method === "PUT")
        return send(200, {
          path: "/_system/governance/a",
          storedIn: "WSO2_SHARED_DB",
          invalidatedCluster: true,
          node: "node1",
        });
      if (req.url?.startsWith("/api/counter"))
        return send(200, {
          name: "c",
          value: 3,
          tx: req.method === "POST" ? true : null,
          datasource: "WSO2_SHARED_DB (postgresql db:5432/shared_db)",
          node: "node1",
        });
      if (req.url === "/api/replicated/odd") return send(200, "not json");
      send(404, { error: `no ${req.url}`, node: "node1" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const ctx = { url: () => `http://127.0.0.1:${port}`, signal: new AbortController().signal };

describe("nodeClient", () => {
  it("reads and writes the registry with typed answers", async () => {
    const client = nodeClient(ctx, "node1");
    const read = await client.registry.get("/_system/governance/a");
    expect(read.ok && read.value).toMatchObject({ content: "v1", storedIn: "WSO2_SHARED_DB", shared: true });
    const put = await client.registry.put("/_system/governance/a", "v2");
    expect(put.ok && put.value.invalidatedCluster).toBe(true);
    expect(requests.at(-1)).toMatchObject({
      method: "PUT",
      body: JSON.stringify({ content: "v2" }),
      type: "application/json",
    });
  });

  it("a 404 is an answer with its status, not an exception", async () => {
    const read = await nodeClient(ctx, "node2").registry.get("/_system/local/x");
    expect(read).toMatchObject({ ok: false, status: 404, said: expect.stringMatching(/^node2: HTTP 404/) });
  });

  it("counter: POST with tx and ds as query parameters, GET without a body", async () => {
    const client = nodeClient(ctx, "node1");
    const inc = await client.counter.increment("race", { tx: true, ds: "identity_db" });
    expect(inc.ok && inc.value.value).toBe(3);
    expect(requests.at(-1)).toMatchObject({
      method: "POST",
      url: "/api/counter?name=race&ds=identity_db&tx=1",
      body: "",
    });
    await client.counter.read("race");
    expect(requests.at(-1)).toMatchObject({ method: "GET", url: "/api/counter?name=race" });
  });

  it("per-call headers (a cookie through a sticky load balancer) are sent", async () => {
    await nodeClient(ctx, "lb", { headers: () => ({ cookie: "route=node2" }) }).counter.read("x");
    expect(requests.at(-1)?.cookie).toBe("route=node2");
  });

  it("a body of the wrong shape and a refused connection are said in words", async () => {
    expect(await nodeClient(ctx, "node1").replicated.get("odd")).toMatchObject({
      ok: false,
      status: 200,
      said: expect.stringContaining("unexpected body"),
    });
    // A port that was just free: nothing listens there.
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const freePort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const closed = { url: () => `http://127.0.0.1:${freePort}`, signal: new AbortController().signal };
    expect(await nodeClient(closed, "node3").replicated.get("k")).toMatchObject({
      ok: false,
      status: null,
      said: expect.stringMatching(/^node3: connection refused/),
    });
  });
});
