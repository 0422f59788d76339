/**
 * Server-side validation of a submitted lab report, before anything is stored:
 * 1. the envelope has exactly { submissionId, report };
 * 2. the report matches lib/grading's labReportSchema (which also checks the score adds up) and has no unknown fields;
 * 3. the lab exists on this server and the report's content hash is the lab's current one;
 * 4. the checks are exactly the lab's checks with the lab's points (a report cannot invent or re-weight checks),
 *    plus optionally the engine's own 0-point checks (ENGINE_CHECKS: the static configuration check);
 * 5. the times make sense (finished after started, not in the future);
 * 6. every NUL character (U+0000) in any string of the accepted report becomes U+FFFD (see withoutNulCharacters).
 * Pure: the caller supplies the catalogue and the clock.
 */
import { labReportSchema, type LabReport } from "@/lib/grading";
import { submissionEnvelopeSchema } from "@/lib/submissions/envelope";
import { ENGINE_CHECKS, type LabCatalog } from "./lab-catalog";
import { findUnknownKeys } from "./unknown-keys";

export type ValidSubmission = { ok: true; submissionId: string; report: LabReport };
export type InvalidSubmission = { ok: false; status: 400 | 409 | 422; error: string; issues: Array<string> };

/** Clock skew tolerated between the learner's machine and the server. */
const FUTURE_TOLERANCE_MS = 10 * 60 * 1000;

export function validateSubmission(body: unknown, catalog: LabCatalog, now: Date): ValidSubmission | InvalidSubmission {
  const envelope = submissionEnvelopeSchema.safeParse(body);
  if (!envelope.success) {
    return invalid(
      400,
      "The submission must be a JSON object with exactly submissionId (a UUID) and report.",
      envelope.error.issues.map((i) => formatIssue(i)),
    );
  }
  const parsed = labReportSchema.safeParse(envelope.data.report);
  if (!parsed.success) {
    return invalid(
      422,
      "The report is not a valid ClusterLab grading report (schema version 1). Re-run `clusterlab lab check` with a current CLI.",
      parsed.error.issues.map((i) => formatIssue(i, "report")),
    );
  }
  const unknown = findUnknownKeys(envelope.data.report, parsed.data);
  if (unknown.length > 0) {
    return invalid(
      422,
      "The report has fields a ClusterLab grading report does not have.",
      unknown.map((key) => `report.${key}: unknown field`),
    );
  }
  const report = parsed.data;
  const lab = catalog.find(report.lab);
  if (!lab)
    return invalid(
      422,
      `This server has no lab "${report.lab.slice(0, 80)}". Check the lab id, or ask your instructor which labs the course uses.`,
      [],
    );
  if (report.contentHash !== lab.contentHash) {
    return invalid(
      409,
      `The report was graded against a different version of lab "${lab.id}" than this server has. Update your course copy (git pull), run \`clusterlab lab check ${lab.id}\` again, then submit.`,
      [`report.contentHash: expected ${lab.contentHash}`],
    );
  }
  const issues: Array<string> = [];
  const expected = new Map(lab.checks.map((check) => [check.id, check]));
  const optional = new Map(ENGINE_CHECKS.filter((check) => !expected.has(check.id)).map((check) => [check.id, check]));
  const seen = new Set<string>();
  for (const [index, check] of report.checks.entries()) {
    const known = expected.get(check.id) ?? optional.get(check.id);
    if (!known) issues.push(`report.checks[${index}].id: lab "${lab.id}" has no check "${check.id.slice(0, 80)}"`);
    else if (known.maxPoints !== check.maxPoints)
      issues.push(
        `report.checks[${index}].maxPoints: check "${check.id}" is worth ${known.maxPoints}, not ${check.maxPoints}`,
      );
    if (seen.has(check.id)) issues.push(`report.checks[${index}].id: check "${check.id.slice(0, 80)}" appears twice`);
    seen.add(check.id);
  }
  for (const id of expected.keys()) if (!seen.has(id)) issues.push(`report.checks: check "${id}" is missing`);
  if (issues.length > 0) return invalid(422, `The report's checks do not match lab "${lab.id}".`, issues);
  const started = Date.parse(report.startedAt);
  const finished = Date.parse(report.finishedAt);
  if (finished < started)
    return invalid(422, "The report finished before it started.", ["report.finishedAt: earlier than report.startedAt"]);
  if (finished > now.getTime() + FUTURE_TOLERANCE_MS)
    return invalid(422, "The report is dated in the future. Check your computer's clock, then run the check again.", [
      "report.finishedAt: in the future",
    ]);
  return { ok: true, submissionId: envelope.data.submissionId, report: withoutNulCharacters(report) };
}

/** What a NUL character in a submitted string is stored as: the Unicode replacement character, so the evidence still shows something was there. */
export const NUL_REPLACEMENT = "\uFFFD";

/**
 * A copy of `value` with every U+0000 in every string (keys included) replaced by NUL_REPLACEMENT. Evidence is
 * often copied from an HTTP body or a log, where a NUL can appear; SQLite stores it, but PostgreSQL's jsonb and
 * text types reject it (json_to_recordset fails on "\u0000"), so the same report would be stored on one backend
 * and refused on the other. Replacing it here, before either store sees the report, makes both store the same thing.
 */
export function withoutNulCharacters<T>(value: T): T {
  return replaceNul(value) as T;
}

function replaceNul(value: unknown): unknown {
  if (typeof value === "string") return value.includes("\u0000") ? value.replaceAll("\u0000", NUL_REPLACEMENT) : value;
  if (Array.isArray(value)) return value.map(replaceNul);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [replaceNul(key), replaceNul(inner)]));
  }
  return value;
}

function invalid(status: InvalidSubmission["status"], error: string, issues: Array<string>): InvalidSubmission {
  return { ok: false, status, error, issues: issues.slice(0, 20) };
}

function formatIssue(issue: { path: ReadonlyArray<PropertyKey>; message: string }, prefix?: string): string {
  const where = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
  return `${where || "(body)"}: ${issue.message}`;
}
