import { describe, expect, it } from "vitest";
import { describeNode, layoutTopology } from "./topology-layout";
import type { TopologyNode, TopologySnapshot } from "./topology-schema";

function carbon(name: string, members: Array<string> | null, state: TopologyNode["state"] = "running"): TopologyNode {
  return {
    name,
    role: "carbon",
    state,
    view: members
      ? { members, coordinator: members[0] ?? null, clusteringEnabled: true, joined: members.length > 0 }
      : null,
    detail: null,
  };
}

function snapshot(nodes: Array<TopologyNode>, servedBy: string | null = null): TopologySnapshot {
  return { lab: "t", session: "t-1", nodes, servedBy, at: new Date(0).toISOString(), problem: null };
}

describe("layoutTopology", () => {
  it("draws one solid edge per mutual membership and a dashed one-way edge otherwise", () => {
    const layout = layoutTopology(
      snapshot([
        carbon("node1", ["node1", "node2", "node3"]),
        carbon("node2", ["node1", "node2"]),
        carbon("node3", ["node3"]),
      ]),
    );
    const members = layout.edges.filter((e) => e.kind === "member");
    expect(members).toEqual([
      { kind: "member", from: "node1", to: "node2", mutual: true },
      { kind: "member", from: "node1", to: "node3", mutual: false },
    ]);
  });

  it("marks the backend that served the last request and places LB, nodes and DB in rows", () => {
    const lb: TopologyNode = { name: "lb", role: "nginx", state: "running", view: null, detail: null };
    const db: TopologyNode = { name: "db", role: "postgres", state: "running", view: null, detail: null };
    const layout = layoutTopology(snapshot([carbon("node1", null), carbon("node2", null), lb, db], "node2"));
    const balances = layout.edges.filter((e) => e.kind === "balances");
    expect(balances).toEqual([
      { kind: "balances", from: "lb", to: "node1", served: false },
      { kind: "balances", from: "lb", to: "node2", served: true },
    ]);
    expect(layout.edges.filter((e) => e.kind === "database")).toHaveLength(2);
    const y = (n: string) => layout.nodes.find((p) => p.name === n)?.y ?? -1;
    expect(y("lb")).toBeLessThan(y("node1"));
    expect(y("node1")).toBeLessThan(y("db"));
  });

  it("puts four Carbon nodes round an ellipse so no two membership edges lie on one line", () => {
    const names = ["node1", "node2", "node3", "node4"];
    const layout = layoutTopology(snapshot(names.map((n) => carbon(n, names))));
    expect(layout.edges.filter((e) => e.kind === "member")).toHaveLength(6);
    const points = layout.nodes.map((n) => [n.x, n.y] as const);
    for (let a = 0; a < points.length; a++)
      for (let b = a + 1; b < points.length; b++)
        for (let c = b + 1; c < points.length; c++) {
          const [p, q, r] = [points[a], points[b], points[c]] as const;
          if (!p || !q || !r) continue;
          const cross = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);
          expect(Math.abs(cross), `nodes ${a}, ${b}, ${c} are collinear`).toBeGreaterThan(1000);
        }
  });

  it("draws no membership for a stopped node and says what state it is in", () => {
    const layout = layoutTopology(snapshot([carbon("node1", ["node1", "node2"]), carbon("node2", null, "stopped")]));
    expect(layout.edges).toEqual([{ kind: "member", from: "node1", to: "node2", mutual: false }]);
    expect(describeNode(carbon("node2", null, "stopped"))).toBe("stopped");
    expect(describeNode(carbon("node2", null, "paused"))).toMatch(/paused/);
    expect(describeNode(carbon("node2", null, "unreachable"))).toMatch(/cut off/);
    expect(describeNode(carbon("node1", ["node1", "node2"]))).toBe("sees 2 · coordinator");
  });
});
