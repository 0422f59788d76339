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

type Trio = {
  at: (n: number) => string;
  memberPort: number;
  httpPort: number;
  wka: string[];
  start(n: number, name?: string, hz?: Record<string, string>): NodeProcess;
};

/** Nodes n on 127.a.b.n; members 1 and 2 are the well-known members, as WSO2 recommends at least two. */
function topology(hazelcast: Record<string, string> = {}): Trio {
  const at = freshSubnet();
  const memberPort = randomPort();
  const httpPort = randomPort();
  const wka = [at(1), at(2)];
  return {
    at,
    memberPort,
    httpPort,
    wka,
    start(n, name = `node${n}`, hz = {}) {
      return startNode({
        name,
        host: at(n),
        httpPort,
        fullConfig: nodeConfig({
          host: at(n),
          memberPort,
          httpPort,
          wka,
          overrides: { hazelcast: { ...hazelcast, ...hz } },
        }),
      });
    },
  };
}

async function startJoined(t: Trio, ns: number[]): Promise<NodeProcess[]> {
  const nodes: NodeProcess[] = [];
  for (const n of ns) {
    const node = t.start(n);
    nodes.push(node);
    await waitForMembers(
      nodes,
      nodes.map((x) => x.name),
    );
  }
  return nodes;
}

describe("WKA membership (training nodes as processes)", () => {
  it("three nodes converge on one member list, the oldest is coordinator, with Carbon's log lines", async () => {
    const t = topology();
    const [n1, n2, n3] = [t.start(1), t.start(2), t.start(3)];
    const views = await waitForMembers([n1, n2, n3], ["node1", "node2", "node3"]);
    const coordinators = new Set(views.map((v) => v.coordinator?.uuid));
    expect(coordinators.size).toBe(1);
    // Member order is the master's join order, identical everywhere; the coordinator is its head.
    const orders = new Set(views.map((v) => v.members.map((m) => m.uuid).join(",")));
    expect(orders.size).toBe(1);
    expect(views[0]?.coordinator?.uuid).toBe(views[0]?.members[0]?.uuid);
    const coordinator = [n1, n2, n3].find((n) =>
      n.hasLog(/Elected this member \[[0-9a-f-]+\] as the Coordinator node/),
    );
    expect(coordinator).toBeDefined();
    for (const n of [n1, n2, n3]) {
      expect(
        n.hasLog(
          /INFO \{org\.wso2\.carbon\.core\.clustering\.hazelcast\.HazelcastClusteringAgent\} - {2}Cluster domain: wso2\.carbon\.domain$/,
        ),
      ).toBe(true);
      expect(n.hasLog(/Using wka based membership management scheme/)).toBe(true);
      expect(
        n.hasLog(new RegExp(`Local member: \\[[0-9a-f-]{36}\\] - ${n.host.replace(/\./g, "\\.")}:${t.memberPort}`)),
      ).toBe(true);
      expect(n.hasLog(/Cluster initialization completed/)).toBe(true);
    }
    const n3uuid = views[2]?.localMember.uuid ?? "";
    expect(
      n1.hasLog(new RegExp(`Member joined \\[${n3uuid}\\]: /${t.at(3).replace(/\./g, "\\.")}:${t.memberPort}`)),
    ).toBe(true);
    const res = await fetch(n2.url("/carbon/cluster"));
    expect(res.headers.get("x-carbon-node")).toBe("node2");
  });

  it("WKA members started together agree on the oldest instead of each waiting max.wait.seconds.before.join", async () => {
    // With 60 s before a lone well-known member starts its own cluster, only the tie-break explains convergence within 30 s.
    const t = topology({ "hazelcast.max.wait.seconds.before.join": "60" });
    const [n1, n2, n3] = [t.start(1), t.start(2), t.start(3)];
    const views = await waitForMembers([n1, n2, n3], ["node1", "node2", "node3"], 30_000);
    expect(new Set(views.map((v) => v.coordinator?.uuid)).size).toBe(1);
    expect([n1, n2, n3].filter((n) => n.hasLog(/Elected this member/))).toHaveLength(1);
  });

  it("kill -9: the member stays listed until max-no-heartbeat passes, then is removed", async () => {
    const t = topology();
    const [n1, n2, n3] = await startJoined(t, [1, 2, 3]);
    const victim = (await n3!.cluster())!.localMember;
    n3!.signal("SIGKILL");
    await n3!.exited;
    await sleep(1500); // max-no-heartbeat is 4 s: a dead member must not vanish on a closed socket alone
    for (const n of [n1!, n2!]) expect((await n.cluster())?.members.map((m) => m.name)).toContain("node3");
    await waitForMembers([n1!, n2!], ["node1", "node2"], 15_000);
    expect(
      n1!.hasLog(new RegExp(`Member left \\[${victim.uuid}\\]: /${victim.host.replace(/\./g, "\\.")}:${victim.port}`)),
    ).toBe(true);
  });

  it("a graceful stop (SIGTERM) is announced at once, long before max-no-heartbeat", async () => {
    const t = topology({ "hazelcast.max.no.heartbeat.seconds": "120" });
    const [n1, n2, n3, n4] = await startJoined(t, [1, 2, 3, 4]);
    // A plain member leaving...
    n4!.signal("SIGTERM");
    expect(await n4!.exited).toBe(0);
    await waitForMembers([n1!, n2!, n3!], ["node1", "node2", "node3"], 10_000);
    // ...and the coordinator leaving.
    n1!.signal("SIGTERM");
    expect(await n1!.exited).toBe(0);
    // Within 10 s although the configured max-no-heartbeat is 120 s: only an announcement explains it.
    const views = await waitForMembers([n2!, n3!], ["node2", "node3"], 10_000);
    expect(n2!.hasLog(/WKA member \/\S+ left cluster\./)).toBe(true);
    // The oldest survivor takes over as coordinator.
    expect(views[0]?.coordinator?.name).toBe("node2");
    expect(n2!.hasLog(/Elected this member \[[0-9a-f-]+\] as the Coordinator node/)).toBe(true);
  });

  it("with one of two WKA members stopped, a fourth member still joins", async () => {
    const t = topology();
    const [n1, n2, n3] = await startJoined(t, [1, 2, 3]);
    n1!.signal("SIGTERM");
    await n1!.exited;
    await waitForMembers([n2!, n3!], ["node2", "node3"]);
    const n4 = t.start(4);
    await waitForMembers([n2!, n3!, n4], ["node2", "node3", "node4"]);
  });

  it("with every WKA member down a fourth member cannot join; it joins once one WKA member returns", async () => {
    const t = topology();
    const [n1, n2, n3] = await startJoined(t, [1, 2, 3]);
    n1!.signal("SIGTERM");
    n2!.signal("SIGTERM");
    await Promise.all([n1!.exited, n2!.exited]);
    await waitForMembers([n3!], ["node3"]);
    const n4 = t.start(4);
    await waitFor("node4 to report that no WKA member is reachable", () =>
      n4.hasLog(/A new member cannot join while every WKA member is down/),
    );
    await sleep(3000);
    const lonely = await n4.cluster();
    expect(lonely?.joined).toBe(false);
    expect(lonely?.members.map((m) => m.name)).toEqual(["node4"]);
    expect((await n3!.cluster())?.members.map((m) => m.name)).toEqual(["node3"]);
    // node1 comes back (a new process, new uuid, same address): node3 has kept retrying it, node4 joins through it.
    const back = t.start(1, "node1");
    await waitForMembers([back, n3!, n4], ["node1", "node3", "node4"], 30_000);
  });
});
