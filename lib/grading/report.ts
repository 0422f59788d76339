/**
 * The versioned grading report: what `clusterlab lab check --json` prints, what the web UI shows and what
 * a LabAttempt stores. Keep this shape stable; add optional fields freely, and bump `schemaVersion` only
 * for a breaking change (consumers switch on it).
 */
import { z } from "zod";
import { checkStatusSchema, evidenceSchema, hintSchema } from "./check";

export const REPORT_SCHEMA_VERSION = 1;

/**
 * Where the graded workspace came from (security review M6): the untouched starter, the untouched solution
 * (`lab solve`), or anything else (edited, or unknown). Grades are self-reported; this lets instructors see solution runs.
 */
export const workspaceSourceSchema = z.enum(["starter", "edited", "solution"]);
export type WorkspaceSource = z.infer<typeof workspaceSourceSchema>;

export const checkResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: checkStatusSchema,
  /** Points earned: `maxPoints` on pass, 0 otherwise (no partial credit inside one check). */
  points: z.number().int().min(0),
  maxPoints: z.number().int().min(0),
  evidence: evidenceSchema,
  /** The hint ladder for a fail or error; null on pass and skipped. */
  hint: hintSchema.nullable(),
  durationMs: z.number().int().min(0).optional(),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

export const labReportSchema = z
  .object({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
    lab: z.string(),
    /** sha256 of the lab's definition, starter, solution and README: which version of the lab graded this. */
    contentHash: z.string().regex(/^[0-9a-f]{64}$/),
    runtime: z.enum(["docker", "process"]),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime(),
    score: z.number().int().min(0),
    maxScore: z.number().int().min(0),
    checks: z.array(checkResultSchema),
    /** Optional (older CLIs omit them): see workspaceSourceSchema. */
    workspaceSource: workspaceSourceSchema.optional(),
    /** sha256 of the workspace's node config files (what `up` copies): equal hashes across learners mean copied files. */
    configHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  })
  .superRefine((report, ctx) => {
    const sum = report.checks.reduce((total, check) => total + check.points, 0);
    const max = report.checks.reduce((total, check) => total + check.maxPoints, 0);
    if (sum !== report.score)
      ctx.addIssue({
        code: "custom",
        path: ["score"],
        message: `score ${report.score} is not the sum of check points (${sum})`,
      });
    if (max !== report.maxScore)
      ctx.addIssue({
        code: "custom",
        path: ["maxScore"],
        message: `maxScore ${report.maxScore} is not the sum of maxPoints (${max})`,
      });
    for (const [index, check] of report.checks.entries()) {
      if (check.points > check.maxPoints)
        ctx.addIssue({ code: "custom", path: ["checks", index, "points"], message: "points exceed maxPoints" });
      if (check.status !== "pass" && check.points !== 0)
        ctx.addIssue({
          code: "custom",
          path: ["checks", index, "points"],
          message: `a ${check.status} earns no points`,
        });
    }
  });
export type LabReport = z.infer<typeof labReportSchema>;

/** Exit code for a finished grading run: 0 when everything passed, 1 when anything did not (fail, error or skipped). */
export function reportExitCode(report: LabReport): 0 | 1 {
  return report.checks.every((check) => check.status === "pass") ? 0 : 1;
}

/** The plain-text rendering the CLI prints: one line per check, evidence and hints under anything not passed. */
export function formatReport(report: LabReport): string {
  const mark: Record<CheckResult["status"], string> = {
    pass: "PASS ",
    fail: "FAIL ",
    error: "ERROR",
    skipped: "SKIP ",
  };
  const lines = [`Lab ${report.lab} (${report.runtime}): ${report.score}/${report.maxScore} points`];
  for (const check of report.checks) {
    lines.push(`  ${mark[check.status]} ${check.id} — ${check.title} (${check.points}/${check.maxPoints})`);
    if (check.status === "pass") continue;
    lines.push(`         expected: ${check.evidence.expected}`, `         observed: ${check.evidence.observed}`);
    for (const line of (check.evidence.log ?? []).slice(-10)) lines.push(`         | ${line}`);
    if (check.hint) {
      lines.push(`         hint: ${check.hint.nudge}`);
      if (check.hint.lesson) lines.push(`         read: ${check.hint.lesson}`);
      if (check.hint.fix) lines.push(`         fix:  ${check.hint.fix}`);
    }
  }
  return lines.join("\n");
}
