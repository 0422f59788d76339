/** The course's diagrams, each a hand-laid-out spec for GraphDiagram. Facts in labels follow wso2-clustering-facts.md. */
import type { ReactNode } from "react";
import { GraphDiagram, type Box, type DiagramSpec, type Edge } from "./graph";

function nodeRow(count: number, y: number, width: number, label = "Node", sub?: (i: number) => string): Box[] {
  const w = 120;
  const gap = (width - count * w) / (count + 1);
  return Array.from({ length: count }, (_, i) => ({
    id: `n${i + 1}`,
    x: gap + i * (w + gap),
    y,
    w,
    label: `${label} ${i + 1}`,
    sub: sub?.(i),
  }));
}

export function ClusterDiagram({ nodes = 3 }: { nodes?: number }): ReactNode {
  const count = Math.min(Math.max(nodes, 2), 4);
  const spec: DiagramSpec = {
    title: "A cluster acts as one product instance",
    description: `Clients send requests to one address. Behind it, ${count} instances of the same product share the work and appear to the client as a single server.`,
    width: 640,
    height: 250,
    groups: [{ x: 20, y: 95, w: 600, h: 140, label: "Cluster (one logical server)" }],
    boxes: [{ id: "c", x: 260, y: 10, label: "Clients", kind: "client" }, ...nodeRow(count, 150, 640, "Instance")],
    edges: Array.from({ length: count }, (_, i) => ({ from: "c", to: `n${i + 1}` })),
  };
  return <GraphDiagram spec={spec} />;
}

export function LoadBalancerDiagram({ failed }: { failed?: number }): ReactNode {
  const nodes = nodeRow(3, 180, 640, "Node").map((n, i) =>
    failed === i + 1 ? { ...n, tone: "failed" as const, sub: "down" } : n,
  );
  const spec: DiagramSpec = {
    title: failed ? "Load balancer failing over" : "Load balancer in front of a cluster",
    description: failed
      ? `The load balancer's health checks mark node ${failed} as down and it sends new requests only to the remaining nodes.`
      : "Every request reaches the load balancer first; it picks a node according to its policy (round robin, least connections, hash of the client address).",
    width: 640,
    height: 250,
    boxes: [
      { id: "c", x: 260, y: 10, label: "Clients", kind: "client" },
      { id: "lb", x: 245, y: 95, w: 150, label: "Load balancer", sub: "e.g. nginx", kind: "lb" },
      ...nodes,
    ],
    edges: [{ from: "c", to: "lb" }, ...nodes.map((n) => ({ from: "lb", to: n.id, dashed: n.tone === "failed" }))],
  };
  return <GraphDiagram spec={spec} />;
}

export function WkaJoinDiagram(): ReactNode {
  const spec: DiagramSpec = {
    title: "Joining a cluster through Well-Known Address members",
    description:
      "A new member contacts a well-known member over TCP on its cluster port (4000 by default), receives the current member list, then connects to every member. Two WKA members mean one can be down and new members can still join.",
    width: 660,
    height: 300,
    boxes: [
      { id: "new", x: 20, y: 110, w: 140, label: "New member", sub: "node 3", tone: "accent" },
      { id: "w1", x: 270, y: 30, w: 150, label: "WKA member 1", sub: "10.0.0.1:4000" },
      { id: "w2", x: 270, y: 210, w: 150, label: "WKA member 2", sub: "10.0.0.2:4000" },
      { id: "m", x: 510, y: 160, w: 130, label: "Other members", sub: "joined earlier" },
    ],
    edges: [
      { from: "new", to: "w1", both: true, label: "1. join → 2. member list" },
      { from: "new", to: "m", label: "3. connect to all", dashed: true, labelDy: 16 },
      { from: "w1", to: "w2", both: true, label: "heartbeats", labelDy: -40 },
      { from: "w2", to: "m", both: true },
    ],
  };
  return <GraphDiagram spec={spec} />;
}

export function MulticastDiagram(): ReactNode {
  const spec: DiagramSpec = {
    title: "Multicast membership discovery",
    description:
      "Every node sends and listens on one multicast group and port (mcastPort 45564 in Carbon's axis2.xml). Nodes find each other without a fixed list, but only inside one subnet where multicast is allowed; cloud networks such as Amazon EC2 block it.",
    width: 640,
    height: 260,
    groups: [{ x: 15, y: 10, w: 610, h: 240, label: "One subnet, multicast allowed" }],
    boxes: [
      {
        id: "g",
        x: 230,
        y: 40,
        w: 180,
        label: "Multicast group",
        sub: "group address : 45564",
        kind: "service",
        tone: "accent",
      },
      ...nodeRow(4, 180, 640, "Node"),
    ],
    edges: [1, 2, 3, 4].map((i) => ({ from: `n${i}`, to: "g", both: true })),
  };
  return <GraphDiagram spec={spec} />;
}

export function IndependentNodesDiagram(): ReactNode {
  const spec: DiagramSpec = {
    title: "Pattern 1: independent nodes",
    description:
      "A load balancer spreads requests over nodes that share nothing: each keeps its own local state, so any node can serve a stateless request and a node failure loses only what that node held.",
    width: 640,
    height: 280,
    boxes: [
      { id: "lb", x: 245, y: 15, w: 150, label: "Load balancer", kind: "lb" },
      ...nodeRow(3, 110, 640, "Node"),
      ...nodeRow(3, 210, 640, "Local store").map((b, i) => ({ ...b, id: `s${i + 1}`, kind: "db" as const, h: 56 })),
    ],
    edges: [
      { from: "lb", to: "n1" },
      { from: "lb", to: "n2" },
      { from: "lb", to: "n3" },
      { from: "n1", to: "s1" },
      { from: "n2", to: "s2" },
      { from: "n3", to: "s3" },
    ],
  };
  return <GraphDiagram spec={spec} />;
}

export function SharedDatabaseDiagram(): ReactNode {
  const spec: DiagramSpec = {
    title: "Pattern 2: shared database",
    description:
      "Stateless nodes behind a load balancer keep all application state in one shared database. Each node may cache reads; a cache that is not invalidated after another node's write returns stale data. The database is the scaling limit.",
    width: 640,
    height: 290,
    boxes: [
      { id: "lb", x: 245, y: 15, w: 150, label: "Load balancer", kind: "lb" },
      ...nodeRow(3, 110, 640, "Node", () => "local read cache"),
      { id: "db", x: 240, y: 220, w: 160, h: 60, label: "Shared database", sub: "transactional writes", kind: "db" },
    ],
    edges: [
      { from: "lb", to: "n1" },
      { from: "lb", to: "n2" },
      { from: "lb", to: "n3" },
      { from: "n1", to: "db", both: true },
      { from: "n2", to: "db", both: true },
      { from: "n3", to: "db", both: true },
    ],
  };
  return <GraphDiagram spec={spec} />;
}

export function StickySessionsDiagram(): ReactNode {
  const spec: DiagramSpec = {
    title: "Pattern 3: sticky sessions",
    description:
      "The load balancer remembers which node holds each session (for example by the JSESSIONID cookie or a hash of the client IP) and sends that session's requests to the same node. Session data lives in node memory; persistent data goes to a shared database. If node 1 fails, session A is lost.",
    width: 640,
    height: 330,
    boxes: [
      { id: "a", x: 120, y: 10, label: "Client A", kind: "client" },
      { id: "b", x: 400, y: 10, label: "Client B", kind: "client" },
      { id: "lb", x: 245, y: 100, w: 150, label: "Load balancer", sub: "session affinity", kind: "lb" },
      { id: "n1", x: 90, y: 190, w: 150, label: "Node 1", sub: "session A in memory" },
      { id: "n2", x: 400, y: 190, w: 150, label: "Node 2", sub: "session B in memory" },
      { id: "db", x: 250, y: 265, w: 140, h: 58, label: "Shared DB", sub: "persistent data", kind: "db" },
    ],
    edges: [
      { from: "a", to: "lb", label: "A" },
      { from: "b", to: "lb", label: "B" },
      { from: "lb", to: "n1", label: "always A" },
      { from: "lb", to: "n2", label: "always B" },
      { from: "n1", to: "db" },
      { from: "n2", to: "db" },
    ],
  };
  return <GraphDiagram spec={spec} />;
}

export function FullReplicationDiagram(): ReactNode {
  const spec: DiagramSpec = {
    title: "Pattern 4: full replication by group communication",
    description:
      "A change made on one node is sent through group communication (Hazelcast in Carbon 4.2.0 and later, Apache Tribes before) to every current member, so every node holds the same state and any node can serve any request.",
    width: 640,
    height: 300,
    boxes: [
      { id: "lb", x: 245, y: 10, w: 150, label: "Load balancer", kind: "lb" },
      { id: "n1", x: 60, y: 120, w: 140, label: "Node 1", sub: "state copy" },
      { id: "n2", x: 440, y: 120, w: 140, label: "Node 2", sub: "state copy" },
      { id: "n3", x: 250, y: 230, w: 140, label: "Node 3", sub: "state copy" },
    ],
    edges: [
      { from: "lb", to: "n1" },
      { from: "lb", to: "n2" },
      { from: "n1", to: "n2", both: true, label: "Hazelcast" },
      { from: "n1", to: "n3", both: true },
      { from: "n2", to: "n3", both: true },
    ],
  };
  return <GraphDiagram spec={spec} />;
}

export function IsDeploymentDiagram({ pattern = 1 }: { pattern?: 1 | 2 }): ReactNode {
  const withAnalytics = pattern === 2;
  const boxes: Box[] = [
    { id: "lb", x: 90, y: 20, w: 170, label: "nginx", sub: "sticky (ip_hash), 443", kind: "lb" },
    { id: "is1", x: 10, y: 130, w: 130, label: "IS node 1", sub: "9443, cluster 4000" },
    { id: "is2", x: 210, y: 130, w: 130, label: "IS node 2", sub: "9443, cluster 4000" },
    { id: "db", x: 20, y: 240, w: 160, h: 60, label: "Shared DBs", sub: "identity, user, registry", kind: "db" },
    { id: "fs", x: 210, y: 245, w: 130, h: 50, label: "Shared files", sub: "userstores, tenants", kind: "fs" },
  ];
  const edges: Edge[] = [
    { from: "lb", to: "is1" },
    { from: "lb", to: "is2" },
    { from: "is1", to: "is2", both: true, label: "Hazelcast" },
    { from: "is1", to: "db" },
    { from: "is2", to: "db" },
    { from: "is1", to: "fs", dashed: true },
    { from: "is2", to: "fs", dashed: true },
  ];
  if (withAnalytics) {
    boxes.push(
      { id: "w1", x: 450, y: 60, w: 150, label: "Analytics worker 1", sub: "active, thrift 7612" },
      { id: "w2", x: 450, y: 200, w: 150, label: "Analytics worker 2", sub: "passive, in sync" },
      { id: "dash", x: 620, y: 130, w: 100, label: "Dashboard", kind: "service" },
      // To the right of worker 2, so the worker 1 -> database edge does not run behind worker 2.
      { id: "cdb", x: 620, y: 290, w: 170, h: 56, label: "WSO2_CLUSTER_DB", sub: "coordination", kind: "db" },
    );
    edges.push(
      { from: "is2", to: "w1", label: "events (failover)", labelDy: -10 },
      { from: "is2", to: "w2", dashed: true, label: "if worker 1 fails", labelDy: 14 },
      { from: "w1", to: "w2", both: true, label: "state sync 9894" },
      { from: "w1", to: "cdb", dashed: true },
      { from: "w2", to: "cdb", dashed: true },
      { from: "dash", to: "w1", dashed: true },
    );
  }
  const spec: DiagramSpec = {
    title: withAnalytics ? "Identity Server deployment pattern 2" : "Identity Server deployment pattern 1",
    description: withAnalytics
      ? "Pattern 1 plus a two-node WSO2 IS Analytics cluster: every IS node publishes events over thrift in failover mode (tcp://worker1:7612|tcp://worker2:7612) to the active worker, switching to worker 2 if worker 1 fails; the passive worker keeps its state in sync over the event sync server (9894); both workers coordinate through WSO2_CLUSTER_DB; a dashboard node shows the results. Only node 2's publishing edges are drawn; node 1 publishes the same way."
      : "Two or more IS nodes behind an nginx load balancer with sticky sessions, clustered with Hazelcast (WKA on port 4000) for cache invalidation, sharing the identity, user-store and registry databases and a shared file system for artifacts.",
    width: withAnalytics ? 800 : 350,
    height: withAnalytics ? 360 : 310,
    boxes,
    edges,
  };
  return <GraphDiagram spec={spec} />;
}

export function ApimDeploymentDiagram(): ReactNode {
  // The wiring the apim-distributed lab grades (its solution follows puppet-apim v2.6.0.6 Pattern 3): one arrow per
  // api-manager.xml link, on WSO2's ports; the two Gateways are drawn as one box because every link applies to both.
  const spec: DiagramSpec = {
    title: "API Manager 2.6 distributed deployment",
    description:
      "Five profiles. API consumers call nginx, which spreads calls round robin over the pass-through port 8280 of two Gateways (gateway-worker). The Publisher deploys APIs to each Gateway environment's admin services (9443 /services/) and throttling policies to the Traffic Manager (9443). The Store gets keys and tokens from the Key Manager (9443 /services/). Gateways validate tokens at the Key Manager (APIKeyValidator, 9443 /services/), send request events to the Traffic Manager's binary receiver (9611, auth 9711) and take its throttle decisions over JMS (5672); the Key Manager calls the Gateway's revoke API (RevokeAPIURL, 8243). Publisher and Store use the API-M, user-management and registry databases; the Key Manager uses the API-M and user databases; the Gateways and the Traffic Manager keep their default local databases.",
    width: 750,
    height: 395,
    boxes: [
      { id: "pub", x: 20, y: 20, w: 170, label: "Publisher", sub: "api-publisher · AM, UM, REG" },
      { id: "client", x: 270, y: 20, w: 150, label: "API consumers", kind: "client" },
      { id: "store", x: 470, y: 20, w: 170, label: "Store", sub: "api-store · AM, UM, REG" },
      { id: "lb", x: 270, y: 110, w: 150, label: "nginx (lb)", sub: "8280", kind: "lb" },
      { id: "gw", x: 250, y: 200, w: 150, label: "Gateways gw1, gw2", sub: "gateway-worker" },
      { id: "km", x: 560, y: 200, w: 170, label: "Key Manager", sub: "api-key-manager · AM, UM" },
      { id: "tm", x: 200, y: 330, w: 150, label: "Traffic Manager", sub: "traffic-manager" },
      {
        id: "db",
        x: 500,
        y: 320,
        w: 230,
        h: 64,
        label: "PostgreSQL (db)",
        sub: "WSO2AM_DB, WSO2UM_DB, WSO2REG_DB",
        kind: "db",
      },
    ],
    edges: [
      { from: "client", to: "lb", label: "API calls" },
      { from: "lb", to: "gw", label: "round robin" },
      { from: "pub", to: "gw", label: "publish API 9443", labelDy: -20 },
      { from: "pub", to: "tm", label: "policies 9443", labelDy: 26 },
      { from: "store", to: "km", label: "keys, tokens 9443" },
      { from: "gw", to: "km", label: "validate 9443", offset: -7, labelDy: -14 },
      { from: "km", to: "gw", label: "revoke 8243", offset: -7, labelDy: 24 },
      { from: "gw", to: "tm", label: "events 9611", offset: -7, labelDy: -12 },
      { from: "tm", to: "gw", label: "decisions JMS 5672", offset: -7, labelDy: 16 },
    ],
  };
  return <GraphDiagram spec={spec} />;
}

/**
 * The EI 6.5 clustered deployment the source slide draws (EI650 "Clustered Deployment"): a third-party load balancer in
 * front of two ESB-profile nodes that cluster over WKA, share the registry and user databases, and keep deployed artifacts
 * in step through a shared folder or rsync. Ports and names follow wso2-clustering-facts.md §7–§9.
 */
export function EiDeploymentDiagram(): ReactNode {
  const spec: DiagramSpec = {
    title: "Enterprise Integrator 6.5: clustered ESB profile behind a load balancer",
    description:
      "Clients reach a third-party load balancer (nginx) on 80/443, which forwards service traffic round robin to the pass-through ports 8280/8243 of two ESB-profile nodes, and the management console to 9443. Both nodes are WKA members of one Hazelcast cluster, share the registry (WSO2_CONFIG_DB, mounted under /integrator) and user store (WSO2_USER_DB) databases, and keep repository/deployment/server in step through a shared file system (NFS) or rsync. Each node keeps its own local registry.",
    width: 640,
    height: 380,
    groups: [{ x: 110, y: 130, w: 420, h: 110, label: "ESB profile cluster (WKA, every node a well-known member)" }],
    boxes: [
      { id: "c", x: 250, y: 10, w: 140, label: "Clients", kind: "client" },
      {
        id: "lb",
        x: 225,
        y: 70,
        w: 190,
        h: 44,
        label: "Load balancer (nginx)",
        sub: "80/443 → 8280/8243, 9443",
        kind: "lb",
      },
      { id: "n1", x: 130, y: 165, w: 140, label: "ESB node 1", sub: "8280/8243, 9443" },
      { id: "n2", x: 370, y: 165, w: 140, label: "ESB node 2", sub: "8280/8243, 9443" },
      {
        id: "db",
        x: 60,
        y: 290,
        w: 210,
        h: 64,
        label: "Shared databases",
        sub: "WSO2_CONFIG_DB, WSO2_USER_DB",
        kind: "db",
      },
      {
        id: "fs",
        x: 380,
        y: 295,
        w: 220,
        h: 54,
        label: "Shared artifacts",
        sub: "deployment/server: NFS or rsync",
        kind: "fs",
      },
    ],
    edges: [
      { from: "c", to: "lb" },
      { from: "lb", to: "n1", label: "round robin", labelDy: -2 },
      { from: "lb", to: "n2" },
      { from: "n1", to: "n2", both: true, label: "Hazelcast (WKA)" },
      { from: "n1", to: "db", dashed: true },
      { from: "n2", to: "db", dashed: true },
      { from: "n1", to: "fs", dashed: true },
      { from: "n2", to: "fs", dashed: true },
    ],
  };
  return <GraphDiagram spec={spec} />;
}
