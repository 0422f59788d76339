/**
 * POST /api/submissions: a graded lab report from the CLI. Classroom mode: bearer API token only.
 * Local mode: the implicit learner. The body is capped, validated (schema, lab id, content hash, checks),
 * then the attempt and its check results are stored in one transaction; a retried submission id answers
 * with the attempt already stored (200, duplicate: true) instead of storing it twice.
 */
import { MAX_SUBMISSION_BYTES } from "@/lib/submissions/envelope";
import { recordLabAttempt } from "../../lab-attempts";
import { validateSubmission } from "../../submission-validation";
import { readJsonBody } from "@/lib/http/body";
import type { ApiHandler } from "../context";
import { resolvePrincipal } from "../principal";
import { apiError, HttpError, json } from "../respond";

export const submitAttempt: ApiHandler = async (request, ctx) => {
  const principal = await resolvePrincipal(request, ctx);
  if (principal.kind === "anonymous") {
    throw new HttpError(401, "Submitting needs your personal API token: create one on the course site, then run `clusterlab login --server <url> --token <token>`.", [], { "www-authenticate": 'Bearer realm="clusterlab"' });
  }
  if (principal.via === "session") throw new HttpError(403, "Lab reports are submitted by the CLI with an API token, not from the browser.");
  const body = await readJsonBody(request, { maxBytes: MAX_SUBMISSION_BYTES });
  const verdict = validateSubmission(body, ctx.labs, ctx.now());
  if (!verdict.ok) return apiError(verdict.status, verdict.error, verdict.issues);
  const stored = ctx.submissions
    ? await ctx.submissions.recordAttempt(principal.user.id, verdict.submissionId, verdict.report, ctx.now())
    : await recordLabAttempt(ctx.db, principal.user.id, verdict.submissionId, verdict.report);
  return json(stored.duplicate ? 200 : 201, stored);
};
