/**
 * Cluster-view probe: what one training node believes about its cluster (`GET /carbon/cluster`), parsed
 * with zod so a node that answers something else is reported as such, never trusted. Graders compare
 * the views of every node: "every node sees the same members" is the heart of the membership labs.
 */
import { z } from "zod";
import { apiMemberSchema, clusterViewSchema } from "@/lib/carbon-node/api-contract";
import { httpProbe } from "./http";

// The schema is the training node's own API contract: what the node is type-checked to send.
export { clusterViewSchema };
export type ViewMember = z.infer<typeof apiMemberSchema>;
export type ClusterView = z.infer<typeof clusterViewSchema>;

export type NodeView = { node: string; view: ClusterView } | { node: string; error: string };

/** One node's view; a node that does not answer (killed, paused, crashed) comes back as `{ error }`. */
export async function readClusterView(node: string, baseUrl: string, signal?: AbortSignal): Promise<NodeView> {
  const res = await httpProbe(`${baseUrl}/carbon/cluster`, { signal, timeoutMs: 3_000 });
  if (!res.ok) return { node, error: res.error };
  if (res.status !== 200) return { node, error: `HTTP ${res.status} on /carbon/cluster` };
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    return { node, error: "answered /carbon/cluster with something that is not JSON (is it a training node?)" };
  }
  const parsed = clusterViewSchema.safeParse(body);
  return parsed.success
    ? { node, view: parsed.data }
    : { node, error: "answered /carbon/cluster in an unexpected shape (is it a training node?)" };
}

/** Member names a node sees, sorted: the comparable core of a view. */
export function memberNames(view: ClusterView): Array<string> {
  return view.members.map((m) => m.name).sort();
}

/** `node2 sees [node1, node2, node3] (coordinator node1)` or `node2: connection refused`. */
export function describeView(v: NodeView): string {
  if ("error" in v) return `${v.node}: ${v.error}`;
  if (!v.view.clusteringEnabled) return `${v.node}: clustering disabled (standalone)`;
  if (!v.view.joined) return `${v.node}: not joined to any cluster`;
  return `${v.node} sees [${memberNames(v.view).join(", ")}] (coordinator ${v.view.coordinator?.name ?? "none"})`;
}

/**
 * True when every node answered, is joined, and sees exactly `expected` (by node name). This is the
 * agreement condition: one domain, one member list, no split brain.
 */
export function viewsAgree(views: ReadonlyArray<NodeView>, expected: ReadonlyArray<string>): boolean {
  const want = [...expected].sort().join(",");
  return views.every((v) => "view" in v && v.view.joined && memberNames(v.view).join(",") === want);
}
