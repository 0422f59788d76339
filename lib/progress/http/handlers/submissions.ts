/**
 * POST /api/submissions: a graded lab report from the CLI. Classroom mode: bearer API token only.
 * Local mode: the implicit learner. The learner's rate and quota are checked first (security review M8), then the
 * body is capped, validated (schema, lab id, content hash, checks), and the attempt and its check results are stored
 * in one transaction; a retried submission id answers with the attempt already stored (200, duplicate: true)
 * instead of storing it twice.
 */
import { MAX_SUBMISSION_BYTES } from "@/lib/submissions/envelope";
import { countSubmissionsOf, recordLabAttempt } from "../../lab-attempts";
import { validateSubmission } from "../../submission-validation";
import { readJsonBody } from "@/lib/http/body";
import type { ApiContext, ApiHandler } from "../context";
import { resolvePrincipal } from "../principal";
import { apiError, HttpError, json } from "../respond";

/** A lab check takes minutes; a queue flush after a day offline may send a few dozen at once (the CLI retries 429). */
export const SUBMISSION_WINDOW_MS = 60_000;
export const MAX_SUBMISSIONS_PER_WINDOW = 30;
/** At 256 KiB a report, 2000 reports bound one learner to about 500 MB in the worst case (far less in practice). */
export const MAX_SUBMISSIONS_PER_LEARNER = 2000;
export const SUBMISSION_LIMITS = { perMinute: MAX_SUBMISSIONS_PER_WINDOW, total: MAX_SUBMISSIONS_PER_LEARNER } as const;
/** For load harnesses only (serve.ts --no-submission-limits). */
export const NO_SUBMISSION_LIMITS = { perMinute: Number.POSITIVE_INFINITY, total: Number.POSITIVE_INFINITY } as const;

export const submitAttempt: ApiHandler = async (request, ctx) => {
  const principal = await resolvePrincipal(request, ctx);
  if (principal.kind === "anonymous") {
    throw new HttpError(
      401,
      "Submitting needs your personal API token: create one on the course site, then run `clusterlab login --server <url> --token <token>`.",
      [],
      { "www-authenticate": 'Bearer realm="clusterlab"' },
    );
  }
  if (principal.via === "session")
    throw new HttpError(403, "Lab reports are submitted by the CLI with an API token, not from the browser.");
  await enforceSubmissionLimits(ctx, principal.user.id, ctx.submissionLimits ?? SUBMISSION_LIMITS);
  const body = await readJsonBody(request, { maxBytes: MAX_SUBMISSION_BYTES });
  const verdict = validateSubmission(body, ctx.labs, ctx.now());
  if (!verdict.ok) return apiError(verdict.status, verdict.error, verdict.issues);
  const stored = ctx.submissions
    ? await ctx.submissions.recordAttempt(principal.user.id, verdict.submissionId, verdict.report, ctx.now())
    : await recordLabAttempt(ctx.db, principal.user.id, verdict.submissionId, verdict.report);
  return json(stored.duplicate ? 200 : 201, stored);
};

/** Before the body is read: a learner's own rate (429, the CLI keeps the report queued) and quota (409, it will not clear by waiting). */
async function enforceSubmissionLimits(
  ctx: ApiContext,
  userId: string,
  limits: { perMinute: number; total: number },
): Promise<void> {
  if (!Number.isFinite(limits.perMinute) && !Number.isFinite(limits.total)) return;
  const since = new Date(ctx.now().getTime() - SUBMISSION_WINDOW_MS);
  // The raw-SQL store answers in one statement; the Prisma path (no store configured) in two counts.
  const counts = ctx.submissions
    ? await ctx.submissions.countSubmissions(userId, since)
    : await countSubmissionsOf(ctx.db, userId, since);
  if (counts.recent >= limits.perMinute) {
    throw new HttpError(
      429,
      `More than ${limits.perMinute} reports in a minute from your account. They stay queued: \`clusterlab submit\` sends them again later.`,
      [],
      { "retry-after": String(SUBMISSION_WINDOW_MS / 1000) },
    );
  }
  if (counts.total >= limits.total) {
    throw new HttpError(
      409,
      `Your account already holds ${counts.total} lab reports, the most this server keeps per learner. Ask your instructor to raise or clear it.`,
    );
  }
}
