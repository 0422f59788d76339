/**
 * What a node runs as a local process: the node's own `command` when it has one, else its role's program
 * (lib/roles/<role>.ts `program`). Node files are re-rooted under the node's root folder, so the same
 * topology works here and in Docker.
 */
import { ROLES } from "@/lib/roles";
import type { NodePlace, Program, ProgramOptions } from "./program-kit";

export { childEnv, DEFAULT_NGINX, hostPathIn, type NodePlace, type Program, type ProgramOptions } from "./program-kit";

/** Prepare (first start only where relevant) and describe the program of a node. */
export async function programFor(place: NodePlace, options: ProgramOptions): Promise<Program> {
  const { spec, address, root } = place;
  const env = {
    ...spec.env,
    CLUSTERLAB_NODE_NAME: spec.name,
    CLUSTERLAB_NODE_ADDRESS: address,
    CLUSTERLAB_NODE_ROOT: root,
  };
  if (spec.command) {
    const [command, ...args] = spec.command;
    return { command: command ?? "true", args, env };
  }
  return ROLES[spec.role].program(place, env, options);
}
