/**
 * POST /api/submissions: a graded lab report from the CLI. Classroom mode: bearer API token only.
 * Local mode: the implicit learner. The body is capped, validated (schema, lab id, content hash, checks),
 * then the attempt and its check results are stored in one transaction; a retried submission id answers
 * with the attempt already stored (200, duplicate: true) instead of storing it twice.
 */
import { MAX_SUBMISSION_BYTES } from "@/lib/submissions/envelope";
import { countSubmissionsOf, recordLabAttempt } from "../../lab-attempts";
import { validateSubmission } from "../../submission-validation";
import { readJsonBody } from "../body";
import type { ApiHandler } from "../context";
import { resolvePrincipal } from "../principal";
import { apiError, HttpError, json } from "../respond";

/** A lab check takes minutes; a queue flush after a day offline may send a few dozen at once (the CLI retries 429). */
export const SUBMISSION_WINDOW_MS = 60_000;
export const MAX_SUBMISSIONS_PER_WINDOW = 30;
/** At 256 KiB a report, 2000 reports bound one learner to about 500 MB in the worst case (far less in practice). */
export const MAX_SUBMISSIONS_PER_LEARNER = 2000;

export const submitAttempt: ApiHandler = async (request, ctx) => {
  const principal = await resolvePrincipal(request, ctx);
  if (principal.kind === "anonymous") {
    throw new HttpError(401, "Submitting needs your personal API token: create one on the course site, then run `clusterlab login --server <url> --token <token>`.", [], { "www-authenticate": 'Bearer realm="clusterlab"' });
  }
  if (principal.via === "session") throw new HttpError(403, "Lab reports are submitted by the CLI with an API token, not from the browser.");
  // Before reading the body (security review M8): a learner's own rate and quota.
  const now = ctx.now();
  const counts = await countSubmissionsOf(ctx.db, principal.user.id, new Date(now.getTime() - SUBMISSION_WINDOW_MS));
  if (counts.recent >= MAX_SUBMISSIONS_PER_WINDOW) {
    throw new HttpError(429, `More than ${MAX_SUBMISSIONS_PER_WINDOW} reports in a minute from your account. They stay queued: \`clusterlab submit\` sends them again later.`, [], { "retry-after": String(SUBMISSION_WINDOW_MS / 1000) });
  }
  if (counts.total >= MAX_SUBMISSIONS_PER_LEARNER) {
    throw new HttpError(409, `Your account already holds ${counts.total} lab reports, the most this server keeps per learner. Ask your instructor to raise or clear it.`);
  }
  const body = await readJsonBody(request, MAX_SUBMISSION_BYTES);
  const verdict = validateSubmission(body, ctx.labs, ctx.now());
  if (!verdict.ok) return apiError(verdict.status, verdict.error, verdict.issues);
  const stored = ctx.submissions
    ? await ctx.submissions.recordAttempt(principal.user.id, verdict.submissionId, verdict.report, ctx.now())
    : await recordLabAttempt(ctx.db, principal.user.id, verdict.submissionId, verdict.report);
  return json(stored.duplicate ? 200 : 201, stored);
};
