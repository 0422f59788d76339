/**
 * Module assessments in the instructor views and exports: matrix columns (one per module), a CSV with one row per
 * attempt, and xAPI statements. Kept beside csv.ts and xapi.ts rather than inside them, so lab exports stay as they
 * were and the assessment columns are one call the cohort loader makes.
 */
import type { CohortMatrix } from "../analytics";
import { summariseAssessments, type AssessmentAttemptRow } from "../assessments";
import type { LearnerRef } from "../attempt-types";
import { toCsv } from "./csv";
import { nameBasedUuid, type XapiStatement } from "./xapi";

export type AssessmentRecord = AssessmentAttemptRow & { learner: LearnerRef };

/** Attach each learner's assessment standing to the matrix; columns are the given modules plus any seen in an attempt. */
export function withAssessments(
  matrix: CohortMatrix,
  rows: ReadonlyArray<AssessmentAttemptRow>,
  moduleIds: ReadonlyArray<string>,
): CohortMatrix {
  const byLearner = summariseAssessments(rows);
  const columns = new Set(moduleIds);
  for (const r of rows) columns.add(r.moduleId);
  return {
    ...matrix,
    assessmentModuleIds: [...columns].sort(),
    rows: matrix.rows.map((row) => ({ ...row, assessments: byLearner.get(row.learner.id) ?? new Map() })),
  };
}

/** Rows joined to the cohort's learners (attempts of someone no longer in the cohort are left out). */
export function toAssessmentRecords(
  rows: ReadonlyArray<AssessmentAttemptRow>,
  learners: ReadonlyArray<LearnerRef>,
): AssessmentRecord[] {
  const byId = new Map(learners.map((l) => [l.id, l]));
  return rows.flatMap((r) => {
    const learner = byId.get(r.userId);
    return learner ? [{ ...r, learner }] : [];
  });
}

/** One row per assessment attempt, oldest first. */
export function assessmentsToCsv(records: ReadonlyArray<AssessmentRecord>): string {
  const header = ["attempt_id", "learner", "email", "module", "score", "max_score", "passed", "seed", "submitted_at"];
  return toCsv(
    header,
    records.map((r) => [
      r.id,
      r.learner.name,
      r.learner.email,
      r.moduleId,
      r.score,
      r.maxScore,
      r.passed ? "yes" : "no",
      r.seed,
      r.at.toISOString(),
    ]),
  );
}

const VERB_PASSED = { id: "http://adlnet.gov/expapi/verbs/passed", display: { "en-US": "passed" } };
const VERB_FAILED = { id: "http://adlnet.gov/expapi/verbs/failed", display: { "en-US": "failed" } };

/** xAPI: verb from the stored verdict (the pass mark in force then), object = the module's assessment page. */
export function assessmentToXapi(record: AssessmentRecord, activityBase: string, moduleTitle?: string): XapiStatement {
  const base = activityBase.replace(/\/+$/, "");
  return {
    id: nameBasedUuid(`clusterlab-assessment:${record.id}`),
    actor: { objectType: "Agent", name: record.learner.name, mbox: `mailto:${record.learner.email}` },
    verb: record.passed ? VERB_PASSED : VERB_FAILED,
    object: {
      objectType: "Activity",
      id: `${base}/modules/${encodeURIComponent(record.moduleId)}/assessment`,
      definition: {
        name: { "en-US": moduleTitle ? `Assessment: ${moduleTitle}` : `Assessment: ${record.moduleId}` },
        type: "http://adlnet.gov/expapi/activities/assessment",
      },
    },
    result: {
      score: {
        scaled: record.maxScore > 0 ? Math.round((record.score / record.maxScore) * 10_000) / 10_000 : 0,
        raw: record.score,
        min: 0,
        max: record.maxScore,
      },
      success: record.passed,
      completion: true,
    },
    context: { platform: "ClusterLab", extensions: { [`${base}/xapi/extensions/attempt-kind`]: "module-assessment" } },
    timestamp: record.at.toISOString(),
  };
}
