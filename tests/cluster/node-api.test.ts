import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { makeCarbonConfig } from "@/lib/carbon-node/config-factory";
import {
  freshSubnet,
  httpJson,
  nodeConfig,
  randomPort,
  scratchDir,
  startNode,
  stopAll,
  waitFor,
  waitForMembers,
  removeScratch,
} from "./harness";

afterEach(stopAll);
afterAll(removeScratch);

describe("training node: replicated map, sessions, standalone mode, refusing bad config", () => {
  it("the replicated map reaches every member and a joining member receives the state", async () => {
    const at = freshSubnet();
    const memberPort = randomPort();
    const httpPort = randomPort();
    const wka = [at(1), at(2)];
    const start = (n: number) =>
      startNode({
        name: `node${n}`,
        host: at(n),
        httpPort,
        fullConfig: nodeConfig({ host: at(n), memberPort, httpPort, wka }),
      });
    const n1 = start(1);
    await waitForMembers([n1], ["node1"]);
    const n2 = start(2);
    await waitForMembers([n1, n2], ["node1", "node2"]);
    const put = await httpJson(n1.url("/api/replicated/greeting"), {
      method: "PUT",
      body: JSON.stringify({ value: { text: "hello" } }),
    });
    expect(put.status).toBe(200);
    await waitFor(
      "node2 to see the put",
      async () => (await httpJson(n2.url("/api/replicated/greeting"))).status === 200,
    );
    expect((await httpJson(n2.url("/api/replicated/greeting"))).body).toMatchObject({
      key: "greeting",
      value: { text: "hello" },
      node: "node2",
    });
    const n3 = start(3);
    await waitForMembers([n1, n2, n3], ["node1", "node2", "node3"]);
    // State transfer on join: node3 was not running when the value was written.
    expect((await httpJson(n3.url("/api/replicated/greeting"))).body).toMatchObject({
      value: { text: "hello" },
      node: "node3",
    });
    const bad = await httpJson(n1.url("/api/replicated/bad%20key"), { method: "PUT", body: "{}" });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: expect.stringMatching(/key/) });
  });

  it("sessions live in one node's memory: the cookie counts on that node and is unknown elsewhere", async () => {
    const at = freshSubnet();
    const memberPort = randomPort();
    const httpPort = randomPort();
    const wka = [at(1)];
    const n1 = startNode({
      name: "node1",
      host: at(1),
      httpPort,
      fullConfig: nodeConfig({ host: at(1), memberPort, httpPort, wka }),
    });
    const n2 = startNode({
      name: "node2",
      host: at(2),
      httpPort,
      fullConfig: nodeConfig({ host: at(2), memberPort, httpPort, wka }),
    });
    await waitForMembers([n1, n2], ["node1", "node2"]);
    const first = await httpJson(n1.url("/api/session"));
    const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect(cookie).toMatch(/^JSESSIONID=[0-9A-F]{32}$/);
    const again = await httpJson(n1.url("/api/session"), { headers: { cookie } });
    expect(again.body).toMatchObject({ count: 2, isNew: false, node: "node1" });
    const elsewhere = await httpJson(n2.url("/api/session"), { headers: { cookie } });
    expect(elsewhere.body).toMatchObject({ count: 1, isNew: true, node: "node2" });
    expect(elsewhere.headers.get("x-carbon-node")).toBe("node2");
  });

  it("clustering disabled: the node runs standalone and says so", async () => {
    const at = freshSubnet();
    const httpPort = randomPort();
    const n = startNode({
      name: "solo",
      host: at(1),
      httpPort,
      config: makeCarbonConfig({ clustering: { enabled: false, scheme: null }, ports: { http: httpPort } }),
    });
    await waitFor("solo to answer", async () => (await n.cluster()) ?? undefined);
    const view = await n.cluster();
    expect(view).toMatchObject({
      clusteringEnabled: false,
      scheme: null,
      coordinator: null,
      joined: false,
      members: [{ name: "solo" }],
    });
    expect(n.hasLog(/Clustering has been disabled/)).toBe(true);
    expect(n.hasLog(/Using \w+ based membership/)).toBe(false);
    const health = await httpJson(n.url("/carbon/health"));
    expect(health.body).toMatchObject({ status: "UP", node: "solo" });
    expect((await httpJson(n.url("/nope"))).status).toBe(404);
  });

  it("a config with error diagnostics is refused with exit 78 naming file, line and key", async () => {
    const at = freshSubnet();
    const n = startNode({
      name: "broken",
      host: at(1),
      httpPort: randomPort(),
      config: makeCarbonConfig({
        diagnostics: [
          {
            severity: "error",
            code: "toml-syntax",
            file: "repository/conf/deployment.toml",
            line: 12,
            column: 3,
            key: "clustering.members",
            message: "expected a string",
          },
          {
            severity: "warning",
            code: "wka-too-few-members",
            file: "repository/conf/deployment.toml",
            line: 14,
            column: 1,
            message: "one WKA member",
          },
        ],
      }),
    });
    expect(await n.exited).toBe(78);
    const err = n.stderr.join("\n");
    expect(err).toContain("repository/conf/deployment.toml:12:3 [clustering.members] error: expected a string");
    expect(err).not.toContain("wka-too-few-members");
    expect(n.lines.some((l) => /HTTP port/.test(l))).toBe(false);
  });

  it("an unsupported membership scheme is refused with exit 78", async () => {
    const at = freshSubnet();
    const n = startNode({
      name: "bad",
      host: at(1),
      httpPort: randomPort(),
      config: makeCarbonConfig({ clustering: { scheme: "zookeeper" } }),
    });
    expect(await n.exited).toBe(78);
    expect(n.stderr.join("\n")).toContain(
      "Invalid membership scheme 'zookeeper'. Supported schemes are multicast, wka & aws",
    );
  });

  it("a missing Carbon home is refused with exit 78", async () => {
    const at = freshSubnet();
    const missing = path.join(scratchDir("home-"), "nope");
    const n = startNode({ name: "nohome", host: at(1), httpPort: randomPort(), carbonHome: missing });
    expect(await n.exited).toBe(78);
    expect(n.stderr.join("\n")).toMatch(/nope/);
  });
});
