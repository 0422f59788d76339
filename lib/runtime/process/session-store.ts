/**
 * Process-runtime sessions on disk: <state dir>/<session>/session.json records every node's PID (with
 * its kernel start time, so a recycled PID is never mistaken for ours), address and folders. Any
 * process can read it to attach, stop or reap. Addresses 127.0.<block>.<n> are claimed per session
 * with an exclusive-create file so two sessions never share one.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { nodeSpecSchema, RuntimeError } from "../types";

export const processNodeRecordSchema = z.object({
  spec: nodeSpecSchema,
  address: z.string(),
  /** The node's re-rooted filesystem: a file at /x/y in the topology is at <root>/x/y. */
  root: z.string(),
  logFile: z.string(),
  pid: z.number().int().nullable(),
  /** /proc/<pid>/stat start time (clock ticks since boot) when we spawned it. */
  startTicks: z.number().int().nullable(),
});
export type ProcessNodeRecord = z.infer<typeof processNodeRecordSchema>;

export const processSessionSchema = z.object({
  version: z.literal(1),
  lab: z.string(),
  session: z.string(),
  ownerPid: z.number().int(),
  ownerHost: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
  /** The TTL `up` gave the session; attach renews expiresAt to now + ttlMs (older files: expiresAt - createdAt). */
  ttlMs: z.number().int().positive().optional(),
  detached: z.boolean(),
  block: z.number().int().min(1).max(254),
  nodes: z.array(processNodeRecordSchema),
});
export type ProcessSession = z.infer<typeof processSessionSchema>;

const SESSION_ID = /^[a-z0-9][a-z0-9-]{0,47}$/;

/**
 * The session's folder. Ids reach here from files a learner may have been handed (M3), and the folder is later
 * removed recursively, so anything but the runtime's id form (no `/`, no `..`) is refused before a path is built.
 */
export function sessionDir(stateDir: string, session: string): string {
  if (!SESSION_ID.test(session)) {
    throw new RuntimeError(
      `"${session.slice(0, 80)}" is not a session id (1-48 lowercase letters, digits or '-'): the session record is damaged or forged. Remove it, then run \`clusterlab doctor\`.`,
      "invalid-topology",
    );
  }
  return path.join(stateDir, "sessions", session);
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, path.resolve(file));
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

export function readSession(stateDir: string, session: string): ProcessSession | undefined {
  if (!SESSION_ID.test(session)) return undefined;
  const file = path.join(sessionDir(stateDir, session), "session.json");
  let raw: string;
  try {
    raw = fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  try {
    const parsed = processSessionSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) return undefined;
    // A record is only trusted for its own folder: its name, and every node's files, must be inside it.
    const dir = sessionDir(stateDir, session);
    const own =
      parsed.data.session === session &&
      parsed.data.nodes.every((n) => isInside(dir, n.root) && isInside(dir, n.logFile));
    return own ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Atomic replace, so a reader never sees half a file. */
export function writeSession(stateDir: string, data: ProcessSession): void {
  const dir = sessionDir(stateDir, data.session);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `session.json.${process.pid}.tmp`);
  fs.writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`);
  fs.renameSync(tmp, path.join(dir, "session.json"));
}

export function listSessionIds(stateDir: string): Array<string> {
  try {
    return fs.readdirSync(path.join(stateDir, "sessions")).filter((id) => SESSION_ID.test(id));
  } catch {
    return [];
  }
}

/** Claim a free 127.0.<block>.0/24 for the session (blocks 1-254; 127.0.0.x stays free for everything else). */
export function claimBlock(stateDir: string, session: string): number {
  const claims = path.join(stateDir, "claims");
  fs.mkdirSync(claims, { recursive: true });
  for (let block = 1; block <= 254; block++) {
    try {
      fs.writeFileSync(path.join(claims, String(block)), session, { flag: "wx" });
      return block;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // A claim whose session folder is gone is stale (e.g. a crash between claim and write): take it over.
      const owner = fs.readFileSync(path.join(claims, String(block)), "utf8").trim();
      if (owner && !fs.existsSync(sessionDir(stateDir, owner))) {
        fs.rmSync(path.join(claims, String(block)), { force: true });
        block--;
      }
    }
  }
  throw new RuntimeError(
    "All 254 process-runtime address blocks (127.0.1-254.x) are in use: run `clusterlab lab down` on old labs.",
    "failed",
  );
}

export function releaseBlock(stateDir: string, block: number, session: string): void {
  const file = path.join(stateDir, "claims", String(block));
  try {
    if (fs.readFileSync(file, "utf8").trim() === session) fs.rmSync(file, { force: true });
  } catch {
    // already released
  }
}
