/**
 * What a lab's checks see: the running cluster (for probes and fault drills), the workspace, and small
 * helpers so a check names nodes and container ports, never host ports (those differ on every `up`).
 */
import {
  defineCheck,
  httpProbe,
  type CheckDefinition,
  type HttpProbeOptions,
  type HttpProbeResult,
} from "@/lib/grading";
import type { StartedCluster } from "@/lib/runtime/types";
import type { LabNode } from "./schema";

export type LabCheckContext = {
  lab: string;
  /** Absolute path of the learner's workspace (one folder per node). */
  workspace: string;
  nodes: ReadonlyArray<LabNode>;
  /** The running cluster: endpoints, logs and the fault operations (stop, kill, pause, disconnect, partition). */
  cluster: StartedCluster;
  /** Aborts when the check's deadline passes or grading is cancelled: pass it to every wait. */
  signal: AbortSignal;
  /** `http://host:port` where the host reaches `node`'s container `port` (default: the node's first declared port). */
  url(node: string, port?: number): string;
  /** One HTTP request to `node` (path on its first declared port unless `port` is given), answered as data. */
  http(node: string, path: string, options?: HttpProbeOptions & { port?: number }): Promise<HttpProbeResult>;
  /** The node's last log lines, split, for evidence. */
  logTail(node: string, lines?: number): Promise<Array<string>>;
  /** Run a command inside `node` (e.g. psql in the database node), answered as exit code and output. */
  exec: StartedCluster["exec"];
};

/** Declare a check of a lab (`defineCheck<LabCheckContext>` without the type argument). */
export function defineLabCheck(check: CheckDefinition<LabCheckContext>): CheckDefinition<LabCheckContext> {
  return defineCheck<LabCheckContext>(check);
}

export function createLabCheckContext(input: {
  lab: string;
  workspace: string;
  nodes: ReadonlyArray<LabNode>;
  cluster: StartedCluster;
  signal: AbortSignal;
}): LabCheckContext {
  const { cluster, nodes, signal } = input;
  function url(node: string, port?: number): string {
    const declared = nodes.find((n) => n.name === node);
    if (!declared) throw new Error(`this lab has no node "${node}" (it has ${nodes.map((n) => n.name).join(", ")})`);
    const containerPort = port ?? declared.ports[0];
    if (containerPort === undefined) throw new Error(`node "${node}" publishes no port`);
    const endpoint = cluster.endpoint(node, containerPort);
    return `http://${endpoint.host}:${endpoint.port}`;
  }
  return {
    lab: input.lab,
    workspace: input.workspace,
    nodes,
    cluster,
    signal,
    url,
    http(node, path, options = {}) {
      const { port, ...rest } = options;
      return httpProbe(`${url(node, port)}${path}`, { ...rest, signal: rest.signal ?? signal });
    },
    exec: (node, argv, options) => cluster.exec(node, argv, options),
    async logTail(node, lines = 20) {
      const text = await cluster.logs(node, { tail: lines });
      return text.split("\n").filter((line) => line.trim() !== "");
    },
  };
}
