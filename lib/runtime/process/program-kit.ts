/**
 * What a role's process program (lib/roles/<role>.ts `program`) is given and returns, plus the small
 * helpers those programs share. Kept apart from programs.ts so role modules can use it without importing
 * the registry that imports them.
 */
import fs from "node:fs";
import path from "node:path";
import { RuntimeError } from "../errors";
import type { NodeSpec } from "../types";

export type ProgramOptions = { carbonNodeBundle: string; nginxBinary: string; postgresBinDir?: string };

export type Program = { command: string; args: Array<string>; env: Record<string, string>; uid?: number; gid?: number };

export type NodePlace = { spec: NodeSpec; address: string; root: string };

export const DEFAULT_NGINX = "/usr/sbin/nginx";

/** Map an absolute in-node path to the host. */
export function hostPathIn(root: string, nodePath: string): string {
  return path.join(root, nodePath.replace(/^\/+/, ""));
}

/** When we are root, the unprivileged account to run a server as. */
export function runAs(name: string): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return undefined;
  const line = fs
    .readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${name}:`));
  const [, , uid, gid] = line?.split(":") ?? [];
  if (!uid || !gid)
    throw new RuntimeError(
      `Running as root but there is no "${name}" user to run the server as: create it (\`useradd --system ${name}\`), run as a normal user, or use --runtime docker.`,
      "unavailable",
    );
  return { uid: Number(uid), gid: Number(gid) };
}

export function requireFile(file: string, what: string, install: string): void {
  if (!fs.existsSync(file))
    throw new RuntimeError(`${what} not found at ${file}: \`${install}\`, or use --runtime docker.`, "unavailable");
}

/**
 * A child's complete environment. Children get exactly these variables, never our own environment
 * (lib/env.ts is the only reader of process.env). The cast: ProcessEnv is augmented elsewhere with
 * required keys (NODE_ENV) that a child does not need.
 */
export function childEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  return vars as NodeJS.ProcessEnv;
}
