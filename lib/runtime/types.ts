/**
 * The ClusterRuntime contract: what the lab engine (lib/labs) asks of a runtime, independent of
 * whether nodes are Docker containers (docker/) or local processes (process/).
 *
 * Stability: other modules build on this file. Add fields and members; do not rename or remove them.
 *
 * Everything a caller passes in is plain data validated with zod (`runtimeTopologySchema`), so a
 * topology can come from a lab definition, a JSON file or a test without trusting its shape.
 */
import { z } from "zod";
import { getEnv } from "@/lib/env";
import { NODE_ROLES, type NodeRole } from "@/lib/roles/names";
import { ROLE_HOMES, ROLES } from "@/lib/roles";
import { RuntimeError } from "./errors";

/** What software a node runs: the role registry (lib/roles) decides its image, program, home, ports and readiness. */
export { NODE_ROLES, type NodeRole };
/** Stand-ins for cloud APIs (ADR 0027): programs of the training-node bundle, run from the carbon-node image. */
export const STAND_IN_ROLES = ["ec2", "kube-apiserver"] as const satisfies ReadonlyArray<NodeRole>;

export const RUNTIME_KINDS = ["docker", "process"] as const;
export type RuntimeKind = (typeof RUNTIME_KINDS)[number];

/** Where each role keeps its files inside a node (lib/roles/<role>.ts `home`); kept here for existing importers. */
export { ROLE_HOMES };

// ---------------------------------------------------------------------------------------------
// Readiness

/**
 * How to know a node is ready. Data, not code, so labs can declare it and the runtime can run it from
 * the host against the node's published endpoints. Strategies compose with `all`.
 * Every wait has a deadline (`NodeSpec.readyTimeoutMs`) and honours the `up` AbortSignal; none sleeps a fixed time.
 */
export type WaitStrategy =
  /** A TCP connect to this container port succeeds. */
  | { kind: "port"; port: number }
  /** An HTTP GET on this container port answers with a status in [statusMin, statusMax] (default 200-399). */
  | { kind: "http"; port: number; path: string; statusMin?: number; statusMax?: number }
  /** The node's combined stdout/stderr contains a line matching this regular expression (source text). */
  | { kind: "log"; pattern: string }
  /** Every strategy succeeds (checked in order; each gets the time left). */
  | { kind: "all"; of: Array<WaitStrategy> }
  /** Ready as soon as the process/container is running. */
  | { kind: "running" };

const port = z.number().int().min(1).max(65535);

export const waitStrategySchema: z.ZodType<WaitStrategy> = z.lazy(() =>
  z.union([
    z.object({ kind: z.literal("port"), port }),
    z.object({
      kind: z.literal("http"),
      port,
      path: z.string().startsWith("/"),
      statusMin: z.number().int().min(100).max(599).optional(),
      statusMax: z.number().int().min(100).max(599).optional(),
    }),
    z.object({
      kind: z.literal("log"),
      pattern: z.string().min(1).refine(isValidRegExp, "must be a valid regular expression"),
    }),
    z.object({ kind: z.literal("all"), of: z.array(waitStrategySchema).min(1) }),
    z.object({ kind: z.literal("running") }),
  ]),
);

function isValidRegExp(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Topology (input of `up`)

/** A file put into a node before it starts: read-only for the node (never a writable bind mount). */
export const nodeFileSchema = z.union([
  z.object({
    /** Absolute path inside the node, e.g. `/opt/clusterlab/carbon/repository/conf/deployment.toml`. */
    path: z.string().startsWith("/"),
    content: z.union([z.string(), z.instanceof(Uint8Array)]),
    mode: z.number().int().min(0).max(0o7777).optional(),
  }),
  z.object({
    path: z.string().startsWith("/"),
    /** A file on the host whose content is copied in at `up`. */
    hostPath: z.string().min(1),
    mode: z.number().int().min(0).max(0o7777).optional(),
  }),
]);
export type NodeFile = z.infer<typeof nodeFileSchema>;

/** A network segment's name (NodeSpec.segment): part of a Docker network name. */
export const segmentNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9]{0,7}$/, "must be 1-8 lowercase letters or digits, starting with a letter");

/** A shared volume's name: part of a Docker volume name and of a folder name. */
export const shareNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,30}$/, "share names are 1-31 lowercase letters, digits or '-', starting with a letter");

/**
 * A folder of the node backed by a volume every node mounting the same share sees (the lab's NFS):
 * what one node writes there, the others read. Writable unless readOnly.
 */
export const nodeMountSchema = z.object({
  share: shareNameSchema,
  /** Absolute path inside the node, e.g. `/opt/clusterlab/carbon/repository/deployment/server/userstores`. */
  path: z
    .string()
    .startsWith("/")
    .refine(
      (p) => !p.split("/").includes("..") && p.replace(/\/+$/, "") !== "",
      "must be an absolute folder path without '..' (and not /)",
    ),
  readOnly: z.boolean().default(false),
});
export type NodeMount = z.infer<typeof nodeMountSchema>;

/** DNS-label-like: used in container names, network aliases and file names. */
const nodeName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,30}$/, "must be 1-31 lowercase letters, digits or '-', starting with a letter");

export const nodeSpecSchema = z.object({
  name: nodeName,
  role: z.enum(NODE_ROLES),
  /** Docker image; default `clusterlab/<role>:<CLUSTERLAB_IMAGE_TAG>` (`clusterlab/carbon-node:latest` for carbon by default). Ignored by process/. */
  image: z.string().min(1).optional(),
  /** Override the image's command (docker) or the role's program arguments (process). Mostly for tests. */
  command: z.array(z.string()).min(1).optional(),
  files: z.array(nodeFileSchema).default([]),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).default({}),
  /** Container ports the host must reach (published on 127.0.0.1 by docker/; the node's own address in process/). */
  ports: z.array(port).default([]),
  /** Start order: every node of stage N is ready (or started, see startsAfter) before stage N+1 starts (databases 0, nodes 1, load balancers 2). */
  stage: z.number().int().min(0).max(9).default(0),
  /**
   * What this node's stage waits for in the stages before it: `ready` (every earlier node ready: a node that
   * connects to a database at start) or `started` (every earlier node started: a load balancer only resolves
   * its upstreams' names, which works once their containers run). A stage uses `started` only if all its nodes do.
   */
  startsAfter: z.enum(["ready", "started"]).default("ready"),
  wait: waitStrategySchema.default({ kind: "running" }),
  readyTimeoutMs: z
    .number()
    .int()
    .min(100)
    .max(30 * 60_000)
    .default(120_000),
  /** Extra names peers can use for this node on the lab network (its own name always works). */
  aliases: z.array(nodeName).default([]),
  /**
   * DNS names this node SHARES with other nodes (docker/ only): Docker's DNS answers such a name with the
   * address of every running holder, which is what a Kubernetes headless service's name does for its pods.
   */
  serviceAliases: z
    .array(z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, "must be a DNS name"))
    .default([]),
  /**
   * docker/ only: also put the node on its own segment network (one per segment name) and make that its
   * default route. Multicast follows the default route, so nodes of different segments never hear each
   * other's multicast, while unicast to every node still works over the lab network: the EC2-like
   * "networks multicast cannot cross" of the multicast lab. Nodes without a segment are on the lab network only.
   */
  segment: segmentNameSchema.optional(),
  /** Shared folders (the lab's network file system): one volume per share name and session, mounted into every node that names it. */
  mounts: z
    .array(nodeMountSchema)
    .default([])
    .refine((mounts) => {
      // One mount per folder and none inside another: a nested mount would put one share's folder inside another share.
      const paths = mounts.map((m) => `${m.path.replace(/\/+$/, "")}/`);
      return paths.every((a, i) => paths.every((b, j) => i === j || !a.startsWith(b)));
    }, "two mounts on one folder, or one mount inside another"),
  /** Resource limits (docker/); defaults suit the training node. */
  memoryMb: z.number().int().min(16).max(16_384).default(512),
  pidsLimit: z.number().int().min(16).max(4096).default(256),
});
export type NodeSpec = z.infer<typeof nodeSpecSchema>;
export type NodeSpecInput = z.input<typeof nodeSpecSchema>;

/** Lab id and session id: lowercase so they fit Docker names and label values. */
const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/, "must be 1-48 lowercase letters, digits or '-'");

export const runtimeTopologySchema = z
  .object({
    lab: idSchema,
    /** Unique per `up`; `newSessionId(lab)` makes one. */
    session: idSchema,
    nodes: z.array(nodeSpecSchema).min(1).max(16),
    /** After this long the reaper removes the session even if its owner is alive. */
    ttlMs: z
      .number()
      .int()
      .min(1000)
      .default(4 * 60 * 60_000),
  })
  .superRefine((topology, ctx) => {
    const seen = new Set<string>();
    for (const node of topology.nodes) {
      for (const name of [node.name, ...node.aliases]) {
        if (seen.has(name))
          ctx.addIssue({ code: "custom", message: `name or alias "${name}" is used twice`, path: ["nodes"] });
        seen.add(name);
      }
    }
    for (const node of topology.nodes) {
      for (const name of node.serviceAliases) {
        if (seen.has(name))
          ctx.addIssue({
            code: "custom",
            message: `service alias "${name}" is also a node's own name or alias`,
            path: ["nodes"],
          });
      }
    }
  });
export type RuntimeTopology = z.infer<typeof runtimeTopologySchema>;
export type RuntimeTopologyInput = z.input<typeof runtimeTopologySchema>;

// ---------------------------------------------------------------------------------------------
// Progress

export type ProgressEvent =
  | { kind: "reaped"; sessions: Array<string> }
  | { kind: "stage-starting"; stage: number; nodes: Array<string> }
  | { kind: "node-starting"; stage: number; node: string }
  | { kind: "node-ready"; stage: number; node: string; elapsedMs: number }
  | { kind: "stage-ready"; stage: number; elapsedMs: number }
  | { kind: "node-failed"; stage: number; node: string; message: string }
  | { kind: "cleaning-up"; reason: string };

export type UpOptions = {
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  /**
   * Keep the session after this process exits (the CLI's `lab up` returns, `lab check` attaches later).
   * Only takes effect once `up` has succeeded: a process killed DURING `up` always leaves an orphan the
   * reaper removes. Detached sessions are removed by `down`/`remove` or when their TTL passes.
   */
  detach?: boolean;
};

// ---------------------------------------------------------------------------------------------
// A started cluster

/** Where the host reaches a node's container port. */
export type HostEndpoint = { host: string; port: number };

export type NodeState = "running" | "paused" | "stopped" | "missing";

export type StartedNode = {
  name: string;
  role: NodeRole;
  /** container port -> where the host reaches it (127.0.0.1:<free port> in docker/, <node address>:<port> in process/). */
  hostPorts: Record<number, HostEndpoint>;
  /** The node's address on the lab network as peers see it (container IP in docker/, 127.0.x.y in process/). */
  address: string;
  /** Names peers can use for it (node name + aliases; in process/ only the address is resolvable). */
  aliases: Array<string>;
  /** Shared folders mounted into it (NodeSpec.mounts). */
  mounts: Array<NodeMount>;
};

export type ExecResult = { exitCode: number; stdout: string; stderr: string };

export type SessionInfo = {
  lab: string;
  session: string;
  runtime: RuntimeKind;
  ownerPid: number;
  ownerHost: string;
  createdAt: number;
  expiresAt: number;
  /** Survives its owner process (see UpOptions.detach). */
  detached: boolean;
};

export type StartedCluster = {
  readonly info: SessionInfo;
  readonly session: string;
  readonly nodes: Readonly<Record<string, StartedNode>>;
  /** Where the host reaches `node`'s container `port`; throws if it is not published. */
  endpoint(node: string, port: number): HostEndpoint;

  /** Graceful: SIGTERM then wait up to `timeoutMs` (default 10 s) before SIGKILL. Not graceful = kill. */
  stop(node: string, opts?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
  /** Start a stopped node again (same files, same ports where the runtime can keep them). Does not wait for readiness. */
  start(node: string): Promise<void>;
  /** SIGKILL. */
  kill(node: string): Promise<void>;
  /** Freeze every process of the node (cgroup freezer / SIGSTOP): it stays "up" but answers nothing. */
  pause(node: string): Promise<void>;
  unpause(node: string): Promise<void>;
  /** Take the node off the lab network: peers cannot reach it, it cannot reach them. docker/ only. */
  disconnect(node: string): Promise<void>;
  reconnect(node: string): Promise<void>;
  /** Split nodes into two groups that cannot reach each other. Nodes in neither group stay with group A. docker/ only. */
  partition(groupA: Array<string>, groupB: Array<string>): Promise<void>;
  /** Undo `partition` (and any `disconnect`). */
  heal(): Promise<void>;

  /** Run argv (no shell) in the node. docker/: inside the container; process/: on the host with the node's env and cwd. */
  exec(node: string, argv: Array<string>, opts?: { timeoutMs?: number }): Promise<ExecResult>;
  /** The last `tail` lines (default 100) of the node's stdout+stderr. */
  logs(node: string, opts?: { tail?: number }): Promise<string>;
  state(node: string): Promise<NodeState>;
  /** Wait until `node` satisfies its declared wait strategy (e.g. after `start`). */
  waitReady(node: string, opts?: { signal?: AbortSignal; timeoutMs?: number }): Promise<void>;

  /** Remove every object of the session. Idempotent. */
  down(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
};

export type SessionSummary = SessionInfo & {
  nodes: Array<{ name: string; state: NodeState }>;
  /** Why the reaper would remove it now, if it would. */
  orphanReason?: "owner-gone" | "expired";
};

/** `failed`: orphans that could not be removed (e.g. a foreign container holds their network); the reaper went on. */
export type ReapReport = {
  removed: Array<{ session: string; lab: string; reason: "owner-gone" | "expired" }>;
  failed?: Array<{ session: string; lab: string; error: string }>;
};

export type RuntimeAvailability = { ok: true; describe: string } | { ok: false; reason: string };

export type ClusterRuntime = {
  readonly kind: RuntimeKind;
  /** Can this runtime run here (engine reachable / programs present)? Never throws. */
  available(): Promise<RuntimeAvailability>;
  /**
   * Validate the topology, create the session's objects, start nodes stage by stage and wait for each
   * node's readiness. On any failure (or abort) removes everything it created, then throws
   * (NodeNotReadyError names the node and carries its last log lines).
   */
  up(topology: RuntimeTopologyInput, opts?: UpOptions): Promise<StartedCluster>;
  /** A handle on a session started by any process (e.g. `lab check` after `lab up`). Throws SessionNotFoundError. */
  attach(session: string): Promise<StartedCluster>;
  listSessions(opts?: { lab?: string }): Promise<Array<SessionSummary>>;
  /** Remove one session's objects by id, even if it is half-created. Idempotent. */
  remove(session: string): Promise<void>;
  /** Remove sessions whose owner process is gone (same host) or whose TTL passed; `lab` narrows it to one lab's sessions. */
  reap(opts?: { now?: number; lab?: string }): Promise<ReapReport>;
};

// ---------------------------------------------------------------------------------------------
// Errors live in ./errors (a leaf module, so role modules can throw them without importing this file).

export {
  NodeNotReadyError,
  RuntimeError,
  SessionNotFoundError,
  UnknownNodeError,
  UnsupportedOperationError,
} from "./errors";

/** A fresh session id for `lab`: `<lab>-<8 hex>`, fits Docker names and labels. */
export function newSessionId(
  lab: string,
  random: () => string = () => crypto.randomUUID().replace(/-/g, "").slice(0, 8),
): string {
  return `${lab.slice(0, 39)}-${random()}`;
}

/** Parse and default a topology; throws RuntimeError("invalid-topology") listing every problem. */
export function parseTopology(input: RuntimeTopologyInput): RuntimeTopology {
  const result = runtimeTopologySchema.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(topology)"}: ${i.message}`);
    throw new RuntimeError(`Invalid lab topology:\n${lines.join("\n")}`, "invalid-topology");
  }
  return result.data;
}

/** Default image for a role when a node names none: `clusterlab/<role's image>:<CLUSTERLAB_IMAGE_TAG>` (default tag latest). */
export function defaultImage(role: NodeRole, tag: string = getEnv().CLUSTERLAB_IMAGE_TAG): string {
  return `clusterlab/${ROLES[role].image.name}:${tag}`;
}
