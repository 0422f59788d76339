/**
 * Instructor analytics over lab attempts: best score per learner and lab, the cohort matrix, and
 * per-check statistics (which checks fail most, first-try pass rate, the most common observed values).
 * Pure functions over AttemptRecord: the repository loads, this computes.
 */
import type { AssessmentStanding } from "./assessments";
import type { AttemptRecord, LearnerRef } from "./attempt-types";

export type LabSummary = {
  labId: string;
  attempts: number;
  bestScore: number;
  maxScore: number;
  lastAttemptAt: Date;
  /** Content hash of the latest attempt: which version of the lab the learner last graded against. */
  pinnedContentHash: string;
};

/** Best score per lab for one learner's attempts. Ties keep the earliest best (the first time they got there). */
export function summariseByLab(attempts: ReadonlyArray<AttemptRecord>): Map<string, LabSummary> {
  const byLab = new Map<string, LabSummary>();
  for (const attempt of [...attempts].sort(byFinishedAt)) {
    const current = byLab.get(attempt.labId);
    if (!current) {
      byLab.set(attempt.labId, {
        labId: attempt.labId,
        attempts: 1,
        bestScore: attempt.score,
        maxScore: attempt.maxScore,
        lastAttemptAt: attempt.finishedAt,
        pinnedContentHash: attempt.contentHash,
      });
      continue;
    }
    current.attempts += 1;
    if (attempt.score > current.bestScore) {
      current.bestScore = attempt.score;
      current.maxScore = attempt.maxScore;
    }
    current.lastAttemptAt = attempt.finishedAt;
    current.pinnedContentHash = attempt.contentHash;
  }
  return byLab;
}

export type MatrixRow = {
  learner: LearnerRef;
  lessonsDone: ReadonlySet<string>;
  labs: Map<string, LabSummary>;
  /** Module id -> assessment standing; set by exports/assessments.ts withAssessments. */
  assessments?: Map<string, AssessmentStanding>;
};

export type CohortMatrix = {
  labIds: Array<string>;
  lessonIds: Array<string>;
  rows: Array<MatrixRow>;
  /** Modules with an assessment column; set by exports/assessments.ts withAssessments. */
  assessmentModuleIds?: Array<string>;
};

/** learner × lesson/lab. Columns are the given ids plus any lab seen in an attempt, sorted. */
export function buildCohortMatrix(input: {
  learners: ReadonlyArray<LearnerRef>;
  attempts: ReadonlyArray<AttemptRecord>;
  labIds: ReadonlyArray<string>;
  lessonIds: ReadonlyArray<string>;
  lessonsDoneByLearner: ReadonlyMap<string, ReadonlySet<string>>;
}): CohortMatrix {
  const attemptsByLearner = groupBy(input.attempts, (a) => a.learner.id);
  const labIds = new Set(input.labIds);
  for (const attempt of input.attempts) labIds.add(attempt.labId);
  const rows = [...input.learners]
    .sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email))
    .map((learner) => ({
      learner,
      lessonsDone: input.lessonsDoneByLearner.get(learner.id) ?? new Set<string>(),
      labs: summariseByLab(attemptsByLearner.get(learner.id) ?? []),
    }));
  return { labIds: [...labIds].sort(), lessonIds: [...input.lessonIds], rows };
}

export type ObservedCount = { value: string; count: number };

export type CheckStatistics = {
  labId: string;
  checkId: string;
  title: string;
  attempts: number;
  failures: number;
  failureRate: number;
  /** Learners whose FIRST attempt at the lab passed this check, over learners who attempted it. */
  firstTryPassRate: number;
  learners: number;
  /** Most frequent observed values among failing results (what learners actually had). */
  commonObserved: Array<ObservedCount>;
};

const TOP_OBSERVED = 3;

/** Per-check statistics, most-failed first. `fail` and `error` both count as failures here. */
export function analyseChecks(attempts: ReadonlyArray<AttemptRecord>): Array<CheckStatistics> {
  const stats = new Map<string, CheckStatistics & { observed: Map<string, number>; firstTryPasses: number }>();
  const firstAttemptSeen = new Set<string>();
  for (const attempt of [...attempts].sort(byFinishedAt)) {
    const learnerLab = `${attempt.learner.id}\u0000${attempt.labId}`;
    const isFirstTry = !firstAttemptSeen.has(learnerLab);
    firstAttemptSeen.add(learnerLab);
    for (const check of attempt.checks) {
      const key = `${attempt.labId}\u0000${check.checkId}`;
      let entry = stats.get(key);
      if (!entry) {
        entry = {
          labId: attempt.labId,
          checkId: check.checkId,
          title: check.title,
          attempts: 0,
          failures: 0,
          failureRate: 0,
          firstTryPassRate: 0,
          learners: 0,
          commonObserved: [],
          observed: new Map(),
          firstTryPasses: 0,
        };
        stats.set(key, entry);
      }
      entry.attempts += 1;
      const failed = check.status === "fail" || check.status === "error";
      if (failed) {
        entry.failures += 1;
        if (check.observed !== null) entry.observed.set(check.observed, (entry.observed.get(check.observed) ?? 0) + 1);
      }
      if (isFirstTry) {
        entry.learners += 1;
        if (check.status === "pass") entry.firstTryPasses += 1;
      }
    }
  }
  return [...stats.values()]
    .map(({ observed, firstTryPasses, ...entry }) => ({
      ...entry,
      failureRate: entry.attempts === 0 ? 0 : entry.failures / entry.attempts,
      firstTryPassRate: entry.learners === 0 ? 0 : firstTryPasses / entry.learners,
      commonObserved: [...observed.entries()]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
        .slice(0, TOP_OBSERVED),
    }))
    .sort(
      (a, b) =>
        b.failureRate - a.failureRate ||
        b.failures - a.failures ||
        a.labId.localeCompare(b.labId) ||
        a.checkId.localeCompare(b.checkId),
    );
}

function byFinishedAt(a: AttemptRecord, b: AttemptRecord): number {
  return (
    a.finishedAt.getTime() - b.finishedAt.getTime() ||
    a.submittedAt.getTime() - b.submittedAt.getTime() ||
    a.id.localeCompare(b.id)
  );
}

function groupBy<T>(items: ReadonlyArray<T>, key: (item: T) => string): Map<string, Array<T>> {
  const groups = new Map<string, Array<T>>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
