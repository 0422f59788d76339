/**
 * What a learner may do to one node of a running lab (`clusterlab lab node <operation>`, the console's node
 * buttons), and which of them make sense in each state. Plain data with no server imports: the browser uses it too.
 */
export const NODE_OPERATIONS = ["stop", "start", "kill", "pause", "resume"] as const;
export type NodeOperation = (typeof NODE_OPERATIONS)[number];

/** Runtime states, plus the console's `unreachable` (running but not answering) and `not-started`. */
export type NodeStateForActions = "running" | "paused" | "stopped" | "missing" | "not-started" | "unreachable";

/** The operations offered for a node in `state`; a gone or never-started node offers none (`lab down` + `up`). */
export function nodeOperationsFor(state: NodeStateForActions): ReadonlyArray<NodeOperation> {
  switch (state) {
    case "running":
    case "unreachable":
      return ["stop", "kill", "pause"];
    case "paused":
      return ["resume", "stop", "kill"];
    case "stopped":
      return ["start"];
    case "missing":
    case "not-started":
      return [];
  }
}
