/**
 * Plain domain shapes for lab attempts as read back from the database. Analytics and exporters take
 * these (not Prisma rows) so they are pure functions, testable without a database.
 *
 * One zod schema describes an attempt; the database row type (lab-attempts.ts) is derived from it, so a
 * column added here is added there too instead of being listed twice.
 */
import { z } from "zod";

export const checkStatusSchema = z.enum(["pass", "fail", "error", "skipped"]);
export type CheckStatus = z.infer<typeof checkStatusSchema>;

export const checkOutcomeSchema = z.object({
  checkId: z.string(),
  title: z.string(),
  status: checkStatusSchema,
  points: z.number(),
  maxPoints: z.number(),
  /** What the grader observed, truncated for storage; null when the check recorded none. */
  observed: z.string().nullable(),
});
export type CheckOutcome = z.infer<typeof checkOutcomeSchema>;

export const learnerRefSchema = z.object({ id: z.string(), email: z.string(), name: z.string() });
export type LearnerRef = z.infer<typeof learnerRefSchema>;

export const attemptRecordSchema = z.object({
  id: z.string(),
  learner: learnerRefSchema,
  labId: z.string(),
  contentHash: z.string(),
  runtime: z.string(),
  score: z.number(),
  maxScore: z.number(),
  startedAt: z.date(),
  finishedAt: z.date(),
  submittedAt: z.date(),
  /** Security review M6 (null from CLIs that did not report it): starter | edited | solution. */
  workspaceSource: z.string().nullable(),
  /** sha256 of the graded workspace's node config files (null when not reported). */
  configHash: z.string().nullable(),
  checks: z.array(checkOutcomeSchema),
});
export type AttemptRecord = z.infer<typeof attemptRecordSchema>;
