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

const SESSION_FILE = "session.json";

export const labSessionSchema = z.object({
  lab: z.string(),
  session: z.string(),
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

export function readSession(workspace: string): LabSession | null {
  let text: string;
  try {
    text = fs.readFileSync(sessionFile(workspace), "utf8");
  } catch {
    return null;
  }
  const parsed = labSessionSchema.safeParse(safeJson(text));
  // A damaged file cannot name a session; `doctor` and the reaper still find the containers by label.
  return parsed.success ? parsed.data : null;
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
