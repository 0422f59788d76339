/**
 * The wire format of POST /api/submissions, shared by the CLI (sender) and the server (receiver).
 * `submissionId` is chosen by the CLI when the report is first queued and reused on every retry, so the
 * server stores a retried submission once (idempotency key, unique per user).
 * The report itself is validated on the server with lib/grading's labReportSchema (one schema, not two).
 */
import { z } from "zod";

/** Reports are small (a few KiB); anything far larger is a mistake or an attack. */
export const MAX_SUBMISSION_BYTES = 256 * 1024;

export const submissionIdSchema = z.uuid({ error: "submissionId must be a UUID" });

export const submissionEnvelopeSchema = z.strictObject({
  submissionId: submissionIdSchema,
  report: z.unknown(),
});
export type SubmissionEnvelope = z.infer<typeof submissionEnvelopeSchema>;

export const submissionAcceptedSchema = z.object({
  attemptId: z.string(),
  duplicate: z.boolean(),
});
export type SubmissionAccepted = z.infer<typeof submissionAcceptedSchema>;

/** Every error answer of the API has this shape. */
export const apiErrorSchema = z.object({ error: z.string(), issues: z.array(z.string()).optional() });
