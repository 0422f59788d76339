/**
 * Static checks over a WORKSPACE: a folder holding one Carbon home per node (node1/, node2/, ...).
 * Each rule has a stable code (labs, hints and progress rows key off it), a severity and a message
 * that says how to fix the problem. Rules follow ../shared/reference/wso2-clustering-facts.md §2-§8.
 */
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { CarbonConfig, Diagnostic, Severity } from "./model";
import { CarbonHomeError, isEiHome, loadCarbonHomeDetailed } from "./load";
import type { Location, Locations } from "./normalise";
import { AXIS2_FILE } from "./axis2-xml";
import { brokerStoreDatasource } from "./broker-xml";
import { DEPLOYMENT_TOML_FILE } from "./deployment-toml";
import { ANALYTICS_WORKER_FILE } from "./analytics-yaml";
import { analyticsFindings, ANALYTICS_LINT_RULES } from "./analytics-lint";
import { AWS_MEMBER_PORT_RANGE, awsSettingsOf, isAvailabilityZone, kubernetesSettingsOf } from "./cloud-schemes";
import { APIM_LINT_RULES, apimFindings, apimProfileOf } from "./apim-lint";

export type LintRule = { code: string; severity: Severity; title: string };

/** The rule list, exported so graders can reuse codes and severities. */
export const LINT_RULES = [
  { code: "workspace-no-nodes", severity: "error", title: "The workspace holds no Carbon home" },
  { code: "clustering-disabled", severity: "error", title: "Clustering is disabled on a node" },
  { code: "wka-too-few-members", severity: "warning", title: "Fewer than two well-known (WKA) members" },
  {
    code: "node-missing-from-members",
    severity: "warning",
    title: "A node is missing from another node's WKA member list",
  },
  { code: "duplicate-member-port", severity: "error", title: "Two nodes use the same localMemberPort on one host" },
  { code: "loopback-member-host", severity: "error", title: "Loopback localMemberHost in a multi-host cluster" },
  { code: "domain-mismatch", severity: "error", title: "Nodes are in different clustering domains" },
  { code: "scheme-mismatch", severity: "error", title: "Nodes use different membership schemes" },
  {
    code: "shared-datasource-mismatch",
    severity: "error",
    title: "A datasource that should be shared has different URLs on different nodes",
  },
  {
    code: "shared-datasource-local-h2",
    severity: "warning",
    title: "A datasource that should be shared is a node-local H2 file",
  },
  { code: "servlet-port-collision", severity: "error", title: "Port offsets make servlet ports collide on one host" },
  { code: "aws-member-port-range", severity: "error", title: "AWS scheme: localMemberPort outside 5701–5800" },
  { code: "aws-region-is-zone", severity: "error", title: "AWS scheme: region names an availability zone" },
  { code: "aws-credentials-missing", severity: "error", title: "AWS scheme: neither accessKey/secretKey nor iamRole" },
  {
    code: "aws-security-group-missing",
    severity: "error",
    title: "AWS scheme: no securityGroup to find the members by",
  },
  {
    code: "kubernetes-namespace-missing",
    severity: "error",
    title: "Kubernetes scheme: KUBERNETES_NAMESPACE is not set",
  },
  {
    code: "kubernetes-services-missing",
    severity: "error",
    title: "Kubernetes scheme: KUBERNETES_SERVICES is not set",
  },
  {
    code: "kubernetes-api-server-unset",
    severity: "info",
    title: "Kubernetes scheme in API mode relies on the pod's KUBERNETES_SERVICE_HOST",
  },
  ...ANALYTICS_LINT_RULES,
  {
    code: "broker-store-local-h2",
    severity: "warning",
    title: "Message Broker: RDBMS coordination on, but the broker store is a node-local H2 file",
  },
  {
    code: "broker-store-datasource-missing",
    severity: "error",
    title: "Message Broker: the message or context store names a datasource master-datasources.xml does not define",
  },
  {
    code: "broker-thrift-host-loopback",
    severity: "warning",
    title: "Message Broker: RDBMS coordination on, but thriftServerHost is a loopback address",
  },
  ...APIM_LINT_RULES,
] as const satisfies ReadonlyArray<LintRule>;

export type LintCode = (typeof LINT_RULES)[number]["code"];

export type LintNode = { name: string; dir: string; config: CarbonConfig };
export type LintResult = { workspace: string; nodes: Array<LintNode>; diagnostics: Array<Diagnostic> };

/** Datasources that are per node by design (facts §7: local registry/Carbon DB, API-M MB store). */
const NODE_LOCAL_DATASOURCES = new Set(["WSO2_CARBON_DB", "WSO2_MB_STORE_DB"]);

function severityOf(code: LintCode): Severity {
  return LINT_RULES.find((rule) => rule.code === code)?.severity ?? "error";
}

function isLoopback(host: string): boolean {
  const lower = host.toLowerCase();
  return lower === "localhost" || lower === "::1" || /^127\.\d+\.\d+\.\d+$/.test(lower);
}

function canonicalHost(host: string): string {
  return host.toLowerCase() === "localhost" ? "127.0.0.1" : host.toLowerCase();
}

type Loaded = { name: string; dir: string; config: CarbonConfig; locations: Locations };

function mainFile(node: Loaded): string {
  if (node.config.analytics) return node.config.analytics.file;
  return node.config.sources.includes(DEPLOYMENT_TOML_FILE) ? DEPLOYMENT_TOML_FILE : AXIS2_FILE;
}

/** Where a fact of `node` was written, as a workspace-relative location. */
function where(node: Loaded, key: string): Location {
  const found = node.locations[key];
  if (found) return { ...found, file: `${node.name}/${found.file}` };
  return { file: `${node.name}/${mainFile(node)}`, line: 0, column: 0 };
}

function finding(code: LintCode, at: Location, message: string, key?: string): Diagnostic {
  const base = { severity: severityOf(code), code, file: at.file, line: at.line, column: at.column, message };
  return key === undefined ? base : { ...base, key };
}

/** A Carbon home has repository/conf; an Enterprise Integrator home keeps its config under conf/ (load.ts). */
async function isCarbonHome(dir: string): Promise<boolean> {
  if (
    await stat(path.join(dir, ANALYTICS_WORKER_FILE)).then(
      (s) => s.isFile(),
      () => false,
    )
  )
    return true;
  try {
    return (await stat(path.join(dir, "repository", "conf"))).isDirectory() || (await isEiHome(dir));
  } catch {
    return isEiHome(dir);
  }
}

function memberKey(host: string, port: number): string {
  return `${canonicalHost(host)}:${port}`;
}

/** WKA hostName may be a range in the last octet, e.g. 192.168.1.2-10 (facts §2). */
function memberCovers(member: { host: string; port: number }, host: string, port: number): boolean {
  if (member.port !== port) return false;
  const range = /^(\d+\.\d+\.\d+\.)(\d+)-(\d+)$/.exec(member.host.trim());
  if (range) {
    const candidate = /^(\d+\.\d+\.\d+\.)(\d+)$/.exec(host.trim());
    if (candidate === null || candidate[1] !== range[1]) return false;
    const last = Number(candidate[2]);
    return last >= Number(range[2]) && last <= Number(range[3]);
  }
  return canonicalHost(member.host) === canonicalHost(host);
}

export function lintNodes(nodes: ReadonlyArray<Loaded>): Array<Diagnostic> {
  const out: Array<Diagnostic> = [];
  const clustered = nodes.filter((n) => n.config.clustering.enabled);

  for (const f of analyticsFindings(nodes)) {
    const node = nodes.find((n) => n.name === f.node);
    if (node) out.push(finding(f.code, where(node, f.key), f.message, f.key));
  }

  for (const node of nodes) {
    // Neither an IS Analytics worker (ADR 0034: its cluster is cluster.config) nor an API-M node (Hazelcast is off by
    // default and optional in API Manager, facts §9) needs Carbon clustering.
    if (!node.config.clustering.enabled && node.config.analytics === undefined && node.config.apim === undefined) {
      const fix =
        node.config.era === "toml"
          ? 'add membership_scheme = "wka" under [clustering] in deployment.toml'
          : 'set <clustering enable="true"> in axis2.xml';
      out.push(
        finding(
          "clustering-disabled",
          where(node, "clustering.enabled"),
          `Clustering is disabled on ${node.name}, so it will never join the cluster; ${fix}.`,
          "clustering.enabled",
        ),
      );
    }
  }

  for (const node of nodes) out.push(...brokerFindings(node));

  for (const node of clustered) {
    const c = node.config.clustering;
    if (c.scheme !== "wka") continue;
    if (c.members.length < 2) {
      out.push(
        finding(
          "wka-too-few-members",
          where(node, "clustering.members"),
          `${node.name} lists ${c.members.length} well-known member(s). With fewer than two, the cluster cannot recover when that WKA member is down; list at least two (ideally every node) as members.`,
          "clustering.members",
        ),
      );
    }
    for (const other of clustered) {
      const otherHost = other.config.clustering.localMemberHost;
      if (other === node || otherHost === null) continue;
      const otherPort = other.config.clustering.localMemberPort;
      const address = memberKey(otherHost, otherPort);
      if (!c.members.some((m) => memberCovers(m, otherHost, otherPort))) {
        out.push(
          finding(
            "node-missing-from-members",
            where(node, "clustering.members"),
            `${other.name} (${address}) is not in ${node.name}'s member list. Leaving members out of the WKA list can split the cluster; add ${address} to the members of ${node.name}.`,
            "clustering.members",
          ),
        );
      }
    }
  }

  for (const node of clustered) out.push(...cloudSchemeFindings(node));

  const byMemberAddress = new Map<string, Array<Loaded>>();
  for (const node of clustered) {
    const host = node.config.clustering.localMemberHost;
    if (host === null) continue;
    const key = memberKey(host, node.config.clustering.localMemberPort);
    byMemberAddress.set(key, [...(byMemberAddress.get(key) ?? []), node]);
  }
  for (const [address, group] of byMemberAddress) {
    if (group.length < 2) continue;
    for (const node of group.slice(1)) {
      out.push(
        finding(
          "duplicate-member-port",
          where(node, "clustering.localMemberPort"),
          `${group.map((n) => n.name).join(" and ")} all use ${address} as their cluster address. Two members on one host need different localMemberPort values (e.g. 4000 and 4001); the port offset does not move it.`,
          "clustering.localMemberPort",
        ),
      );
    }
  }

  const hosts = new Set<string>();
  for (const node of clustered) {
    const c = node.config.clustering;
    if (c.localMemberHost !== null) hosts.add(canonicalHost(c.localMemberHost));
    if (c.scheme === "wka") for (const m of c.members) hosts.add(canonicalHost(m.host));
  }
  const multiHost = [...hosts].some((h) => !isLoopback(h));
  if (multiHost) {
    for (const node of clustered) {
      const host = node.config.clustering.localMemberHost;
      if (host !== null && isLoopback(host)) {
        out.push(
          finding(
            "loopback-member-host",
            where(node, "clustering.localMemberHost"),
            `${node.name} advertises localMemberHost ${host}, but the cluster spans other hosts, which cannot reach a loopback address. Set localMemberHost to ${node.name}'s real IP address.`,
            "clustering.localMemberHost",
          ),
        );
      }
    }
  }

  for (const [field, code, what] of [
    ["domain", "domain-mismatch", "domain"],
    ["scheme", "scheme-mismatch", "membership scheme"],
  ] as const) {
    const values = new Map<string, Array<string>>();
    for (const node of clustered) {
      const value = node.config.clustering[field] ?? "(none)";
      values.set(value, [...(values.get(value) ?? []), node.name]);
    }
    if (values.size < 2) continue;
    const summary = [...values].map(([value, names]) => `${value} (${names.join(", ")})`).join(" vs ");
    const majority = [...values].sort((a, b) => b[1].length - a[1].length)[0]?.[0] ?? "";
    for (const node of clustered) {
      if ((node.config.clustering[field] ?? "(none)") === majority) continue;
      out.push(
        finding(
          code,
          where(node, `clustering.${field}`),
          `Nodes disagree on the ${what}: ${summary}. Nodes with different ${what}s never form one cluster; use the same value (e.g. ${majority}) on every node.`,
          `clustering.${field}`,
        ),
      );
    }
  }

  if (nodes.length >= 2) {
    const byName = new Map<string, Array<{ node: Loaded; url: string }>>();
    for (const node of nodes) {
      for (const ds of node.config.datasources) {
        if (NODE_LOCAL_DATASOURCES.has(ds.name) || ds.url === null || isApimProfileNode(node)) continue;
        // An analytics worker's datasources are its own (metrics, geo data...), except its cluster coordination DB.
        if (node.config.analytics && ds.name !== node.config.analytics.cluster.datasource) continue;
        byName.set(ds.name, [...(byName.get(ds.name) ?? []), { node, url: ds.url.trim() }]);
      }
    }
    for (const [name, entries] of byName) {
      if (entries.length < 2) continue;
      const urls = new Set(entries.map((e) => e.url));
      if (urls.size > 1) {
        const first = entries[0]?.url ?? "";
        for (const entry of entries.filter((e) => e.url !== first)) {
          out.push(
            finding(
              "shared-datasource-mismatch",
              where(entry.node, `datasources.${name}`),
              `${name} points at ${entry.url} on ${entry.node.name} but at ${first} on ${entries[0]?.node.name ?? "another node"}. Shared data (users, registry, API data) must live in ONE database: use the same URL on every node.`,
              `datasources.${name}`,
            ),
          );
        }
      } else if (onlyValue(urls).startsWith("jdbc:h2:")) {
        for (const entry of entries) {
          out.push(
            finding(
              "shared-datasource-local-h2",
              where(entry.node, `datasources.${name}`),
              `${name} is an embedded H2 file on ${entry.node.name}, so each node has its own copy and nothing is shared. Point ${name} at a shared PostgreSQL or MySQL database on every node.`,
              `datasources.${name}`,
            ),
          );
        }
      }
    }
  }

  const byServletHost = new Map<string, Array<Loaded>>();
  for (const node of nodes) {
    const host = node.config.clustering.localMemberHost ?? node.config.server.hostname;
    if (host === null) continue;
    const key = `${canonicalHost(host)}:${node.config.ports.http}`;
    byServletHost.set(key, [...(byServletHost.get(key) ?? []), node]);
  }
  for (const group of byServletHost.values()) {
    if (group.length < 2) continue;
    for (const node of group.slice(1)) {
      const c = node.config;
      out.push(
        finding(
          "servlet-port-collision",
          where(node, "server.offset"),
          `${group.map((n) => n.name).join(" and ")} run on the same host with offset ${c.server.offset}, so both want HTTP ${c.ports.http} and HTTPS ${c.ports.https}. Give each node on one host its own offset (e.g. 0 and 1).`,
          "server.offset",
        ),
      );
    }
  }
  out.push(...apimFindings(nodes));
  return out;
}

/**
 * The Message Broker profile (facts §9): with RDBMS coordination the broker nodes elect their coordinator through
 * the store (WSO2_MB_STORE_DB), so the store must be one shared database and the coordinator's advertised thrift
 * host must be reachable by the others. Whether two nodes' store URLs are the same is the lab's check, not lint's.
 */
function brokerFindings(node: Loaded): Array<Diagnostic> {
  const b = node.config.broker;
  if (b === undefined) return [];
  const out: Array<Diagnostic> = [];
  const ds = node.config.datasources;
  const stores = [
    ["messageStore", b.messageStoreDataSource, "broker.messageStoreDataSource"],
    ["contextStore", b.contextStoreDataSource, "broker.contextStoreDataSource"],
  ] as const;
  for (const [store, jndi, key] of stores) {
    if (jndi !== null && !brokerStoreDatasource(jndi, ds))
      out.push(
        finding(
          "broker-store-datasource-missing",
          where(node, key),
          `${node.name}'s broker.xml <${store}> uses dataSource ${jndi}, which master-datasources.xml does not define, so the broker cannot open its store. Define WSO2_MB_STORE_DB with <jndiConfig><name>${jndi}</name> in conf/datasources/master-datasources.xml, or name an existing JNDI name.`,
          key,
        ),
      );
  }
  if (!b.rdbmsCoordination.enabled) return out;
  const store = brokerStoreDatasource(b.messageStoreDataSource, ds);
  if (store?.url?.startsWith("jdbc:h2:"))
    out.push(
      finding(
        "broker-store-local-h2",
        where(node, "broker.rdbmsCoordination.enabled"),
        `${node.name} coordinates through the database (rdbmsBasedCoordination enabled) but its broker store ${store.name} is the embedded H2 file ${store.url}: every node elects itself coordinator in its own file and no message is shared. Point ${store.name} at one shared PostgreSQL or MySQL database on every broker node.`,
        "broker.rdbmsCoordination.enabled",
      ),
    );
  if (isLoopback(b.thriftServerHost))
    out.push(
      finding(
        "broker-thrift-host-loopback",
        where(node, "broker.thriftServerHost"),
        `${node.name}'s thriftServerHost is ${b.thriftServerHost}: a coordinator advertises this host in its database row and the other nodes connect to it for slot ranges, so they would connect to themselves. Set <thriftServerHost> to ${node.name}'s own host name or IP.`,
        "broker.thriftServerHost",
      ),
    );
  return out;
}

/**
 * An API-M profile node's databases are judged per profile by the apim-db-* rules (apim-lint.ts): a profile keeps the
 * pack's datasources it does not use (facts §7: the Gateway and Traffic Manager keep WSO2AM_DB on H2), which the
 * generic "shared" rules would call a mismatch.
 */
function isApimProfileNode(node: Loaded): boolean {
  return node.config.apim !== undefined && apimProfileOf(node.name) !== null;
}

/** WSO2's own constraints on the AWS and Kubernetes schemes (facts §6), one node at a time. */
function cloudSchemeFindings(node: Loaded): Array<Diagnostic> {
  const c = node.config.clustering;
  const out: Array<Diagnostic> = [];
  const at = where(node, "clustering.scheme");
  const toml = node.config.era === "toml";
  const property = (key: string): string => (toml ? `[clustering.properties] ${key}` : `<parameter name="${key}">`);
  if (c.scheme === "aws") {
    const aws = awsSettingsOf(c);
    const { min, max } = AWS_MEMBER_PORT_RANGE;
    if (c.localMemberPort < min || c.localMemberPort > max) {
      out.push(
        finding(
          "aws-member-port-range",
          where(node, "clustering.localMemberPort"),
          `${node.name} uses the AWS scheme with localMemberPort ${c.localMemberPort}; WSO2 requires a port in ${min}–${max} for AWS (the members probe that range). Set ${toml ? "local_member_port" : "localMemberPort"} to e.g. ${min}.`,
          "clustering.localMemberPort",
        ),
      );
    }
    if (isAvailabilityZone(aws.region)) {
      out.push(
        finding(
          "aws-region-is-zone",
          at,
          `${node.name} sets region "${aws.region}", which is an availability zone, not a region; EC2 has no endpoint for it. Drop the zone letter (e.g. "${aws.region.slice(0, -1)}").`,
          "clustering.properties.region",
        ),
      );
    }
    if ((aws.accessKey === null || aws.secretKey === null) && aws.iamRole === null) {
      out.push(
        finding(
          "aws-credentials-missing",
          at,
          `${node.name} uses the AWS scheme without credentials, so DescribeInstances is refused. Set ${property("accessKey")} and ${property("secretKey")}, or ${property("iamRole")}.`,
          "clustering.properties.accessKey",
        ),
      );
    }
    if (aws.securityGroup === null) {
      out.push(
        finding(
          "aws-security-group-missing",
          at,
          `${node.name} uses the AWS scheme without a securityGroup, so it would treat every instance of the region as a member. Put all members in one security group and set ${property("securityGroup")} to its name.`,
          "clustering.properties.securityGroup",
        ),
      );
    }
  }
  if (c.scheme === "kubernetes") {
    const k8s = kubernetesSettingsOf(c);
    if (k8s.namespace === null) {
      out.push(
        finding(
          "kubernetes-namespace-missing",
          at,
          `${node.name} uses the Kubernetes scheme without KUBERNETES_NAMESPACE, so it does not know where its pods are. Set ${property("KUBERNETES_NAMESPACE")} to the namespace of the deployment.`,
          "clustering.properties.KUBERNETES_NAMESPACE",
        ),
      );
    }
    if (k8s.services.length === 0) {
      out.push(
        finding(
          "kubernetes-services-missing",
          at,
          `${node.name} uses the Kubernetes scheme without KUBERNETES_SERVICES, so it has no service whose endpoints (or DNS name) list the members. Set ${property("KUBERNETES_SERVICES")} to the service name(s), comma-separated.`,
          "clustering.properties.KUBERNETES_SERVICES",
        ),
      );
    }
    if (
      !k8s.useDns &&
      k8s.apiServer === null &&
      c.properties["KUBERNETES_SERVICE_HOST"] === undefined &&
      c.parameters["KUBERNETES_SERVICE_HOST"] === undefined
    ) {
      out.push(
        finding(
          "kubernetes-api-server-unset",
          at,
          `${node.name} reads members from the Kubernetes API (USE_DNS=false) and names no KUBERNETES_API_SERVER: it will use the KUBERNETES_SERVICE_HOST/PORT that Kubernetes sets in every pod, and the pod's service-account token, which needs get and list on endpoints (RBAC).`,
          "clustering.properties.USE_DNS",
        ),
      );
    }
  }
  return out;
}

function onlyValue(values: Set<string>): string {
  return values.values().next().value ?? "";
}

/** Lint every node folder of `workspace` together. Throws CarbonHomeError only when the folder is missing. */
export async function lintWorkspace(workspace: string): Promise<LintResult> {
  let entries;
  try {
    entries = await readdir(workspace, { withFileTypes: true });
  } catch {
    throw new CarbonHomeError(
      `Workspace ${workspace} does not exist or is not a folder. Pass the folder holding one Carbon home per node (node1/, node2/, ...).`,
    );
  }
  const loaded: Array<Loaded> = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = path.join(workspace, entry.name);
    if (!(await isCarbonHome(dir))) continue;
    const { config, locations } = await loadCarbonHomeDetailed(dir);
    loaded.push({ name: entry.name, dir, config, locations });
  }
  const diagnostics: Array<Diagnostic> = [];
  if (loaded.length === 0) {
    diagnostics.push(
      finding(
        "workspace-no-nodes",
        { file: ".", line: 0, column: 0 },
        `No node folder with repository/conf (or an EI home's conf/) was found in ${workspace}. Put each node's Carbon home in its own subfolder (node1/repository/conf/...).`,
      ),
    );
  }
  for (const node of loaded) {
    for (const d of node.config.diagnostics) diagnostics.push({ ...d, file: `${node.name}/${d.file}` });
  }
  diagnostics.push(...lintNodes(loaded));
  return { workspace, nodes: loaded.map(({ name, dir, config }) => ({ name, dir, config })), diagnostics };
}
