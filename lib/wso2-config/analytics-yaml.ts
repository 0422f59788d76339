/**
 * IS Analytics 5.8 worker `conf/worker/deployment.yaml` (Stream Processor 4.x) -> the `analytics` section of the
 * model and the worker's `wso2.datasources`. Only the keys pattern 2 needs (facts §9; kubernetes-is v5.8.0.3
 * advanced/helm/is-pattern-2/confs/is-analytics-worker/conf/worker/deployment.yaml): `cluster.config`,
 * `deployment.config`, the Thrift receiver port and the datasources. Other keys are read past, not judged.
 */
import type { AnalyticsWorkerConfig, Datasource, Diagnostic } from "./model";
import { diagnostic, FILE_START, type ParseResult, type Position } from "./diagnostics";
import { parseYamlSubset, yamlGet, yamlKeyAt, yamlString, type YamlNode } from "./yaml-subset";

export const ANALYTICS_WORKER_FILE = "conf/worker/deployment.yaml";
/** The databridge Thrift TCP receiver port of IS Analytics (facts §9: thrift 7612/7712, binary 9611/9711). */
export const DEFAULT_THRIFT_PORT = 7612;

export type AnalyticsWorkerRaw = { analytics: AnalyticsWorkerConfig; datasources: Array<Datasource> };

export function parseAnalyticsWorkerYaml(text: string, file: string): ParseResult<AnalyticsWorkerRaw> {
  const { root, diagnostics } = parseYamlSubset(text, file);
  const positions: Record<string, Position> = {};

  function integer(node: YamlNode | undefined, key: string): number | null {
    const raw = yamlString(node);
    if (raw === null) return null;
    if (/^-?\d+$/.test(raw.trim())) return Number(raw.trim());
    diagnostics.push(
      diagnostic(
        "error",
        "yaml-not-integer",
        file,
        node?.at ?? FILE_START,
        `${key} must be a whole number, not "${raw}".`,
        key,
      ),
    );
    return null;
  }
  function locate(key: string, ...path: Array<string>): void {
    const at = yamlKeyAt(root, ...path);
    if (at) positions[key] = at;
  }

  const cluster = yamlGet(root, "cluster.config");
  const strategy = yamlGet(cluster, "strategyConfig");
  const enabledText = yamlString(yamlGet(cluster, "enabled"));
  if (enabledText !== null && enabledText !== "true" && enabledText !== "false") {
    diagnostics.push(
      diagnostic(
        "error",
        "yaml-not-boolean",
        file,
        yamlGet(cluster, "enabled")?.at ?? FILE_START,
        `cluster.config enabled must be true or false, not "${enabledText}".`,
        "cluster.config.enabled",
      ),
    );
  }
  locate("analytics.cluster.enabled", "cluster.config", "enabled");
  if (positions["analytics.cluster.enabled"] === undefined) locate("analytics.cluster.enabled", "cluster.config");
  locate("analytics.cluster.groupId", "cluster.config", "groupId");
  locate("analytics.cluster.datasource", "cluster.config", "strategyConfig", "datasource");
  locate("analytics.cluster.heartbeatInterval", "cluster.config", "strategyConfig", "heartbeatInterval");
  locate("analytics.cluster.heartbeatMaxRetry", "cluster.config", "strategyConfig", "heartbeatMaxRetry");
  locate("analytics.deployment.type", "deployment.config", "type");
  if (positions["analytics.deployment.type"] === undefined) locate("analytics.deployment.type", "deployment.config");

  const deployment = yamlGet(root, "deployment.config");
  const sync = yamlGet(deployment, "eventSyncServer");
  locate("analytics.deployment.eventSyncServer", "deployment.config", "eventSyncServer");

  // databridge.config.dataReceivers: [- dataReceiver: {type: Thrift, properties: {tcpPort}}]
  let thriftPort = DEFAULT_THRIFT_PORT;
  const receivers = yamlGet(root, "databridge.config", "dataReceivers");
  if (receivers?.kind === "seq") {
    for (const item of receivers.items) {
      const receiver = yamlGet(item, "dataReceiver");
      if (yamlString(yamlGet(receiver, "type"))?.toLowerCase() !== "thrift") continue;
      thriftPort = integer(yamlGet(receiver, "properties", "tcpPort"), "dataReceiver tcpPort") ?? thriftPort;
    }
  }

  const datasources: Array<Datasource> = [];
  const list = yamlGet(root, "wso2.datasources", "dataSources");
  if (list?.kind === "seq") {
    for (const item of list.items) {
      const name = yamlString(yamlGet(item, "name"));
      if (name === null) {
        diagnostics.push(
          diagnostic(
            "error",
            "datasource-no-name",
            file,
            item.at,
            "A wso2.datasources entry has no name; give it one (e.g. name: WSO2_CLUSTER_DB).",
          ),
        );
        continue;
      }
      const configuration = yamlGet(item, "definition", "configuration");
      const pool: Record<string, string | number> = {};
      if (configuration?.kind === "map") {
        for (const e of configuration.entries) {
          const v = yamlString(e.value);
          if (v === null || ["jdbcUrl", "username", "password", "driverClassName"].includes(e.key)) continue;
          pool[e.key] = /^\d+$/.test(v) ? Number(v) : v;
        }
      }
      datasources.push({
        name,
        jndiName: yamlString(yamlGet(item, "jndiConfig", "name")),
        url: yamlString(yamlGet(configuration, "jdbcUrl")),
        username: yamlString(yamlGet(configuration, "username")),
        password: yamlString(yamlGet(configuration, "password")),
        driver: yamlString(yamlGet(configuration, "driverClassName")),
        pool,
      });
      const at = yamlKeyAt(item, "definition") ?? item.at;
      positions[`datasources.${name}`] = yamlKeyAt(configuration, "jdbcUrl") ?? at;
    }
  }

  const analytics: AnalyticsWorkerConfig = {
    file,
    cluster: {
      enabled: enabledText === "true",
      groupId: yamlString(yamlGet(cluster, "groupId")),
      coordinationStrategyClass: yamlString(yamlGet(cluster, "coordinationStrategyClass")),
      datasource: yamlString(yamlGet(strategy, "datasource")),
      heartbeatInterval: integer(yamlGet(strategy, "heartbeatInterval"), "strategyConfig heartbeatInterval"),
      heartbeatMaxRetry: integer(yamlGet(strategy, "heartbeatMaxRetry"), "strategyConfig heartbeatMaxRetry"),
      eventPollingInterval: integer(yamlGet(strategy, "eventPollingInterval"), "strategyConfig eventPollingInterval"),
    },
    deployment: {
      type: yamlString(yamlGet(deployment, "type")),
      eventSyncServer: {
        host: yamlString(yamlGet(sync, "host")),
        port: integer(yamlGet(sync, "port"), "eventSyncServer port"),
        advertisedHost: yamlString(yamlGet(sync, "advertisedHost")),
        advertisedPort: integer(yamlGet(sync, "advertisedPort"), "eventSyncServer advertisedPort"),
      },
    },
    thriftPort,
  };
  return { raw: { analytics, datasources }, diagnostics: diagnostics satisfies Array<Diagnostic>, positions };
}
