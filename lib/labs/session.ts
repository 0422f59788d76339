/**
 * Session state kept in the workspace (`.clusterlab/session.json`), so `check`, `status`, `logs` and
 * `down` run from a new process after `up` find the cluster again. The runtime stays the source of
 * truth for what is running; this file only says which session belongs to this workspace.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { RUNTIME_KINDS } from "@/lib/runtime/types";
import { STATE_DIR } from "./files";
import type { RegisteredLab } from "./registry";

const SESSION_FILE = "session.json";

/**
 * The file may come from someone else's workspace (M3): its session id is later a folder name and a Docker label
 * value, so it must be the runtime's id form; `../x` would otherwise make `down` delete a folder outside the state dir.
 */
const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/, "must be 1-48 lowercase letters, digits or '-'");

export const labSessionSchema = z.object({
  lab: idSchema,
  session: idSchema,
  runtime: z.enum(RUNTIME_KINDS),
  startedAt: z.iso.datetime(),
  contentHash: z.string(),
  /** sha256 of the node folders `up` started from: `check` warns when the workspace changed since. */
  workspaceHash: z.string().optional(),
  /** Where the host reached each node's ports when `up` finished (informational; `attach` is authoritative). */
  endpoints: z.record(z.string(), z.record(z.string(), z.string())),
});
export type LabSession = z.infer<typeof labSessionSchema>;

export function sessionFile(workspace: string): string {
  return path.join(workspace, STATE_DIR, SESSION_FILE);
}

/**
 * The recorded session, or null when there is none or it is unusable. With `lab`, a record of another lab or of a
 * runtime the lab does not list is unusable too (a planted file must not pick the process runtime for a Docker lab).
 */
export function readSession(workspace: string, lab?: RegisteredLab): LabSession | null {
  let text: string;
  try {
    text = fs.readFileSync(sessionFile(workspace), "utf8");
  } catch {
    return null;
  }
  const parsed = labSessionSchema.safeParse(safeJson(text));
  // A damaged file cannot name a session; `doctor` and the reaper still find the containers by label.
  if (!parsed.success) return null;
  if (lab && (parsed.data.lab !== lab.definition.id || !lab.definition.runtimes.includes(parsed.data.runtime)))
    return null;
  return parsed.data;
}

export function writeSession(workspace: string, session: LabSession): void {
  fs.mkdirSync(path.join(workspace, STATE_DIR), { recursive: true });
  fs.writeFileSync(sessionFile(workspace), `${JSON.stringify(labSessionSchema.parse(session), null, 2)}\n`);
}

export function clearSession(workspace: string): void {
  fs.rmSync(sessionFile(workspace), { force: true });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
