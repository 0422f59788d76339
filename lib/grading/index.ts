/** Public API of lib/grading: labs and the lifecycle import from here only. */
export {
  defineCheck,
  pass,
  fail,
  error,
  verdict,
  checkStatusSchema,
  evidenceSchema,
  hintSchema,
  checkIdSchema,
  CheckDefinitionError,
  capEvidence,
  EVIDENCE_LIMITS,
} from "./check";
export type { CheckDefinition, CheckOutcome, CheckStatus, Evidence, Hint } from "./check";
export { runChecks, DEFAULT_CHECK_TIMEOUT_MS } from "./runner";
export type { RunChecksOptions } from "./runner";
export {
  labReportSchema,
  checkResultSchema,
  REPORT_SCHEMA_VERSION,
  reportExitCode,
  formatReport,
  workspaceSourceSchema,
} from "./report";
export type { LabReport, CheckResult, WorkspaceSource } from "./report";
export { httpProbe } from "./probes/http";
export type { HttpProbeResult, HttpProbeOptions } from "./probes/http";
