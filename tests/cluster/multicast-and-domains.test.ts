import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  freshSubnet,
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

afterEach(stopAll);
afterAll(removeScratch);

/** Multicast on the loopback interface: group 228.x, TTL 0, every node on its own 127.a.b.n. */
function multicastNode(
  at: (n: number) => string,
  n: number,
  opts: { mcastPort: number; httpPort: number; memberPort: number; domain?: string; name?: string },
): NodeProcess {
  return startNode({
    name: opts.name ?? `node${n}`,
    host: at(n),
    httpPort: opts.httpPort,
    fullConfig: nodeConfig({
      host: at(n),
      memberPort: opts.memberPort,
      httpPort: opts.httpPort,
      wka: [],
      overrides: {
        clustering: {
          scheme: "multicast",
          domain: opts.domain ?? "wso2.carbon.domain",
          multicast: { address: "228.0.0.4", port: opts.mcastPort, ttl: 0, timeout: 2 },
        },
      },
    }),
  });
}

describe("multicast membership and cluster domains", () => {
  it("three multicast nodes started together converge on one cluster", async () => {
    const at = freshSubnet();
    const p = { mcastPort: randomPort(), httpPort: randomPort(), memberPort: randomPort() };
    const nodes = [1, 2, 3].map((n) => multicastNode(at, n, p));
    const views = await waitForMembers(nodes, ["node1", "node2", "node3"], 30_000);
    expect(new Set(views.map((v) => v.coordinator?.uuid)).size).toBe(1);
    expect(views.every((v) => v.scheme === "multicast")).toBe(true);
    for (const n of nodes) expect(n.hasLog(/Using multicast based membership management scheme/)).toBe(true);
  });

  it("different domains on the same multicast group stay separate clusters", async () => {
    const at = freshSubnet();
    const p = { mcastPort: randomPort(), httpPort: randomPort(), memberPort: randomPort() };
    const a1 = multicastNode(at, 1, { ...p, domain: "wso2.is.domain", name: "a1" });
    const a2 = multicastNode(at, 2, { ...p, domain: "wso2.is.domain", name: "a2" });
    const b1 = multicastNode(at, 3, { ...p, domain: "wso2.am.domain", name: "b1" });
    await waitForMembers([a1, a2], ["a1", "a2"], 30_000);
    await waitForMembers([b1], ["b1"], 30_000);
    await sleep(3000); // several beacon rounds: nothing crosses the domain boundary
    await waitForMembers([a1, a2], ["a1", "a2"], 1000);
    await waitForMembers([b1], ["b1"], 1000);
    expect(b1.hasLog(/Ignoring multicast members of cluster domain 'wso2\.is\.domain'/)).toBe(true);
  });

  it("WKA: a member of another domain is refused by the well-known member and never joins", async () => {
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
    await waitForMembers([n1], ["node1"]);
    const foreign = startNode({
      name: "foreign",
      host: at(2),
      httpPort,
      fullConfig: nodeConfig({
        host: at(2),
        memberPort,
        httpPort,
        wka,
        overrides: { clustering: { domain: "other.domain" } },
      }),
    });
    await waitFor("node1 to refuse the foreign join", () =>
      n1.hasLog(/Ignoring join request from \/\S+: it belongs to cluster domain 'other\.domain'/),
    );
    await sleep(2000);
    expect((await foreign.cluster())?.joined).toBe(false);
    expect((await n1.cluster())?.members.map((m) => m.name)).toEqual(["node1"]);
  });
});
