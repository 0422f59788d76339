/**
 * Where each node and edge of the topology picture goes: load balancers on top, Carbon nodes in the middle
 * row, databases at the bottom. Pure, so the picture's meaning (who sees whom, who served the last request)
 * is unit-tested without a browser.
 */
import type { TopologyNode, TopologySnapshot } from "./topology-schema";

export const VIEW_WIDTH = 720;
export const VIEW_HEIGHT = 440;

export type PlacedNode = TopologyNode & { x: number; y: number };

export type Edge =
  /** `from` lists `to` as a member; `mutual` when `to` lists `from` too (drawn once, solid). */
  | { kind: "member"; from: string; to: string; mutual: boolean }
  /** Load balancer to a backend; `served` marks the node that answered the last request. */
  | { kind: "balances"; from: string; to: string; served: boolean }
  | { kind: "database"; from: string; to: string };

export type Layout = { nodes: Array<PlacedNode>; edges: Array<Edge> };

export function layoutTopology(snapshot: TopologySnapshot): Layout {
  const rows: Array<Array<TopologyNode>> = [
    snapshot.nodes.filter((n) => n.role === "nginx"),
    snapshot.nodes.filter((n) => n.role === "carbon"),
    snapshot.nodes.filter((n) => n.role === "postgres" || n.role === "mariadb"),
  ];
  const ys = [50, 220, 400];
  const nodes: Array<PlacedNode> = [];
  rows.forEach((row, r) => {
    // Three or more Carbon nodes go round an ellipse: on one line a full mesh would draw its edges on top of each other.
    if (r === 1 && row.length >= 3) {
      row.forEach((node, i) => {
        const angle = Math.PI + (i * 2 * Math.PI) / row.length;
        nodes.push({
          ...node,
          x: Math.round(VIEW_WIDTH / 2 + 250 * Math.cos(angle)),
          y: Math.round((ys[1] ?? 0) + 95 * Math.sin(angle)),
        });
      });
      return;
    }
    row.forEach((node, i) =>
      nodes.push({ ...node, x: Math.round(((i + 1) * VIEW_WIDTH) / (row.length + 1)), y: ys[r] ?? 0 }),
    );
  });

  const edges: Array<Edge> = [];
  const carbon = rows[1] ?? [];
  const sees = (a: TopologyNode, b: string) => (a.view?.joined ?? false) && (a.view?.members.includes(b) ?? false);
  for (const a of carbon) {
    for (const b of carbon) {
      if (a.name === b.name || !sees(a, b.name)) continue;
      const mutual = sees(b, a.name);
      // A mutual pair is one edge (from the first in order); a one-way view is its own dashed edge.
      if (mutual && a.name > b.name) continue;
      edges.push({ kind: "member", from: a.name, to: b.name, mutual });
    }
  }
  for (const lb of rows[0] ?? [])
    for (const c of carbon)
      edges.push({ kind: "balances", from: lb.name, to: c.name, served: snapshot.servedBy === c.name });
  for (const c of carbon) for (const db of rows[2] ?? []) edges.push({ kind: "database", from: c.name, to: db.name });
  return { nodes, edges };
}

/** The words under a node: what the learner should notice first. */
export function describeNode(node: TopologyNode): string {
  switch (node.state) {
    case "not-started":
      return "not started";
    case "stopped":
      return "stopped";
    case "missing":
      return "removed";
    case "paused":
      return "paused (frozen)";
    case "unreachable":
      return "not answering (cut off?)";
    case "running":
      if (node.role !== "carbon" || !node.view) return "running";
      if (!node.view.clusteringEnabled) return "clustering off";
      if (!node.view.joined) return "not joined";
      return `sees ${node.view.members.length}${node.view.coordinator === node.name ? " · coordinator" : ""}`;
  }
}
