/**
 * Lint rules for IS deployment pattern 2 (facts §9, ADR 0034): the analytics workers' minimum-HA settings and the
 * IS event publishers that feed them. lint.ts turns each finding into a positioned diagnostic.
 */
import type { CarbonConfig } from "./model";

export const ANALYTICS_LINT_RULES = [
  {
    code: "analytics-ha-without-cluster",
    severity: "error",
    title: "An analytics worker runs deployment type ha without cluster.config enabled",
  },
  {
    code: "analytics-cluster-datasource-missing",
    severity: "error",
    title: "The cluster coordination datasource is not defined in wso2.datasources",
  },
  {
    code: "analytics-cluster-db-local",
    severity: "warning",
    title: "Analytics cluster coordination on a node-local H2 database",
  },
  { code: "analytics-heartbeat", severity: "warning", title: "Analytics heartbeat settings missing or out of range" },
  { code: "analytics-group-mismatch", severity: "error", title: "Analytics workers are in different groupIds" },
  {
    code: "publisher-single-receiver",
    severity: "warning",
    title: "An event publisher sends to one analytics worker only",
  },
  {
    code: "publisher-load-balancing",
    severity: "warning",
    title: "An event publisher load-balances (,) instead of failing over (|)",
  },
] as const;

export type AnalyticsLintCode = (typeof ANALYTICS_LINT_RULES)[number]["code"];
export type AnalyticsFinding = { code: AnalyticsLintCode; node: string; key: string; message: string };

type Node = { name: string; config: CarbonConfig };

/** The coordination strategy IS pattern 2 configures and the training node models. */
export const RDBMS_STRATEGY = "org.wso2.carbon.cluster.coordinator.rdbms.RDBMSCoordinationStrategy";

function isLocalH2(url: string | null): boolean {
  return url !== null && url.trim().toLowerCase().startsWith("jdbc:h2:");
}

export function analyticsFindings(nodes: ReadonlyArray<Node>): Array<AnalyticsFinding> {
  const out: Array<AnalyticsFinding> = [];
  const workers = nodes.flatMap((n) => (n.config.analytics ? [{ name: n.name, a: n.config.analytics, n }] : []));
  for (const { name, a, n } of workers) {
    const c = a.cluster;
    if (a.deployment.type === "ha" && !c.enabled) {
      out.push({
        code: "analytics-ha-without-cluster",
        node: name,
        key: "analytics.cluster.enabled",
        message: `${name} sets deployment.config type: ha but cluster.config is not enabled, so it cannot tell whether it is the active or the passive worker. Set cluster.config enabled: true with the RDBMS coordination strategy.`,
      });
    }
    if (!c.enabled) continue;
    if (c.coordinationStrategyClass !== null && c.coordinationStrategyClass !== RDBMS_STRATEGY) {
      out.push({
        code: "analytics-heartbeat",
        node: name,
        key: "analytics.cluster.groupId",
        message: `${name} uses coordinationStrategyClass ${c.coordinationStrategyClass}; IS pattern 2 uses ${RDBMS_STRATEGY}, which the training node models.`,
      });
    }
    const ds = c.datasource === null ? undefined : n.config.datasources.find((d) => d.name === c.datasource);
    if (ds === undefined) {
      out.push({
        code: "analytics-cluster-datasource-missing",
        node: name,
        key: "analytics.cluster.datasource",
        message: `${name}'s strategyConfig datasource ${c.datasource ?? "(not set)"} is not one of its wso2.datasources, so the workers have nowhere to coordinate. Define WSO2_CLUSTER_DB under wso2.datasources and name it in strategyConfig.`,
      });
    } else if (isLocalH2(ds.url)) {
      out.push({
        code: "analytics-cluster-db-local",
        node: name,
        key: "analytics.cluster.datasource",
        message: `${name} coordinates through ${ds.name} on an embedded H2 file (${ds.url}), which no other worker can see: each worker would make itself active. Point ${ds.name} at a database both workers share (PostgreSQL or MySQL).`,
      });
    }
    const interval = c.heartbeatInterval;
    const retries = c.heartbeatMaxRetry;
    if (interval === null || retries === null || interval < 100 || interval > 60_000 || retries < 1) {
      out.push({
        code: "analytics-heartbeat",
        node: name,
        key:
          interval === null || interval < 100 || interval > 60_000
            ? "analytics.cluster.heartbeatInterval"
            : "analytics.cluster.heartbeatMaxRetry",
        message: `${name} has heartbeatInterval ${interval ?? "(not set)"} ms and heartbeatMaxRetry ${retries ?? "(not set)"}: the passive worker takes over after about interval × maxRetry without a heartbeat. Use values like the IS 5.8 configuration: heartbeatInterval: 1000 and heartbeatMaxRetry: 2.`,
      });
    }
  }
  const groups = new Map<string, Array<string>>();
  for (const { name, a } of workers.filter((w) => w.a.cluster.enabled)) {
    const id = a.cluster.groupId ?? "(none)";
    groups.set(id, [...(groups.get(id) ?? []), name]);
  }
  if (groups.size > 1) {
    const summary = [...groups].map(([id, names]) => `${id} (${names.join(", ")})`).join(" vs ");
    for (const names of [...groups.values()].slice(1))
      for (const name of names)
        out.push({
          code: "analytics-group-mismatch",
          node: name,
          key: "analytics.cluster.groupId",
          message: `The analytics workers disagree on groupId: ${summary}. Workers in different groups never coordinate, so both become active; use one groupId (e.g. is.analytics) on every worker.`,
        });
  }
  for (const n of nodes) {
    for (const p of n.config.eventPublishers ?? []) {
      if (p.adapterType !== "wso2event") continue;
      const key = `eventPublishers.${p.file}.receiverURL`;
      for (const group of p.receiverGroups) {
        if (group.mode === "single") {
          out.push({
            code: "publisher-single-receiver",
            node: n.name,
            key,
            message: `${p.file} on ${n.name} sends to ${group.receivers[0]?.url ?? "one receiver"} only: when that worker is down or passive, every event is lost. List both workers as a failover group, e.g. tcp://worker1:7612|tcp://worker2:7612.`,
          });
        }
        if (group.mode === "loadbalance") {
          out.push({
            code: "publisher-load-balancing",
            node: n.name,
            key,
            message: `${p.file} on ${n.name} separates the receivers with "," (load balancing: events go round robin to every worker). An active/passive analytics pair needs "|" (failover: all events to one worker, the next when it fails): ${group.receivers.map((r) => r.url).join("|")}.`,
          });
        }
      }
    }
  }
  return out;
}
