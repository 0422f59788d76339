/**
 * The offline queue: a report is written to disk BEFORE it is sent and deleted only after the server
 * acknowledged it, so neither a lost network nor a crash mid-send loses a graded attempt. One file per
 * submission (named by its id) makes every step atomic without a lock.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "./atomic-file";
import { submissionIdSchema } from "./envelope";

export const queuedSubmissionSchema = z.object({
  submissionId: submissionIdSchema,
  queuedAt: z.iso.datetime(),
  report: z.unknown(),
  /** Why the last send did not go through (shown by `clusterlab submit`). */
  lastError: z.string().optional(),
});
export type QueuedSubmission = z.infer<typeof queuedSubmissionSchema>;

export function enqueue(queueDir: string, entry: QueuedSubmission): string {
  const file = path.join(queueDir, `${entry.submissionId}.json`);
  writeFileAtomic(file, JSON.stringify(entry));
  return file;
}

export type QueueListing = { entries: Array<QueuedSubmission>; unreadable: Array<string> };

/** Oldest first. Files that cannot be parsed are reported, never silently dropped. */
export function listQueue(queueDir: string): QueueListing {
  let names: Array<string>;
  try {
    names = fs.readdirSync(queueDir).filter((name) => name.endsWith(".json") && !name.startsWith("."));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { entries: [], unreadable: [] };
    throw error;
  }
  const entries: Array<QueuedSubmission> = [];
  const unreadable: Array<string> = [];
  for (const name of names) {
    const file = path.join(queueDir, name);
    try {
      const parsed = queuedSubmissionSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
      if (parsed.success) entries.push(parsed.data);
      else unreadable.push(file);
    } catch {
      unreadable.push(file);
    }
  }
  entries.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt) || a.submissionId.localeCompare(b.submissionId));
  return { entries, unreadable };
}

export function dequeue(queueDir: string, submissionId: string): void {
  fs.rmSync(path.join(queueDir, `${submissionId}.json`), { force: true });
}

/** Moves a permanently refused submission out of the queue, keeping it (and the reason) for the learner. */
export function markRejected(queueDir: string, rejectedDir: string, entry: QueuedSubmission, reason: string): string {
  const file = path.join(rejectedDir, `${entry.submissionId}.json`);
  writeFileAtomic(file, JSON.stringify({ ...entry, rejectedAt: new Date().toISOString(), reason }, null, 2));
  dequeue(queueDir, entry.submissionId);
  return file;
}
