/** Grader probes: cluster views, HTTP with a cookie jar, SQL in the database node, log search, fault drills, workspace config. */
export { pollUntil, sleep, type PollResult } from "./poll";
export {
  readClusterView,
  describeView,
  memberNames,
  viewsAgree,
  clusterViewSchema,
  type ClusterView,
  type NodeView,
  type ViewMember,
} from "./cluster-view";
export { createCookieJar, httpWithJar, type CookieJar } from "./cookie-jar";
export {
  findLogLines,
  findLogLinesIn,
  linesAfter,
  markLogs,
  type LogMark,
  type LogSearchOptions,
  type LogSource,
} from "./logs";
export { createDrill, type Drill, type FaultOps } from "./faults";
export {
  readNodeConfig,
  configFile,
  wkaList,
  advertisedAddress,
  hazelcastSeconds,
  type NodeConfig,
} from "./carbon-config";
export { psql, sqlLiteral, type Exec, type SqlResult } from "./sql";
export {
  mysql,
  mysqlArgv,
  mysqlLiteral,
  parseMysqlBatch,
  MARIADB_DEFAULT_ROOT_PASSWORD,
  type MysqlOptions,
} from "./mysql";
export {
  inspectMariadbAccess,
  inspectPostgresAccess,
  postgresDatabaseOwners,
  NEEDED_PRIVILEGES,
  type DbInspection,
} from "./db-access";
export { readViews, waitForAgreement, type ProbeContext } from "./context";
export { tallyThroughLb, describeTally, waitUntilBehindLb, type LbTally } from "./load-balancer";
export { httpProbe } from "./http";
export { parseJsonAs, runTag } from "./payload";
// The training node's responses, one zod schema each (lib/carbon-node/api-contract.ts): parse what a node answers with these.
export { nodeApi } from "@/lib/carbon-node/api-contract";
export { nodeClient, type NodeCall, type NodeClient, type NodeClientOptions } from "./node-client";
export {
  terminateEc2Instance,
  readKubeAudit,
  readEc2Calls,
  describeKubeAudit,
  describeEc2Call,
  parseRbac,
  authorize,
  RbacError,
  parseIamPolicy,
  isActionAllowed,
  IamPolicyError,
  type KubeAuditEntry,
  type Ec2CallEntry,
  type RbacPolicy,
  type IamPolicy,
} from "./stand-ins";
