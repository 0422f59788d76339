/** The topology snapshot shape, shared by the server (topology-snapshot.ts) and the page (zod only: safe to bundle for the browser). */
import { z } from "zod";
import { NODE_ROLES } from "@/lib/roles/names";

export const topologyNodeSchema = z.object({
  name: z.string(),
  // lib/roles/names.ts has no imports, so the page can bundle it.
  role: z.enum(NODE_ROLES),
  /** Runtime state; `unreachable` = running but not answering (e.g. cut off from the network by a drill). */
  state: z.enum(["running", "paused", "stopped", "missing", "not-started", "unreachable"]),
  /** Carbon nodes that answered: the members they see (names), their coordinator, whether clustering is on. */
  view: z
    .object({
      members: z.array(z.string()),
      coordinator: z.string().nullable(),
      clusteringEnabled: z.boolean(),
      joined: z.boolean(),
    })
    .nullable(),
  detail: z.string().nullable(),
  /** Shares of the lab's file server mounted into the node (its fstab), e.g. ["userstores"]. */
  shares: z.array(z.string()).optional(),
});
export type TopologyNode = z.infer<typeof topologyNodeSchema>;

export const topologySnapshotSchema = z.object({
  lab: z.string(),
  session: z.string().nullable(),
  nodes: z.array(topologyNodeSchema),
  /** The node named in X-Carbon-Node of the last request sent through the load balancer (kept when the LB stops answering). */
  servedBy: z.string().nullable(),
  at: z.string(),
  /** Why the picture is empty or partial (Docker down, ...), in words for the learner. */
  problem: z.string().nullable(),
});
export type TopologySnapshot = z.infer<typeof topologySnapshotSchema>;
