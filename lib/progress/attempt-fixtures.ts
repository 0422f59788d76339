/** Test data factory for AttemptRecord (used by the analytics and export tests only). */
import type { AttemptRecord, CheckOutcome, LearnerRef } from "./attempt-types";

let counter = 0;

export function makeLearner(name: string): LearnerRef {
  return { id: `user-${name}`, email: `${name.toLowerCase()}@example.test`, name };
}

export function makeAttempt(input: {
  learner: LearnerRef;
  labId?: string;
  finishedAt: string;
  checks: Array<Pick<CheckOutcome, "checkId" | "status"> & Partial<CheckOutcome>>;
  contentHash?: string;
  workspaceSource?: string | null;
  configHash?: string | null;
}): AttemptRecord {
  counter += 1;
  const checks = input.checks.map((c) => ({
    title: c.title ?? c.checkId,
    points: c.points ?? (c.status === "pass" ? 10 : 0),
    maxPoints: c.maxPoints ?? 10,
    observed: c.observed ?? null,
    ...c,
  }));
  const finishedAt = new Date(input.finishedAt);
  return {
    id: `attempt-${counter}`,
    learner: input.learner,
    labId: input.labId ?? "wka",
    contentHash: input.contentHash ?? "sha256:aaa",
    runtime: "docker",
    score: checks.reduce((s, c) => s + c.points, 0),
    maxScore: checks.reduce((s, c) => s + c.maxPoints, 0),
    startedAt: new Date(finishedAt.getTime() - 90_000),
    finishedAt,
    submittedAt: finishedAt,
    workspaceSource: input.workspaceSource ?? null,
    configHash: input.configHash ?? null,
    checks,
  };
}
