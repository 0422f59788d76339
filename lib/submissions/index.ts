/** Public API of lib/submissions (used by the lab CLI and `clusterlab login|submit`). */
export { submitReport, flushQueue, isLoggedIn, queuedCount } from "./client";
export type { SubmissionOutcome, SubmitOptions, SubmitResult } from "./client";
export {
  readCredentials,
  writeCredentials,
  removeCredentials,
  credentialsSchema,
  serverUrlSchema,
  CredentialsError,
} from "./credentials";
export type { ClassroomCredentials } from "./credentials";
export { submissionPaths } from "./paths";
export { listQueue } from "./queue";
export { MAX_SUBMISSION_BYTES, submissionEnvelopeSchema, submissionAcceptedSchema, apiErrorSchema } from "./envelope";
export { createReportDelivery, deliverReport } from "./deliver";
export type { DeliveryOptions, DeliveryResult, ReportDelivery } from "./deliver";
