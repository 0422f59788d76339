import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { TopologySnapshot } from "@/lib/console/topology-schema";
import { TopologyView } from "./TopologyView";

const snapshot: TopologySnapshot = {
  lab: "sample",
  session: "sample-1234abcd",
  at: new Date(0).toISOString(),
  problem: null,
  servedBy: "node2",
  nodes: [
    { name: "node1", role: "carbon", state: "stopped", view: null, detail: null },
    {
      name: "node2",
      role: "carbon",
      state: "running",
      view: { members: ["node2"], coordinator: "node2", clusteringEnabled: true, joined: true },
      detail: null,
      shares: ["userstores"],
    },
    { name: "lb", role: "nginx", state: "running", view: null, detail: null },
  ],
};

function node(name: string): TopologySnapshot["nodes"][number] {
  return { name, role: "carbon", state: "running", view: null, detail: null };
}

describe("TopologyView", () => {
  const html = renderToStaticMarkup(<TopologyView snapshot={snapshot} />);

  it("draws each node with its state and marks the backend that served the last request", () => {
    expect(html).toContain('data-node="node1" data-state="stopped"');
    expect(html).toContain('data-node="node2" data-state="running"');
    expect(html).toContain('data-edge="balances:lb:node2" data-served="yes"');
    expect(html).toContain('data-edge="balances:lb:node1" data-served="no"');
    // The shared folders a node mounts (its fstab) are drawn under it; node1 mounts none.
    expect(html).toContain('data-shares="userstores"');
    expect(html.match(/data-shares=/g)).toHaveLength(1);
  });

  it("draws a one-way member view dashed with an arrowhead, a mutual one solid, and database links dotted", () => {
    const clustered = renderToStaticMarkup(
      <TopologyView
        snapshot={{
          ...snapshot,
          servedBy: null,
          nodes: [
            {
              ...node("node1"),
              view: {
                members: ["node1", "node2", "node3"],
                coordinator: "node1",
                clusteringEnabled: true,
                joined: true,
              },
            },
            {
              ...node("node2"),
              view: { members: ["node1", "node2"], coordinator: "node1", clusteringEnabled: true, joined: true },
            },
            {
              ...node("node3"),
              view: { members: ["node3"], coordinator: "node3", clusteringEnabled: true, joined: true },
            },
            { name: "db", role: "postgres", state: "running", view: null, detail: null },
          ],
        }}
      />,
    );
    const edge = (key: string) => new RegExp(`<line data-edge="${key}"[^>]*>`).exec(clustered)?.[0] ?? "";
    expect(edge("member:node1:node2")).toMatch(/stroke-width="3"/);
    expect(edge("member:node1:node2")).not.toMatch(/marker-end/);
    expect(edge("member:node1:node3")).toMatch(/stroke-dasharray="6 4".*marker-end="url\(#arrow\)"/);
    expect(edge("database:node1:db")).toMatch(/stroke-dasharray="2 4"/);
    expect(edge("database:node1:db")).not.toMatch(/data-served/);
  });

  it("describes the picture in words for screen readers", () => {
    expect(html).toMatch(
      /<title id="topology-title">Lab topology: node1 \(carbon\) stopped; node2 \(carbon\) sees 1 · coordinator, mounts nfs:\/userstores; lb \(nginx\) running\..*served by node2\.<\/title>/,
    );
    expect(html).toContain('role="img"');
  });

  it("offers the node operations that fit each node's state, only when asked to and the lab is up", () => {
    const withActions = renderToStaticMarkup(
      <TopologyView snapshot={snapshot} nodeActions={{ disabled: false, onAction: () => {} }} />,
    );
    const offered = [...withActions.matchAll(/data-node-action="(\w+)" data-node-target="(\w+)"/g)].map(
      (m) => `${m[2]}:${m[1]}`,
    );
    expect(offered).toEqual([
      "node1:start",
      "node2:stop",
      "node2:kill",
      "node2:pause",
      "lb:stop",
      "lb:kill",
      "lb:pause",
    ]);
    expect(html).not.toContain("data-node-action");
    const notUp = renderToStaticMarkup(
      <TopologyView snapshot={{ ...snapshot, session: null }} nodeActions={{ disabled: false, onAction: () => {} }} />,
    );
    expect(notUp).not.toContain("data-node-action");
  });

  it("says the cluster is still forming while a running node with clustering on has not joined (F5)", () => {
    const joining: TopologySnapshot = {
      ...snapshot,
      nodes: [
        {
          name: "node1",
          role: "carbon",
          state: "running",
          view: { members: [], coordinator: null, clusteringEnabled: true, joined: false },
          detail: null,
        },
      ],
    };
    expect(renderToStaticMarkup(<TopologyView snapshot={joining} />)).toContain(
      "Waiting for node1 to join the cluster",
    );
    expect(html).not.toContain("cluster-forming");
  });
});
