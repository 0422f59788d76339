/** Public API of lib/labs: lab definitions (labs/<id>/lab.ts), the CLI and the web UI import from here only. */
export {
  defineLab,
  labDefinitionSchema,
  labNodeSchema,
  nodeRoleSchema,
  runtimeKindSchema,
  LabDefinitionError,
  DEFAULT_PORTS,
  DEFAULT_STAGE,
} from "./schema";
export type { LabDefinition, LabDefinitionInput, LabNode, NodeRole, RuntimeKind } from "./schema";
export type { LabCheckContext } from "./check-context";
export { createLabCheckContext, defineLabCheck } from "./check-context";
export { createLabRegistry, labContentHash, LabNotFoundError, LabCatalogueError } from "./registry";
export type { LabRegistry, RegisteredLab } from "./registry";
export { findEdits, hasEdits, describeWorkspaceWrite, readManifest, writeWorkspace, WorkspaceError } from "./workspace";
export type { WorkspaceEdits, WorkspaceManifest, WriteWorkspaceResult } from "./workspace";
export { readSession, sessionFile } from "./session";
export type { LabSession } from "./session";
export { buildTopology, defaultReadiness } from "./topology";
export { lintLabWorkspace, formatDiagnostic } from "./lint";
export type { LintOutcome } from "./lint";
export {
  initLab,
  solveLab,
  resetLab,
  upLab,
  downLab,
  checkLab,
  statusLab,
  logsLab,
  liveSession,
  chooseRuntime,
  describeProgress,
  nodeLab,
  runStaticChecks,
  NODE_OPERATIONS,
  STATIC_CHECK_ID,
} from "./lifecycle";
export type { LabStatus, NodeOperation, Progress, UpResult } from "./lifecycle";
export { LabUsageError, LintFailedError, learnerErrorKind, isLearnerError } from "./learner-error";
export type { LearnerErrorKind } from "./learner-error";
export { createLabDesk } from "./desk";
export type { DeskReportDelivery, LabDesk, LabDeskOptions, LabTarget } from "./desk";
