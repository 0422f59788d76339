/**
 * Workspace lint rules for an API Manager 2.6 distributed deployment (facts §7, §8, §9; ADR 0031): each node folder
 * holding repository/conf/api-manager.xml is one profile, and its api-manager.xml links must point at the profile the
 * documentation names, on that profile's port. The profile is not written in any config file (WSO2 takes it from
 * `-Dprofile=`), so it comes from the node's folder name (km, publisher, store, tm, gw1, ...; see apimProfileOf).
 */
import type { CarbonConfig, Diagnostic, Severity } from "./model";
import type { Locations } from "./normalise";
import { API_MANAGER_FILE, parseApimEndpoint, urlGroupMembers, type ApimEndpoint } from "./api-manager-xml";
import { MASTER_DATASOURCES_FILE } from "./datasources-xml";
import { REGISTRY_FILE } from "./registry-xml";

export const APIM_PROFILES = [
  "gateway-worker",
  "api-key-manager",
  "traffic-manager",
  "api-publisher",
  "api-store",
] as const;
export type ApimProfile = (typeof APIM_PROFILES)[number];

export const APIM_LINT_RULES = [
  {
    code: "apim-gateway-validates-itself",
    severity: "error",
    title: "API-M: a Gateway's APIKeyValidator/ServerURL points at the Gateway itself",
  },
  {
    code: "apim-link-wrong-target",
    severity: "error",
    title: "API-M: an api-manager.xml link points at the wrong profile (or at the node itself)",
  },
  { code: "apim-services-path-missing", severity: "error", title: "API-M: an admin-services URL lacks /services/" },
  {
    code: "apim-services-wrong-port",
    severity: "error",
    title: "API-M: an admin-services URL (e.g. a Gateway environment ServerURL) is not on the servlet HTTPS port",
  },
  {
    code: "apim-tm-receiver-port",
    severity: "error",
    title: "API-M: a Traffic Manager receiver not on 9611 (binary) / auth not on 9711",
  },
  { code: "apim-jms-broker-port", severity: "error", title: "API-M: a JMS brokerlist entry not on the TM's port 5672" },
  {
    code: "apim-revoke-url-port",
    severity: "error",
    title: "API-M: RevokeAPIURL is not on a Gateway's pass-through port",
  },
  { code: "apim-db-missing", severity: "error", title: "API-M: a profile lacks a database its documentation gives it" },
  { code: "apim-db-local-h2", severity: "error", title: "API-M: a database a profile needs is a node-local H2 file" },
  {
    code: "apim-db-mismatch",
    severity: "error",
    title: "API-M: profiles that share a database point it at different URLs",
  },
  {
    code: "apim-registry-not-mounted",
    severity: "error",
    title: "API-M: the Publisher or Store does not mount config and governance on WSO2REG_DB",
  },
] as const satisfies ReadonlyArray<{ code: string; severity: Severity; title: string }>;

export type ApimLintCode = (typeof APIM_LINT_RULES)[number]["code"];

/** The shared databases each profile uses (facts §7: Publisher and Store AM+UM+REG, Key Manager AM+UM). */
export const APIM_PROFILE_DATABASES: Readonly<Record<ApimProfile, ReadonlyArray<string>>> = {
  "api-publisher": ["WSO2AM_DB", "WSO2UM_DB", "WSO2REG_DB"],
  "api-store": ["WSO2AM_DB", "WSO2UM_DB", "WSO2REG_DB"],
  "api-key-manager": ["WSO2AM_DB", "WSO2UM_DB"],
  "gateway-worker": [],
  "traffic-manager": [],
};

/** WSO2 ports before the offset (facts §8, §9). */
const SERVLET_HTTPS = 9443;
const PASS_THROUGH_HTTP = 8280;
const PASS_THROUGH_HTTPS = 8243;
const TM_RECEIVER = 9611;
const TM_AUTH = 9711;
const TM_JMS = 5672;

/**
 * The profile a node folder plays, from its name: gw*, gateway* -> gateway-worker; km*, key-manager* ->
 * api-key-manager; tm*, traffic-manager* -> traffic-manager; publisher* -> api-publisher; store* -> api-store.
 * Any other name is an all-in-one node (null): the per-profile rules skip it.
 */
export function apimProfileOf(nodeName: string): ApimProfile | null {
  const name = nodeName.toLowerCase();
  if (/^(gw|gateway)/.test(name)) return "gateway-worker";
  if (/^(km|key-?manager)/.test(name)) return "api-key-manager";
  if (/^(tm|traffic-?manager)/.test(name)) return "traffic-manager";
  if (name.startsWith("publisher")) return "api-publisher";
  if (name.startsWith("store")) return "api-store";
  return null;
}

export type ApimLintNode = { name: string; config: CarbonConfig; locations: Locations };

type Located = { file: string; line: number; column: number };

/** A host that means "this node": loopback, Carbon's `${carbon.local.ip}`, or the node's own names. */
function isSelf(node: ApimLintNode, host: string): boolean {
  const lower = host.toLowerCase();
  return (
    lower === "localhost" ||
    lower === "::1" ||
    lower === "[::1]" ||
    /^127\.\d+\.\d+\.\d+$/.test(lower) ||
    lower === "${carbon.local.ip}" ||
    lower === node.name.toLowerCase() ||
    lower === node.config.server.hostname?.toLowerCase() ||
    lower === node.config.server.mgtHostname?.toLowerCase()
  );
}

const PROFILE_NAMES: Record<ApimProfile, string> = {
  "gateway-worker": "a Gateway (gateway-worker)",
  "api-key-manager": "the Key Manager (api-key-manager)",
  "traffic-manager": "the Traffic Manager (traffic-manager)",
  "api-publisher": "the Publisher (api-publisher)",
  "api-store": "the Store (api-store)",
};

/** One api-manager.xml link: what it is, where it must point, and on which port of the target. */
type Link = {
  /** Model key (apim.authManagerUrl, apim.gatewayEnvironments[0].serverUrl, ...) = the Locations key. */
  key: string;
  /** How a learner finds it in the file. */
  element: string;
  urls: ReadonlyArray<string>;
  target: ApimProfile;
  /** The port on the target before its offset, and the rule a different port breaks. */
  port?: { base: number; code: ApimLintCode; what: string };
  /** The URL must end in /services/ (Carbon appends the admin service name to it). */
  services?: boolean;
};

/** The links each profile depends on (facts §9; the 2.6 distributed-setup steps 6.1-6.5). */
function linksOf(profile: ApimProfile, config: CarbonConfig): Array<Link> {
  const apim = config.apim;
  if (apim === undefined) return [];
  const one = (url: string | null): Array<string> => (url === null || url === "" ? [] : [url]);
  const servlet = { base: SERVLET_HTTPS, code: "apim-services-wrong-port", what: "servlet HTTPS port" } as const;
  const t = apim.throttling;
  const authManager: Link = {
    key: "apim.authManagerUrl",
    element: "AuthManager/ServerURL",
    urls: one(apim.authManagerUrl),
    target: "api-key-manager",
    port: servlet,
    services: true,
  };
  const keyValidator: Link = {
    key: "apim.keyValidator.serverUrl",
    element: "APIKeyValidator/ServerURL",
    urls: one(apim.keyValidator.serverUrl),
    target: "api-key-manager",
    port: servlet,
    services: true,
  };
  const environments: Array<Link> = apim.gatewayEnvironments.map((env, index) => ({
    key: `apim.gatewayEnvironments[${index}].serverUrl`,
    element: `APIGateway/Environments/Environment "${env.name ?? index + 1}" ServerURL`,
    urls: one(env.serverUrl),
    target: "gateway-worker",
    port: servlet,
    services: true,
  }));
  const revoke: Link = {
    key: "apim.revokeApiUrl",
    element: "OAuthConfigurations/RevokeAPIURL",
    urls: one(apim.revokeApiUrl),
    target: "gateway-worker",
  };
  const receivers: Link = {
    key: "apim.throttling.receiverUrlGroup",
    element: "ThrottlingConfigurations/TrafficManager/ReceiverUrlGroup",
    urls: t.receiverUrlGroup === null ? [] : urlGroupMembers(t.receiverUrlGroup),
    target: "traffic-manager",
    port: { base: TM_RECEIVER, code: "apim-tm-receiver-port", what: "binary event receiver port" },
  };
  const auth: Link = {
    key: "apim.throttling.authUrlGroup",
    element: "ThrottlingConfigurations/TrafficManager/AuthUrlGroup",
    urls: t.authUrlGroup === null ? [] : urlGroupMembers(t.authUrlGroup),
    target: "traffic-manager",
    port: { base: TM_AUTH, code: "apim-tm-receiver-port", what: "binary receiver's SSL authentication port" },
  };
  const brokers: Link = {
    key: "apim.throttling.jmsConnectionUrl",
    element: "JMSConnectionDetails TopicConnectionFactory brokerlist",
    urls: t.jmsBrokers.map((b) => `tcp://${b.host}:${b.port}`),
    target: "traffic-manager",
    port: { base: TM_JMS, code: "apim-jms-broker-port", what: "JMS broker port" },
  };
  const policyDeployer: Link = {
    key: "apim.throttling.policyDeployerUrl",
    element: "ThrottlingConfigurations/PolicyDeployer/ServiceURL",
    urls: one(t.policyDeployerUrl),
    target: "traffic-manager",
    port: servlet,
    services: true,
  };
  switch (profile) {
    case "gateway-worker":
      return [
        keyValidator,
        ...(t.dataPublisherEnabled === false ? [] : [receivers, auth]),
        ...(t.jmsEnabled === false ? [] : [brokers]),
      ];
    case "api-publisher":
      return [authManager, ...environments, policyDeployer];
    case "api-store":
      return [authManager, keyValidator, ...environments, revoke];
    case "api-key-manager":
      return [...environments, revoke];
    case "traffic-manager":
      return [];
  }
}

/** Lint every API-M node (a node with api-manager.xml) of a workspace together. */
export function apimFindings(nodes: ReadonlyArray<ApimLintNode>): Array<Diagnostic> {
  const apimNodes = nodes.filter((n) => n.config.apim !== undefined);
  const out: Array<Diagnostic> = [];
  const byHost = new Map<string, ApimLintNode>();
  for (const node of apimNodes) {
    byHost.set(node.name.toLowerCase(), node);
    if (node.config.server.hostname) byHost.set(node.config.server.hostname.toLowerCase(), node);
  }
  const firstOf = (profile: ApimProfile): string | undefined =>
    apimNodes.find((n) => apimProfileOf(n.name) === profile)?.name;
  // For each shared database: URL -> the nodes (whose profile uses it, not on H2) that point there.
  const sharedUrls = new Map<string, Map<string, Array<string>>>();
  for (const node of apimNodes) {
    const profile = apimProfileOf(node.name);
    for (const name of profile === null ? [] : APIM_PROFILE_DATABASES[profile]) {
      const url = node.config.datasources.find((d) => d.name === name)?.url?.trim();
      if (url === undefined || url.startsWith("jdbc:h2:")) continue;
      const urls = sharedUrls.get(name) ?? new Map<string, Array<string>>();
      urls.set(url, [...(urls.get(url) ?? []), node.name]);
      sharedUrls.set(name, urls);
    }
  }

  for (const node of apimNodes) {
    const profile = apimProfileOf(node.name);
    const where = (key: string, file = API_MANAGER_FILE): Located => {
      const found = node.locations[key];
      return found
        ? { ...found, file: `${node.name}/${found.file}` }
        : { file: `${node.name}/${file}`, line: 0, column: 0 };
    };
    const push = (code: ApimLintCode, at: Located, message: string, key: string): void => {
      const severity = APIM_LINT_RULES.find((r) => r.code === code)?.severity ?? "error";
      out.push({ severity, code, file: at.file, line: at.line, column: at.column, key, message });
    };

    // Links to the wrong place: which profile they reach and on which port.
    for (const link of profile === null ? [] : linksOf(profile, node.config)) {
      for (const url of link.urls) {
        const endpoint = parseApimEndpoint(url, node.config.server.offset);
        if (endpoint === null) continue;
        const self = isSelf(node, endpoint.host);
        const target = self ? node : byHost.get(endpoint.host.toLowerCase());
        const targetProfile = target === undefined ? undefined : apimProfileOf(target.name);
        // Name the node the learner meant when it has the right profile, else the workspace's first one.
        const example = exampleUrl(link, targetProfile === link.target ? target?.name : firstOf(link.target));
        if (link.services === true && !/\/services\/$/.test(endpoint.path)) {
          push(
            "apim-services-path-missing",
            where(link.key),
            `${node.name}'s ${link.element} is ${url}, without /services/ at the end: Carbon appends the admin service's name to this URL, so every call reaches a page that does not exist. Write ${example}.`,
            link.key,
          );
        }
        if (self && profile === "gateway-worker" && link.key === "apim.keyValidator.serverUrl") {
          push(
            "apim-gateway-validates-itself",
            where(link.key),
            `${node.name} is a Gateway, but its ${link.element} is ${url}, the Gateway itself: a gateway-worker has no key validation service, so no token is ever accepted. Point it at the Key Manager: ${example}.`,
            link.key,
          );
          continue;
        }
        if (targetProfile !== undefined && targetProfile !== null && targetProfile !== link.target) {
          const whom = self ? `${node.name} itself` : `${target?.name ?? endpoint.host}`;
          push(
            "apim-link-wrong-target",
            where(link.key),
            `${node.name}'s ${link.element} is ${url}, which reaches ${whom} (${PROFILE_NAMES[targetProfile]}), but it must reach ${PROFILE_NAMES[link.target]}. Write ${example}.`,
            link.key,
          );
          continue;
        }
        checkPort(node, link, endpoint, url, target, example, where, push);
      }
    }

    // The KM and Store call RevokeAPIURL on a Gateway's pass-through transport (8243 https or 8280 http).
    const revokeUrl = node.config.apim?.revokeApiUrl ?? null;
    if ((profile === "api-key-manager" || profile === "api-store") && revokeUrl !== null) {
      const endpoint = parseApimEndpoint(revokeUrl, node.config.server.offset);
      const gateway = endpoint === null ? undefined : byHost.get(endpoint.host.toLowerCase());
      if (endpoint !== null && gateway !== undefined && apimProfileOf(gateway.name) === "gateway-worker") {
        const offset = gateway.config.server.offset;
        const expected = endpoint.scheme === "http" ? PASS_THROUGH_HTTP + offset : PASS_THROUGH_HTTPS + offset;
        if (endpoint.port !== expected) {
          push(
            "apim-revoke-url-port",
            where("apim.revokeApiUrl"),
            `${node.name}'s OAuthConfigurations/RevokeAPIURL is ${revokeUrl}, but the revoke API is served on ${gateway.name}'s pass-through port ${expected} (${endpoint.scheme}), not on ${endpoint.port ?? "no port"}. Write ${endpoint.scheme}://${gateway.name}:${expected}/revoke.`,
            "apim.revokeApiUrl",
          );
        }
      }
    }

    // Databases the profile's documentation gives it (facts §7).
    for (const name of profile === null ? [] : APIM_PROFILE_DATABASES[profile]) {
      const datasource = node.config.datasources.find((d) => d.name === name);
      const lower = name.toLowerCase();
      if (datasource === undefined) {
        push(
          "apim-db-missing",
          where(`datasources.${name}`, MASTER_DATASOURCES_FILE),
          `${node.name} runs ${profile}, which needs the shared ${name} datasource (jndi jdbc/${name}), but master-datasources.xml has none. Add a <datasource> named ${name} with url jdbc:postgresql://db:5432/${lower}.`,
          `datasources.${name}`,
        );
      } else if (datasource.url?.trim().startsWith("jdbc:h2:") === true) {
        push(
          "apim-db-local-h2",
          where(`datasources.${name}`, MASTER_DATASOURCES_FILE),
          `${node.name} runs ${profile}, which keeps its data in ${name}, but ${name} is the node-local H2 file ${datasource.url}, so nothing it writes is seen by the other profiles. Point ${name} at the shared database: jdbc:postgresql://db:5432/${lower}.`,
          `datasources.${name}`,
        );
      }
    }

    // The profiles that use a database must all reach the same one (the URL most of them use is taken as meant).
    if (profile !== null) {
      for (const name of APIM_PROFILE_DATABASES[profile]) {
        const mine = node.config.datasources.find((d) => d.name === name)?.url?.trim();
        if (mine === undefined || mine.startsWith("jdbc:h2:")) continue;
        const urls = sharedUrls.get(name) ?? new Map<string, Array<string>>();
        const [meant, users] = [...urls].sort((a, b) => b[1].length - a[1].length)[0] ?? ["", []];
        if (mine !== meant && users.length >= (urls.get(mine)?.length ?? 0)) {
          push(
            "apim-db-mismatch",
            where(`datasources.${name}`, MASTER_DATASOURCES_FILE),
            `${name} on ${node.name} is ${mine}, but ${users.join(" and ")} use ${meant}: the profiles that share ${name} must reach ONE database. Write <url>${meant}</url>.`,
            `datasources.${name}`,
          );
        }
      }
    }

    // Publisher and Store share config and governance through registry mounts on WSO2REG_DB (facts §7).
    if (profile === "api-publisher" || profile === "api-store") {
      const regJndi = node.config.datasources.find((d) => d.name === "WSO2REG_DB")?.jndiName ?? "jdbc/WSO2REG_DB";
      for (const path of ["/_system/config", "/_system/governance"]) {
        const mount = node.config.registry.mounts.find((m) => m.path === path);
        if (mount === undefined || mount.dataSource !== regJndi) {
          const why =
            mount === undefined ? "is not mounted" : `is mounted on ${mount.dataSource ?? "an unknown datasource"}`;
          push(
            "apim-registry-not-mounted",
            { file: `${node.name}/${REGISTRY_FILE}`, line: 0, column: 0 },
            `${node.name} runs ${profile}, but ${path} ${why}: APIs the Publisher saves in the registry are then not seen by the Store. In registry.xml add a dbConfig on ${regJndi}, a remoteInstance using it, and <mount path="${path}" overwrite="true"> with targetPath ${path}.`,
            "registry.mounts",
          );
        }
      }
    }
  }
  return out;
}

/** What to write instead, with the workspace's node of that profile when there is one. */
function exampleUrl(link: Link, targetName: string | undefined): string {
  const host = targetName ?? `<${link.target} host>`;
  if (link.services === true) return `https://${host}:${SERVLET_HTTPS}/services/`;
  if (link.port?.base === TM_RECEIVER) return `tcp://${host}:${TM_RECEIVER}`;
  if (link.port?.base === TM_AUTH) return `ssl://${host}:${TM_AUTH}`;
  if (link.port?.base === TM_JMS) return `brokerlist='tcp://${host}:${TM_JMS}'`;
  return `https://${host}:${PASS_THROUGH_HTTPS}/revoke`;
}

function checkPort(
  node: ApimLintNode,
  link: Link,
  endpoint: ApimEndpoint,
  url: string,
  target: ApimLintNode | undefined,
  example: string,
  where: (key: string) => Located,
  push: (code: ApimLintCode, at: Located, message: string, key: string) => void,
): void {
  if (link.port === undefined || endpoint.port === null) return;
  const expected = link.port.base + (target?.config.server.offset ?? 0);
  if (endpoint.port === expected) return;
  const name = target?.name ?? endpoint.host;
  push(
    link.port.code,
    where(link.key),
    `${node.name}'s ${link.element} is ${url}, port ${endpoint.port}, but ${name}'s ${link.port.what} is ${expected}${target !== undefined && target.config.server.offset > 0 ? ` (${link.port.base} + offset ${target.config.server.offset})` : ""}. Write ${example.replace(`:${link.port.base}`, `:${expected}`)}.`,
    link.key,
  );
}
