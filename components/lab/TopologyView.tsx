/**
 * The live topology picture: load balancer, Carbon nodes and database as an SVG; membership edges as each
 * node sees them (solid = both see each other, dashed arrow = one-way view); the backend that answered the
 * last request through the load balancer highlighted; stopped, paused and cut-off nodes drawn differently.
 */
import {
  describeNode,
  layoutTopology,
  VIEW_HEIGHT,
  VIEW_WIDTH,
  type Edge,
  type PlacedNode,
} from "@/lib/console/topology-layout";
import type { TopologySnapshot } from "@/lib/console/topology-schema";
import { nodeOperationsFor, type NodeOperation } from "@/lib/labs/node-operations";

const STATE_FILL: Record<PlacedNode["state"], string> = {
  running: "#dafbe1",
  paused: "#fff8c5",
  stopped: "#ffebe9",
  missing: "#ffebe9",
  unreachable: "#fbefff",
  "not-started": "#f6f8fa",
};

function summary(snapshot: TopologySnapshot, edges: Array<Edge>): string {
  const parts = snapshot.nodes.map(
    (n) =>
      `${n.name} (${n.role}) ${describeNode(n)}${n.shares?.length ? `, mounts ${n.shares.map((s) => `nfs:/${s}`).join(" and ")}` : ""}`,
  );
  const member = edges.filter((e) => e.kind === "member").length;
  return `Lab topology: ${parts.join("; ")}. ${member} membership link${member === 1 ? "" : "s"}.${snapshot.servedBy ? ` Last request through the load balancer served by ${snapshot.servedBy}.` : ""}`;
}

/** The point `distance` from `to` on the way to `from`. */
function towards(
  to: { x: number; y: number },
  from: { x: number; y: number },
  distance: number,
): { x: number; y: number } {
  const dx = from.x - to.x;
  const dy = from.y - to.y;
  const length = Math.hypot(dx, dy) || 1;
  return { x: Math.round(to.x + (dx * distance) / length), y: Math.round(to.y + (dy * distance) / length) };
}

const OPERATION_LABEL: Record<NodeOperation, string> = {
  stop: "Stop",
  start: "Start",
  kill: "Kill",
  pause: "Pause",
  resume: "Resume",
};
const OPERATION_HELP: Record<NodeOperation, string> = {
  stop: "Graceful stop (SIGTERM): the node says goodbye to the cluster",
  start: "Start the node again and wait until it answers",
  kill: "SIGKILL: the node vanishes without a goodbye, as a crash",
  pause: "Freeze the node: it stays up but answers nothing, as a long GC pause",
  resume: "Unfreeze a paused node",
};

/** Buttons under the picture to act on one node (`clusterlab lab node <operation> <lab> <node>`); absent when the lab is not up. */
export type NodeActions = { disabled: boolean; onAction: (node: string, operation: NodeOperation) => void };

/** Running Carbon nodes with clustering on that have not joined yet: right after `up` this is normal for a few seconds (walkthrough F5). */
function forming(snapshot: TopologySnapshot): Array<string> {
  return snapshot.nodes
    .filter((n) => n.role === "carbon" && n.state === "running" && n.view?.clusteringEnabled && !n.view.joined)
    .map((n) => n.name);
}

export function TopologyView({ snapshot, nodeActions }: { snapshot: TopologySnapshot; nodeActions?: NodeActions }) {
  const { nodes, edges } = layoutTopology(snapshot);
  const joining = forming(snapshot);
  const at = new Map(nodes.map((n) => [n.name, n]));
  const label = summary(snapshot, edges);
  return (
    <figure className="topology" data-testid="topology">
      <svg viewBox={`0 0 ${VIEW_WIDTH} ${VIEW_HEIGHT}`} role="img" aria-labelledby="topology-title" width="100%">
        <title id="topology-title">{label}</title>
        <defs>
          <marker
            id="arrow"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#57606a" />
          </marker>
        </defs>
        {edges.map((e) => {
          const a = at.get(e.from);
          const b = at.get(e.to);
          if (!a || !b) return null;
          const key = `${e.kind}:${e.from}:${e.to}`;
          // One line per edge; the kind decides its end and look.
          const look =
            e.kind === "member"
              ? {
                  // A one-way view ends at the circle's rim, so its arrowhead (who is seen) stays visible.
                  end: e.mutual ? b : towards(b, a, 38),
                  stroke: "#0b5cad",
                  strokeWidth: e.mutual ? 3 : 2,
                  strokeDasharray: e.mutual ? undefined : "6 4",
                  markerEnd: e.mutual ? undefined : "url(#arrow)",
                }
              : e.kind === "balances"
                ? { end: b, stroke: e.served ? "#1a7f37" : "#8c959f", strokeWidth: e.served ? 5 : 1.5 }
                : { end: b, stroke: "#8c959f", strokeWidth: 1.5, strokeDasharray: "2 4" };
          const { end, ...stroke } = look;
          return (
            <line
              key={key}
              data-edge={key}
              data-served={e.kind === "balances" ? (e.served ? "yes" : "no") : undefined}
              x1={a.x}
              y1={a.y}
              x2={end.x}
              y2={end.y}
              {...stroke}
            />
          );
        })}
        {nodes.map((n) => (
          <g key={n.name} data-node={n.name} data-state={n.state} transform={`translate(${n.x}, ${n.y})`}>
            {n.role === "carbon" ? (
              <circle
                r={34}
                fill={STATE_FILL[n.state]}
                stroke={snapshot.servedBy === n.name ? "#1a7f37" : "#424a53"}
                strokeWidth={snapshot.servedBy === n.name ? 4 : 2}
                strokeDasharray={n.state === "running" ? undefined : "5 3"}
              />
            ) : (
              <rect
                x={-48}
                y={-24}
                width={96}
                height={48}
                rx={n.role === "nginx" ? 8 : 20}
                fill={STATE_FILL[n.state]}
                stroke="#424a53"
                strokeWidth={2}
                strokeDasharray={n.state === "running" ? undefined : "5 3"}
              />
            )}
            {n.view?.coordinator === n.name ? (
              <text y={-40} textAnchor="middle" fontSize={12} fill="#1b1f24">
                ★ coordinator
              </text>
            ) : null}
            <text textAnchor="middle" dy={4} fontSize={14} fontWeight={600} fill="#1b1f24">
              {n.name}
            </text>
            <text textAnchor="middle" y={n.role === "carbon" ? 52 : 42} fontSize={12} fill="#1b1f24">
              {describeNode(n)}
            </text>
            {n.shares?.length ? (
              <text
                data-shares={n.shares.join(",")}
                textAnchor="middle"
                y={n.role === "carbon" ? 66 : 56}
                fontSize={11}
                fill="#57606a"
              >
                nfs: {n.shares.join(", ")}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
      {nodeActions && snapshot.session ? (
        <ul className="node-actions" aria-label="Act on a node">
          {snapshot.nodes.map((n) => (
            <li key={n.name} data-node-controls={n.name}>
              <span className="node-actions-name">{n.name}</span>
              {nodeOperationsFor(n.state).map((operation) => (
                <button
                  key={operation}
                  type="button"
                  className="secondary"
                  data-node-action={operation}
                  data-node-target={n.name}
                  disabled={nodeActions.disabled}
                  title={OPERATION_HELP[operation]}
                  aria-label={`${OPERATION_LABEL[operation]} ${n.name}`}
                  onClick={() => nodeActions.onAction(n.name, operation)}
                >
                  {OPERATION_LABEL[operation]}
                </button>
              ))}
            </li>
          ))}
        </ul>
      ) : null}
      <figcaption className="muted">
        Solid blue: both nodes list each other; dashed arrow: only one side does; thick green: served the last request
        through the load balancer.
        {snapshot.session ? ` Session ${snapshot.session}.` : " The lab is not up."} Updated{" "}
        {new Date(snapshot.at).toLocaleTimeString()}.
        {joining.length > 0 ? (
          <span data-testid="cluster-forming">
            {" "}
            Waiting for {joining.join(", ")} to join the cluster: membership forms a few seconds after the nodes answer.
          </span>
        ) : null}
        {snapshot.problem ? <span className="error"> {snapshot.problem}</span> : null}
      </figcaption>
    </figure>
  );
}
