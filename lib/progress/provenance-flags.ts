/**
 * What an instructor should know about a self-reported attempt (security review M6): it graded the untouched
 * solution (`lab solve`), or its workspace files are identical to another learner's edited workspace (a copy).
 * Starter and solution files are the same for everyone, so only edited workspaces count as copies.
 */
import type { AttemptRecord, LearnerRef } from "./attempt-types";

export type AttemptFlags = { solutionRun: boolean; sameFilesAs: Array<LearnerRef> };

export function provenanceFlags(attempts: ReadonlyArray<AttemptRecord>): Map<string, AttemptFlags> {
  // configHash (per lab) → the learners whose edited workspaces had it.
  const owners = new Map<string, Map<string, LearnerRef>>();
  for (const a of attempts) {
    if (a.workspaceSource !== "edited" || !a.configHash) continue;
    const key = `${a.labId}\u0000${a.configHash}`;
    const learners = owners.get(key) ?? new Map<string, LearnerRef>();
    learners.set(a.learner.id, a.learner);
    owners.set(key, learners);
  }
  const flags = new Map<string, AttemptFlags>();
  for (const a of attempts) {
    const shared =
      a.workspaceSource === "edited" && a.configHash
        ? (owners.get(`${a.labId}\u0000${a.configHash}`) ?? new Map())
        : new Map<string, LearnerRef>();
    flags.set(a.id, {
      solutionRun: a.workspaceSource === "solution",
      sameFilesAs: [...shared.values()].filter((l) => l.id !== a.learner.id),
    });
  }
  return flags;
}

/** One learner's attempts at one lab, summarised for a matrix cell. */
export function cellFlags(
  attempts: ReadonlyArray<AttemptRecord>,
  flags: ReadonlyMap<string, AttemptFlags>,
  learnerId: string,
  labId: string,
): { solutionRuns: number; sameFilesAs: Array<LearnerRef> } {
  let solutionRuns = 0;
  const same = new Map<string, LearnerRef>();
  for (const a of attempts) {
    if (a.learner.id !== learnerId || a.labId !== labId) continue;
    const f = flags.get(a.id);
    if (!f) continue;
    if (f.solutionRun) solutionRuns += 1;
    for (const l of f.sameFilesAs) same.set(l.id, l);
  }
  return { solutionRuns, sameFilesAs: [...same.values()] };
}
