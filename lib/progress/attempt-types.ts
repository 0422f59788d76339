/**
 * Plain domain shapes for lab attempts as read back from the database. Analytics and exporters take
 * these (not Prisma rows) so they are pure functions, testable without a database.
 */
export type CheckStatus = "pass" | "fail" | "error" | "skipped";

export type CheckOutcome = {
  checkId: string;
  title: string;
  status: CheckStatus;
  points: number;
  maxPoints: number;
  /** What the grader observed, truncated for storage; null when the check recorded none. */
  observed: string | null;
};

export type LearnerRef = { id: string; email: string; name: string };

export type AttemptRecord = {
  id: string;
  learner: LearnerRef;
  labId: string;
  contentHash: string;
  runtime: string;
  score: number;
  maxScore: number;
  startedAt: Date;
  finishedAt: Date;
  submittedAt: Date;
  checks: Array<CheckOutcome>;
};
