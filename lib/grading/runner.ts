/**
 * Runs a lab's checks in declaration order and turns their outcomes into a versioned report.
 * The runner owns the rules every lab gets for free: a check that throws or overruns its deadline is an
 * `error` (ours), a check whose prerequisites did not pass is `skipped`, points are all-or-nothing.
 */
import { capEvidence, type CheckDefinition, type CheckOutcome } from "./check";
import {
  labReportSchema,
  REPORT_SCHEMA_VERSION,
  type CheckResult,
  type LabReport,
  type WorkspaceSource,
} from "./report";

export const DEFAULT_CHECK_TIMEOUT_MS = 60_000;

export type RunChecksOptions<Ctx> = {
  lab: string;
  contentHash: string;
  runtime: LabReport["runtime"];
  checks: ReadonlyArray<CheckDefinition<Ctx>>;
  /** Builds the context one check runs with; the signal aborts when the check's deadline passes. */
  contextFor: (check: CheckDefinition<Ctx>, signal: AbortSignal) => Ctx;
  /** Results decided before any check ran (e.g. static config lint), listed first in the report. */
  preResults?: Array<CheckResult>;
  /** When set, every check is reported `skipped` with this reason (e.g. the workspace does not parse). */
  skipAllBecause?: string;
  onResult?: (result: CheckResult) => void;
  signal?: AbortSignal;
  now?: () => Date;
  /** Where the graded workspace came from and its config hash (security review M6), copied into the report. */
  provenance?: { workspaceSource: WorkspaceSource; configHash: string };
};

export async function runChecks<Ctx>(options: RunChecksOptions<Ctx>): Promise<LabReport> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const results: Array<CheckResult> = (options.preResults ?? []).map((r) => ({
    ...r,
    evidence: capEvidence(r.evidence),
  }));
  const passed = new Set(results.filter((r) => r.status === "pass").map((r) => r.id));

  for (const check of options.checks) {
    const started = Date.now();
    let outcome: CheckOutcome;
    const missing = (check.requires ?? []).filter((id) => !passed.has(id));
    if (options.skipAllBecause) {
      outcome = { status: "skipped", evidence: { expected: "the check to run", observed: options.skipAllBecause } };
    } else if (options.signal?.aborted) {
      outcome = { status: "skipped", evidence: { expected: "the check to run", observed: "grading was cancelled" } };
    } else if (missing.length > 0) {
      outcome = {
        status: "skipped",
        evidence: {
          expected: `${missing.join(", ")} to pass first`,
          observed: `not run: ${missing.join(", ")} did not pass`,
        },
      };
    } else {
      outcome = await runOne(check, options);
    }
    const result: CheckResult = {
      id: check.id,
      title: check.title,
      status: outcome.status,
      points: outcome.status === "pass" ? check.points : 0,
      maxPoints: check.points,
      evidence: capEvidence(outcome.evidence),
      hint: outcome.status === "fail" || outcome.status === "error" ? check.hint : null,
      durationMs: Date.now() - started,
    };
    if (result.status === "pass") passed.add(check.id);
    results.push(result);
    options.onResult?.(result);
  }

  const report: LabReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    lab: options.lab,
    contentHash: options.contentHash,
    runtime: options.runtime,
    startedAt: startedAt.toISOString(),
    finishedAt: now().toISOString(),
    score: results.reduce((total, r) => total + r.points, 0),
    maxScore: results.reduce((total, r) => total + r.maxPoints, 0),
    checks: results,
    ...(options.provenance ?? {}),
  };
  // The report leaves through JSON and a database: validate it here so a bug never ships a malformed one.
  return labReportSchema.parse(report);
}

async function runOne<Ctx>(check: CheckDefinition<Ctx>, options: RunChecksOptions<Ctx>): Promise<CheckOutcome> {
  const timeoutMs = check.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", onOuterAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<CheckOutcome>((resolve) => {
    timer = setTimeout(() => {
      // Settle the deadline before aborting: a check that reacts to the abort must not win the race.
      resolve({
        status: "error",
        evidence: {
          expected: `the check to finish within ${timeoutMs} ms`,
          observed: "it did not finish in time (a grader problem, not yours)",
        },
      });
      controller.abort(new Error(`check ${check.id} timed out`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([check.run(options.contextFor(check, controller.signal)), deadline]);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    return { status: "error", evidence: { expected: "the check to run", observed: `the grader failed: ${message}` } };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onOuterAbort);
  }
}
