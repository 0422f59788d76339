/**
 * The shape of a role module (lib/roles/<role>.ts): everything ClusterLab knows about one kind of node.
 * Each field replaces what used to be a per-role table or `switch` somewhere else (ADR 0017).
 */
import type { NodePlace, Program, ProgramOptions } from "@/lib/runtime/process/program-kit";
import type { WaitStrategy } from "@/lib/runtime/types";
import type { NodeRole } from "./names";

/** A file copied from the repository (path relative to the repo root) into the image. */
export type ImageFile = { source: string; target: string; mode: number; missingHint?: string };

/** How the role's image is built (both build paths, lib/images: online Dockerfile and offline debootstrap). */
export type ImageRecipe<I extends string = string> = {
  /** The image is `clusterlab/<name>:<CLUSTERLAB_IMAGE_TAG>`; images/<name>/ holds its entrypoint and setup.sh. */
  name: I;
  /** Debian bookworm packages, installed with --no-install-recommends. */
  packages: Array<string>;
  /** Files written before the packages are installed (e.g. to stop a package's postinst creating a cluster). */
  preInstallFiles: Array<{ target: string; content: string }>;
  files: Array<ImageFile>;
  /** Run as root after the packages and files are in place (images/<name>/setup.sh). */
  setup: string;
  user: string;
  env: Record<string, string>;
  expose: Array<number>;
  entrypoint: Array<string>;
  workdir: string;
};

/** What a node's own tool said when it refused the learner's files at start (graded by lib/labs/start-failure.ts). */
export type StartRefusal = {
  /** The file's path inside the node ("" when the message names a setting rather than a file: the caller finds it). */
  file: string;
  line: number | null;
  /** The tool's own words. */
  message: string;
};

export type RoleDefinition<R extends NodeRole = NodeRole, I extends string = string> = {
  name: R;
  /** One line for people: what a node of this role is in a lab. */
  summary: string;
  /** Where the node keeps its files: a node's workspace folder is copied here (the process runtime re-roots it). */
  home: string;
  /** Container ports a lab node publishes when the lab names none (the first is the one readiness probes). */
  ports: Array<number>;
  /** Start order when the lab names none: every node of stage N is ready before stage N+1 starts. */
  stage: number;
  /**
   * What the role needs of the earlier stages before it starts (NodeSpec.startsAfter): `ready`, or `started` for a
   * node that only resolves their names (a load balancer), so its start overlaps their readiness.
   */
  startsAfter: "ready" | "started";
  /** Readiness when the lab declares none, given the node's ports. Data the runtime runs (never a fixed sleep). */
  readiness(ports: ReadonlyArray<number>): WaitStrategy;
  /** Environment the lab engine gives every node of this role, before the lab's own `env` (which wins). */
  nodeEnv(node: { name: string }): Record<string, string>;
  /**
   * The container's command when the lab names none (NodeSpec.command), given the node's ports; absent = the
   * image's own entrypoint. The stand-ins use it to run one program of the training-node bundle (ADR 0027).
   */
  command?: (ports: ReadonlyArray<number>) => Array<string>;
  /**
   * The refusal in the last log lines of a node of this role that exited during start, when its tool refused a
   * learner's file (nginx's "[emerg] … in /etc/nginx/nginx.conf:12", psql's "psql:<file>:3: ERROR"); null when the
   * lines hold none. Every role has one: each runs a tool on the learner's files (registry.test.ts).
   */
  recogniseStartFailure: (lines: ReadonlyArray<string>) => StartRefusal | null;
  /** The image (docker runtime). Several roles may share one recipe (the stand-ins run the carbon-node image). */
  image: ImageRecipe<I>;
  /** What the node runs in the process runtime; throws UnsupportedOperationError if the role cannot run there. */
  program(place: NodePlace, env: Record<string, string>, options: ProgramOptions): Promise<Program>;
};

/** Identity with the literal types kept (role name, image name), so the registry can check itself. */
export function defineRole<const R extends NodeRole, const I extends string>(
  role: RoleDefinition<R, I>,
): RoleDefinition<R, I> {
  return role;
}

/** The image entrypoint every ClusterLab image uses (images/<name>/entrypoint.sh is copied there). */
export const IMAGE_ENTRYPOINT = "/usr/local/bin/clusterlab-entrypoint";

/** Readiness for servers that answer once their port accepts connections (databases, nginx). */
export function portReadiness(ports: ReadonlyArray<number>): WaitStrategy {
  const port = ports[0];
  return port === undefined ? { kind: "running" } : { kind: "port", port };
}
