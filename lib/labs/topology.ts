/**
 * Lab definition + workspace -> the runtime's topology. Each node's workspace folder is copied into the
 * node's home for its role (lib/roles/<role>.ts `home`: a Carbon home, /etc/nginx, the database init folder), read at
 * `up` time so the cluster runs exactly the files that were linted.
 */
import path from "node:path";
import { ROLES } from "@/lib/roles";
import type { NodeSpecInput, RuntimeTopologyInput, WaitStrategy } from "@/lib/runtime/types";
import { formatDiagnostic } from "./lint";
import { FSTAB_FILE, readNodeFstab } from "./fstab";
import type { LabDefinition, LabNode } from "./schema";
import { readNodeFolder } from "./workspace";

/** Readiness when a lab declares none: the role's (lib/roles/<role>.ts `readiness`) on the node's ports. */
export function defaultReadiness(node: LabNode): WaitStrategy {
  return ROLES[node.role].readiness(node.ports);
}

/** The role's own command (the stand-ins run one program of the training-node bundle), when the lab names none. */
function roleCommand(node: LabNode): { command?: Array<string> } {
  const command = ROLES[node.role].command;
  return command ? { command: command(node.ports) } : {};
}

/** The node's fstab as mounts. The static checks report fstab errors before `up`; reaching one here is a caller's bug. */
function nodeMounts(lab: LabDefinition, node: LabNode, workspace: string): NonNullable<NodeSpecInput["mounts"]> {
  const { mounts, diagnostics } = readNodeFstab(workspace, node, lab.topology.shares);
  if (diagnostics.length > 0)
    throw new Error(
      `The workspace's fstab has errors (run the static checks first):\n${diagnostics.map((d) => `  ${formatDiagnostic(d)}`).join("\n")}`,
    );
  return mounts;
}

export function buildTopology(input: {
  lab: LabDefinition;
  workspace: string;
  session: string;
  ttlMs?: number;
}): RuntimeTopologyInput {
  const nodes: Array<NodeSpecInput> = input.lab.topology.nodes.map((node) => ({
    name: node.name,
    role: node.role,
    ...(node.image ? { image: node.image } : {}),
    ...(node.command ? { command: node.command } : roleCommand(node)),
    ...(node.serviceAliases.length > 0 ? { serviceAliases: node.serviceAliases } : {}),
    // The fstab is the lab engine's (it becomes the node's mounts), not a file of the node's home.
    files: readNodeFolder(input.workspace, node.config)
      .filter((file) => file.relative !== FSTAB_FILE)
      .map((file) => ({
        path: path.posix.join(ROLES[node.role].home, file.relative),
        content: new Uint8Array(file.content),
      }))
      .concat(
        node.files.map((file) => ({
          path: file.path,
          content: new TextEncoder().encode(file.content),
          ...(file.mode === undefined ? {} : { mode: file.mode }),
        })),
      ),
    mounts: nodeMounts(input.lab, node, input.workspace),
    // The role's environment first (the training node's name and home), the lab's own on top.
    env: { ...ROLES[node.role].nodeEnv(node), ...node.env },
    ports: node.ports,
    stage: node.stage,
    startsAfter: ROLES[node.role].startsAfter,
    wait: node.ready ?? defaultReadiness(node),
    ...(node.readyTimeoutMs ? { readyTimeoutMs: node.readyTimeoutMs } : {}),
    ...(node.memoryMb ? { memoryMb: node.memoryMb } : {}),
    ...(node.segment ? { segment: node.segment } : {}),
  }));
  return { lab: input.lab.id, session: input.session, nodes, ...(input.ttlMs ? { ttlMs: input.ttlMs } : {}) };
}
