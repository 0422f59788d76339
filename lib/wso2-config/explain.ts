/** Human-readable renderings of a CarbonConfig and of lint results (the CLI's non-JSON output). */
import type { ApimConfig, BrokerConfig, CarbonConfig, Diagnostic } from "./model";
import { loadCarbonHome } from "./load";
import type { LintResult } from "./lint";
import { awsSettingsOf, kubernetesSettingsOf } from "./cloud-schemes";

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  return `${d.severity.toUpperCase().padEnd(7)} ${where}  [${d.code}] ${d.message}`;
}

export function formatCarbonConfig(config: CarbonConfig, home: string): string {
  const c = config.clustering;
  const lines: Array<string> = [];
  lines.push(`Carbon home: ${home} (${config.era === "toml" ? "deployment.toml era" : "Carbon 4.4 XML era"})`);
  lines.push(`Files read: ${config.sources.length > 0 ? config.sources.join(", ") : "none"}`);
  lines.push("");
  lines.push(
    `Server: hostname ${config.server.hostname ?? "(not set)"}, mgt hostname ${config.server.mgtHostname ?? "(not set)"}, port offset ${config.server.offset}`,
  );
  const proxy = [
    config.ports.httpProxy ? `http proxy ${config.ports.httpProxy}` : "",
    config.ports.httpsProxy ? `https proxy ${config.ports.httpsProxy}` : "",
  ].filter((s) => s !== "");
  lines.push(
    `Ports: HTTP ${config.ports.http}, HTTPS ${config.ports.https}, cluster member ${config.ports.member} (not moved by the offset)${proxy.length > 0 ? `, ${proxy.join(", ")}` : ""}`,
  );
  lines.push("");
  lines.push(
    `Clustering: ${c.enabled ? "ENABLED" : "disabled"}${c.scheme ? `, scheme ${c.scheme}` : ""}, domain ${c.domain}`,
  );
  lines.push(
    `  local member ${c.localMemberHost ?? "(server IP)"}:${c.localMemberPort}; Hazelcast settings from ${c.hazelcastConfigSource}`,
  );
  if (c.scheme === "wka" || c.members.length > 0) {
    lines.push(
      `  well-known members: ${c.members.length === 0 ? "none" : c.members.map((m) => `${m.host}:${m.port}`).join(", ")}`,
    );
  }
  if (c.scheme === "multicast") {
    lines.push(
      `  multicast ${c.multicast.address ?? "(Hazelcast default group)"}:${c.multicast.port}, TTL ${c.multicast.ttl}, timeout ${c.multicast.timeout}s`,
    );
  }
  if (c.scheme === "aws") {
    const aws = awsSettingsOf(c);
    const credentials =
      aws.accessKey !== null
        ? `access key ${aws.accessKey}`
        : aws.iamRole !== null
          ? `IAM role ${aws.iamRole}`
          : "NO credentials";
    lines.push(
      `  AWS discovery: DescribeInstances in ${aws.region} (${aws.hostHeader}), security group ${aws.securityGroup ?? "(any)"}${aws.tagKey !== null ? `, tag ${aws.tagKey}=${aws.tagValue ?? ""}` : ""}, ${credentials}`,
    );
  }
  if (c.scheme === "kubernetes") {
    const k8s = kubernetesSettingsOf(c);
    const how = k8s.useDns
      ? "DNS lookup of the (headless) services"
      : `Kubernetes API endpoints (${k8s.apiServer ?? "the pod's KUBERNETES_SERVICE_HOST"})`;
    lines.push(
      `  Kubernetes discovery: ${how}, namespace ${k8s.namespace ?? "(not set)"}, services ${k8s.services.length > 0 ? k8s.services.join(", ") : "(not set)"}`,
    );
  }
  for (const [key, value] of Object.entries(c.parameters)) lines.push(`  parameter ${key} = ${value}`);
  for (const [key, value] of Object.entries(c.properties)) lines.push(`  property ${key} = ${value}`);
  lines.push("");
  lines.push("Hazelcast properties:");
  for (const [key, value] of Object.entries(config.hazelcast)) lines.push(`  ${key} = ${value}`);
  lines.push("");
  lines.push(`Datasources (${config.datasources.length}):`);
  for (const d of config.datasources)
    lines.push(
      `  ${d.name}${d.jndiName ? ` (${d.jndiName})` : ""}: ${d.url ?? "(no url)"}${d.username ? ` as ${d.username}` : ""}`,
    );
  lines.push(`Registry mounts (${config.registry.mounts.length}):`);
  for (const m of config.registry.mounts)
    lines.push(
      `  ${m.path} -> ${m.targetPath} via ${m.instanceId} on ${m.dataSource ?? "(unknown datasource)"}${m.readOnly ? " [read-only]" : ""}`,
    );
  lines.push(...formatAnalytics(config));
  if (config.broker) lines.push("", ...formatBroker(config.broker, config.server.offset));
  if (config.apim !== undefined) lines.push("", ...formatApim(config.apim));
  lines.push("");
  if (config.diagnostics.length === 0) lines.push("No problems found.");
  else {
    lines.push(`Problems (${config.diagnostics.length}):`);
    for (const d of config.diagnostics) lines.push(`  ${formatDiagnostic(d)}`);
  }
  return lines.join("\n");
}

/** IS pattern 2's sections (ADR 0034): the analytics worker's HA settings and the IS event publishers. */
function formatAnalytics(config: CarbonConfig): Array<string> {
  const lines: Array<string> = [];
  const a = config.analytics;
  if (a) {
    const c = a.cluster;
    const sync = a.deployment.eventSyncServer;
    lines.push(
      `Analytics worker (${a.file}): deployment type ${a.deployment.type ?? "(not set)"}, Thrift receiver ${a.thriftPort}`,
    );
    lines.push(
      `  cluster.config: ${c.enabled ? "ENABLED" : "disabled"}, groupId ${c.groupId ?? "(not set)"}, datasource ${c.datasource ?? "(not set)"}, heartbeat every ${c.heartbeatInterval ?? "?"} ms, max retry ${c.heartbeatMaxRetry ?? "?"}`,
    );
    lines.push(`  event sync server: ${sync.host ?? "(host not set)"}:${sync.port ?? "(port not set)"}`);
  }
  for (const p of config.eventPublishers ?? []) {
    const groups = p.receiverGroups.map(
      (g) => `${g.mode} [${g.receivers.map((r) => r.url).join(g.mode === "loadbalance" ? ", " : " | ")}]`,
    );
    lines.push(
      `Event publisher ${p.name ?? p.file} (${p.adapterType ?? "?"}, ${p.protocol ?? "?"}): stream ${p.streamName ?? "?"} -> ${groups.length > 0 ? groups.join("; ") : "(no receiverURL)"}`,
    );
  }
  return lines.length > 0 ? ["", ...lines] : lines;
}

/** The Message Broker profile's broker.xml: coordination, cluster events and the stores (facts §9). */
function formatBroker(b: BrokerConfig, offset: number): Array<string> {
  const r = b.rdbmsCoordination;
  return [
    `Message Broker (broker.xml): node ID ${b.nodeId}${b.nodeId === "default" ? " (generated per node)" : ""}, thrift ${b.thriftServerHost}:${b.thriftServerPort}, AMQP ${b.amqpPort} + offset ${offset} = ${b.amqpPort + offset}`,
    r.enabled
      ? `  RDBMS coordination ON: heartbeat every ${r.heartbeatInterval} ms (a coordinator row older than ${2 * r.heartbeatInterval} ms is stale), coordinator entry wait ${r.coordinatorEntryCreationWaitTime} ms, event polling ${r.eventPollingInterval} ms`
      : "  RDBMS coordination off: Hazelcast coordinates the broker nodes (then network partitions need handling)",
    b.rdbmsClusterEventSync.enabled
      ? `  cluster events through the database every ${b.rdbmsClusterEventSync.eventSyncInterval} ms`
      : "  cluster events through Hazelcast",
    `  message store on ${b.messageStoreDataSource ?? "(no dataSource)"}, context store on ${b.contextStoreDataSource ?? "(no dataSource)"}`,
  ];
}

/** The api-manager.xml wiring (API-M 2.x), one line per link between profiles. */
function formatApim(apim: ApimConfig): Array<string> {
  const show = (value: string | number | boolean | null): string => (value === null ? "(not set)" : String(value));
  const t = apim.throttling;
  const lines = [
    "API Manager wiring (api-manager.xml):",
    `  AuthManager (Key Manager services): ${show(apim.authManagerUrl)}`,
    `  Key validator: ${show(apim.keyValidator.serverUrl)} via ${show(apim.keyValidator.clientType)}` +
      `${apim.keyValidator.clientType === "ThriftClient" && apim.keyValidator.thriftClientPort !== null ? `, thrift port ${apim.keyValidator.thriftClientPort}` : ""}` +
      `${apim.keyValidator.thriftServerEnabled === true ? ", thrift server enabled" : ""}`,
  ];
  lines.push(`  Gateway environments (${apim.gatewayEnvironments.length}):`);
  for (const env of apim.gatewayEnvironments)
    lines.push(
      `    ${show(env.name)} [${show(env.type)}]: admin ${show(env.serverUrl)}, endpoints ${env.gatewayEndpoints.length > 0 ? env.gatewayEndpoints.join(", ") : "(none)"}`,
    );
  lines.push(
    `  Traffic Manager: advanced throttling ${show(t.advanced)}, data publisher ${show(t.dataPublisherEnabled)}, receiver ${show(t.receiverUrlGroup)}, auth ${show(t.authUrlGroup)}`,
    `  Throttle decisions (JMS): ${show(t.jmsEnabled)}, brokers ${t.jmsBrokers.length > 0 ? t.jmsBrokers.map((b) => `${b.host}:${b.port}`).join(", ") : "(none)"}`,
    `  Policy deployer: ${show(t.policyDeployerUrl)}`,
    `  Store URL: ${show(apim.storeUrl)}; revoke API: ${show(apim.revokeApiUrl)}; gateway token cache: ${show(apim.gatewayTokenCache)}`,
  );
  return lines;
}

/** Load `home` and render it: JSON (the stable CarbonConfig shape) or the readable summary. */
export async function explainCarbonHome(home: string, options: { json?: boolean } = {}): Promise<string> {
  const config = await loadCarbonHome(home);
  return options.json === true ? JSON.stringify(config, null, 2) : formatCarbonConfig(config, home);
}

export function formatLintResult(result: LintResult): string {
  const lines: Array<string> = [
    `Workspace ${result.workspace}: ${result.nodes.length} node(s)${result.nodes.length > 0 ? ` (${result.nodes.map((n) => n.name).join(", ")})` : ""}`,
  ];
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of result.diagnostics) {
    counts[d.severity] += 1;
    lines.push(formatDiagnostic(d));
  }
  lines.push(`${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} note(s)`);
  return lines.join("\n");
}
