/**
 * lib/wso2-config public API. Import from "@/lib/wso2-config".
 * - loadCarbonHome(dir) -> CarbonConfig (diagnostics inside; throws CarbonHomeError only for a missing dir)
 * - explainCarbonHome(dir, { json }) -> string; lintWorkspace(dir) -> LintResult; LINT_RULES
 * - lower level: parseDeploymentToml, parseAxis2Xml, parseCarbonXml, parseMasterDatasourcesXml,
 *   parseRegistryXml, parseHazelcastProperties, parseHazelcastXml, parseApiManagerXml (raw facts + diagnostics + positions),
 *   rawFactsOf (the reference-samples view of one file).
 */
export * from "./model";
export { loadCarbonHome, loadCarbonHomeDetailed, configFromTexts, CarbonHomeError, CONFIG_FILES } from "./load";
export { explainCarbonHome, formatCarbonConfig, formatDiagnostic, formatLintResult } from "./explain";
export {
  lintWorkspace,
  lintNodes,
  LINT_RULES,
  type LintRule,
  type LintCode,
  type LintResult,
  type LintNode,
} from "./lint";
export { parseDeploymentToml, DEPLOYMENT_TOML_FILE, type DeploymentTomlRaw } from "./deployment-toml";
export { parseAxis2Xml, AXIS2_FILE, type Axis2Raw } from "./axis2-xml";
export { parseCarbonXml, CARBON_FILE, type CarbonXmlRaw } from "./carbon-xml";
export { parseMasterDatasourcesXml, MASTER_DATASOURCES_FILE, type DatasourcesXmlRaw } from "./datasources-xml";
export { parseRegistryXml, REGISTRY_FILE, type RegistryXmlRaw } from "./registry-xml";
export {
  parseHazelcastProperties,
  HAZELCAST_PROPERTIES_FILE,
  type HazelcastPropertiesRaw,
} from "./hazelcast-properties";
export { parseHazelcastXml, HAZELCAST_XML_FILE, type HazelcastXmlRaw } from "./hazelcast-xml";
export {
  parseApiManagerXml,
  parseApimEndpoint,
  urlGroupMembers,
  jmsBrokerUrls,
  API_MANAGER_FILE,
  APIM_PORT_PLACEHOLDERS,
  type ApiManagerXmlRaw,
  type ApimEndpoint,
} from "./api-manager-xml";
export {
  apimProfileOf,
  apimFindings,
  APIM_LINT_RULES,
  APIM_PROFILES,
  APIM_PROFILE_DATABASES,
  type ApimProfile,
  type ApimLintCode,
} from "./apim-lint";
export { rawFactsOf, collectPlaceholders, type RawFacts } from "./raw-view";
export type { ParseResult, Position } from "./diagnostics";
export type { Normalised, Locations, Location } from "./normalise";
export {
  awsSettingsOf,
  kubernetesSettingsOf,
  schemeValue,
  isAvailabilityZone,
  AWS_MEMBER_PORT_RANGE,
  type AwsSchemeSettings,
  type KubernetesSchemeSettings,
} from "./cloud-schemes";
