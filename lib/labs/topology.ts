/**
 * Lab definition + workspace -> the runtime's topology. Each node's workspace folder is copied into the
 * node's home for its role (ROLE_HOMES: a Carbon home, /etc/nginx, the database init folder), read at
 * `up` time so the cluster runs exactly the files that were linted.
 */
import path from "node:path";
import { ROLE_HOMES, type NodeSpecInput, type RuntimeTopologyInput, type WaitStrategy } from "@/lib/runtime/types";
import { formatDiagnostic } from "./lint";
import { FSTAB_FILE, readNodeFstab } from "./fstab";
import { DEFAULT_PORTS, type LabDefinition, type LabNode } from "./schema";
import { readNodeFolder } from "./workspace";

/**
 * The stand-in roles run a program of the training-node bundle (ADR 0027); their config files are the
 * node's workspace folder (ec2.json + iam-policy.json, cluster.json + rbac.yaml).
 */
function standInCommand(node: LabNode): { command?: Array<string> } {
  const port = String(node.ports[0] ?? DEFAULT_PORTS[node.role][0] ?? 8080);
  if (node.role === "ec2") return { command: ["stand-in", "ec2", "--config", `${ROLE_HOMES.ec2}/ec2.json`, "--port", port] };
  if (node.role === "kube-apiserver") return { command: ["stand-in", "kube-apiserver", "--config", `${ROLE_HOMES["kube-apiserver"]}/cluster.json`, "--port", port] };
  return {};
}

/** Readiness when a lab declares none: the training node's health endpoint, else the first port accepting connections. */
export function defaultReadiness(node: LabNode): WaitStrategy {
  const port = node.ports[0];
  if (port === undefined) return { kind: "running" };
  if (node.role === "carbon") return { kind: "http", port, path: "/carbon/health", statusMin: 200, statusMax: 200 };
  if (node.role === "ec2" || node.role === "kube-apiserver") return { kind: "http", port, path: "/healthz", statusMin: 200, statusMax: 200 };
  return { kind: "port", port };
}

/** The node's fstab as mounts. The static checks report fstab errors before `up`; reaching one here is a caller's bug. */
function nodeMounts(lab: LabDefinition, node: LabNode, workspace: string): NonNullable<NodeSpecInput["mounts"]> {
  const { mounts, diagnostics } = readNodeFstab(workspace, node, lab.topology.shares);
  if (diagnostics.length > 0) throw new Error(`The workspace's fstab has errors (run the static checks first):\n${diagnostics.map((d) => `  ${formatDiagnostic(d)}`).join("\n")}`);
  return mounts;
}

export function buildTopology(input: { lab: LabDefinition; workspace: string; session: string; ttlMs?: number }): RuntimeTopologyInput {
  const nodes: Array<NodeSpecInput> = input.lab.topology.nodes.map((node) => ({
    name: node.name,
    role: node.role,
    ...(node.image ? { image: node.image } : {}),
    ...(node.command ? { command: node.command } : standInCommand(node)),
    ...(node.serviceAliases.length > 0 ? { serviceAliases: node.serviceAliases } : {}),
    // The fstab is the lab engine's (it becomes the node's mounts), not a file of the node's home.
    files: readNodeFolder(input.workspace, node.config)
      .filter((file) => file.relative !== FSTAB_FILE)
      .map((file) => ({
        path: path.posix.join(ROLE_HOMES[node.role], file.relative),
        content: new Uint8Array(file.content),
      }))
      .concat(node.files.map((file) => ({ path: file.path, content: new TextEncoder().encode(file.content), ...(file.mode === undefined ? {} : { mode: file.mode }) }))),
    mounts: nodeMounts(input.lab, node, input.workspace),
    // The training node takes its name and home from these (same as --name / --carbon-home).
    env: node.role === "carbon" ? { CARBON_NODE_NAME: node.name, CARBON_HOME: ROLE_HOMES.carbon, ...node.env } : node.env,
    ports: node.ports,
    stage: node.stage,
    wait: node.ready ?? defaultReadiness(node),
    ...(node.readyTimeoutMs ? { readyTimeoutMs: node.readyTimeoutMs } : {}),
    ...(node.memoryMb ? { memoryMb: node.memoryMb } : {}),
    ...(node.segment ? { segment: node.segment } : {}),
  }));
  return { lab: input.lab.id, session: input.session, nodes, ...(input.ttlMs ? { ttlMs: input.ttlMs } : {}) };
}
