/**
 * repository/conf/api-manager.xml (API Manager 2.x) — only the elements that wire the five profiles together
 * (facts §9 "API-M 2.6 distributed deployment"): AuthManager, APIGateway environments, APIKeyValidator,
 * OAuthConfigurations/RevokeAPIURL, APIStore/URL, CacheConfigurations/EnableGatewayTokenCache and the
 * ThrottlingConfigurations links to the Traffic Manager. Everything else in the file (analytics, JWT, workflows,
 * REST API white lists, ...) is not read. ADR 0031 lists what is read and why.
 */
import type { ApimConfig, Diagnostic, Member } from "./model";
import { diagnostic, FILE_START, type ParseResult, type Position } from "./diagnostics";
import { childElements, firstChild, parseXmlTree, positionOf, type XmlElement } from "./xml-tree";
import { toInteger } from "./values";

export const API_MANAGER_FILE = "repository/conf/api-manager.xml";

/** One `<Environment>` as written. */
export type RawGatewayEnvironment = {
  type: string | null;
  name: string | null;
  serverUrl: string | null;
  gatewayEndpoint: string | null;
};

/** The wiring elements as written (trimmed text, placeholders verbatim, null = element absent). */
export type ApiManagerXmlRaw = {
  authManagerUrl: string | null;
  environments: Array<RawGatewayEnvironment>;
  keyValidatorUrl: string | null;
  keyValidatorClientType: string | null;
  thriftClientPort: string | null;
  enableThriftServer: string | null;
  enableAdvanceThrottling: string | null;
  receiverUrlGroup: string | null;
  authUrlGroup: string | null;
  dataPublisherEnabled: string | null;
  policyDeployerUrl: string | null;
  jmsEnabled: string | null;
  jmsConnectionUrl: string | null;
  storeUrl: string | null;
  revokeApiUrl: string | null;
  gatewayTokenCache: string | null;
};

/** Descend through direct children (`a/b/c`), never into look-alikes elsewhere in the file. */
function at(root: XmlElement, path: string): XmlElement | undefined {
  let current: XmlElement | undefined = root;
  for (const part of path.split("/")) {
    if (current === undefined) return undefined;
    current = firstChild(current, part);
  }
  return current;
}

export function parseApiManagerXml(text: string, file: string = API_MANAGER_FILE): ParseResult<ApiManagerXmlRaw> {
  const { root, diagnostics } = parseXmlTree(text, file);
  const raw: ApiManagerXmlRaw = {
    authManagerUrl: null,
    environments: [],
    keyValidatorUrl: null,
    keyValidatorClientType: null,
    thriftClientPort: null,
    enableThriftServer: null,
    enableAdvanceThrottling: null,
    receiverUrlGroup: null,
    authUrlGroup: null,
    dataPublisherEnabled: null,
    policyDeployerUrl: null,
    jmsEnabled: null,
    jmsConnectionUrl: null,
    storeUrl: null,
    revokeApiUrl: null,
    gatewayTokenCache: null,
  };
  const positions: Record<string, Position> = {};
  if (root === null) return { raw, diagnostics, positions };
  if (root.local !== "APIManager") {
    diagnostics.push(
      diagnostic(
        "error",
        "api-manager-root",
        file,
        positionOf(root),
        `Expected the root element <APIManager> but found <${root.name}>. Point this file at a real api-manager.xml.`,
      ),
    );
    return { raw, diagnostics, positions };
  }
  const read = (key: keyof Omit<ApiManagerXmlRaw, "environments">, path: string): void => {
    const element = at(root, path);
    if (element === undefined) return;
    raw[key] = element.text.trim();
    positions[key] = positionOf(element);
  };
  read("authManagerUrl", "AuthManager/ServerURL");
  read("keyValidatorUrl", "APIKeyValidator/ServerURL");
  read("keyValidatorClientType", "APIKeyValidator/KeyValidatorClientType");
  read("thriftClientPort", "APIKeyValidator/ThriftClientPort");
  read("enableThriftServer", "APIKeyValidator/EnableThriftServer");
  read("enableAdvanceThrottling", "ThrottlingConfigurations/EnableAdvanceThrottling");
  // API-M 2.x keeps the TM receiver under TrafficManager; some 2.x files put it under DataPublisher instead.
  read("receiverUrlGroup", "ThrottlingConfigurations/DataPublisher/ReceiverUrlGroup");
  read("authUrlGroup", "ThrottlingConfigurations/DataPublisher/AuthUrlGroup");
  read("receiverUrlGroup", "ThrottlingConfigurations/TrafficManager/ReceiverUrlGroup");
  read("authUrlGroup", "ThrottlingConfigurations/TrafficManager/AuthUrlGroup");
  read("dataPublisherEnabled", "ThrottlingConfigurations/DataPublisher/Enabled");
  read("policyDeployerUrl", "ThrottlingConfigurations/PolicyDeployer/ServiceURL");
  read("jmsEnabled", "ThrottlingConfigurations/JMSConnectionDetails/Enabled");
  read(
    "jmsConnectionUrl",
    "ThrottlingConfigurations/JMSConnectionDetails/JMSConnectionParameters/connectionfactory.TopicConnectionFactory",
  );
  read("storeUrl", "APIStore/URL");
  read("revokeApiUrl", "OAuthConfigurations/RevokeAPIURL");
  read("gatewayTokenCache", "CacheConfigurations/EnableGatewayTokenCache");
  const environments = at(root, "APIGateway/Environments");
  if (environments !== undefined) {
    childElements(environments, "Environment").forEach((element, index) => {
      const text = (local: string): string | null => {
        const child = firstChild(element, local);
        return child === undefined ? null : child.text.trim();
      };
      raw.environments.push({
        type: element.attributes["type"] ?? null,
        name: text("Name"),
        serverUrl: text("ServerURL"),
        gatewayEndpoint: text("GatewayEndpoint"),
      });
      positions[`environments[${index}]`] = positionOf(element);
      const serverUrl = firstChild(element, "ServerURL");
      if (serverUrl) positions[`environments[${index}].serverUrl`] = positionOf(serverUrl);
      const endpoint = firstChild(element, "GatewayEndpoint");
      if (endpoint) positions[`environments[${index}].gatewayEndpoint`] = positionOf(endpoint);
    });
  }
  return { raw, diagnostics, positions };
}

/**
 * Carbon's port placeholders that api-manager.xml uses, with their defaults before the offset (facts §8, §9;
 * carbon.xml and the 2.6 api-manager.xml comments). Anything else (`${carbon.local.ip}`, `${admin.username}`) stays
 * as written: it is resolved only by the running server.
 */
export const APIM_PORT_PLACEHOLDERS: Readonly<Record<string, number>> = {
  "${mgt.transport.https.port}": 9443,
  "${mgt.transport.http.port}": 9763,
  "${https.nio.port}": 8243,
  "${http.nio.port}": 8280,
  "${receiver.url.port}": 9611,
  "${auth.url.port}": 9711,
  "${jms.port}": 5672,
};

/** One `scheme://host:port/path` of an api-manager.xml URL, with Carbon's port placeholders resolved. */
export type ApimEndpoint = {
  scheme: string;
  host: string;
  /** null when the URL has no port or an unknown placeholder. */
  port: number | null;
  /** Everything after host:port, e.g. `/services/`; `${carbon.context}` is Carbon's default context `/`. */
  path: string;
};

/**
 * Split an api-manager.xml URL. `offset` is the port offset of the node that RESOLVES the placeholders (the node
 * whose file this is): `${mgt.transport.https.port}` there means 9443 + that node's offset.
 */
export function parseApimEndpoint(url: string, offset = 0): ApimEndpoint | null {
  const match = /^\s*([a-z][a-z0-9+.-]*):\/\/([^/:?'"]+|\[[^\]]+\])(?::(\d+|\$\{[^}]*\}))?([^;'"?]*)/i.exec(url);
  if (match === null) return null;
  const portText = match[3] ?? null;
  let port: number | null = null;
  if (portText !== null) {
    if (/^\d+$/.test(portText)) port = Number.parseInt(portText, 10);
    else {
      const base = APIM_PORT_PLACEHOLDERS[portText];
      port = base === undefined ? null : base + offset;
    }
  }
  return {
    scheme: (match[1] ?? "").toLowerCase(),
    host: match[2] ?? "",
    port,
    path: (match[4] ?? "").replaceAll("${carbon.context}", "/").replace(/^\/\/+/, "/"),
  };
}

/**
 * The URLs of a ReceiverUrlGroup/AuthUrlGroup: `{a},{b}` are failover/load-balanced groups, `a,b` several receivers
 * in one group; either way each URL is one TM receiver.
 */
export function urlGroupMembers(group: string): Array<string> {
  // `${carbon.local.ip}` has braces of its own: keep placeholders whole while splitting on the group braces.
  const placeholders: Array<string> = [];
  const masked = group.replace(/\$\{[^}]*\}/g, (whole) => `\uE000${placeholders.push(whole) - 1}\uE000`);
  return masked
    .split(/[{},|]/)
    .map((part) => part.trim().replace(/\uE000(\d+)\uE000/g, (_, index: string) => placeholders[Number(index)] ?? ""))
    .filter((part) => part !== "");
}

/**
 * The brokers of a TopicConnectionFactory URL: `brokerlist='tcp://tm:5672'`, or several separated by `;`, each
 * possibly with `?retries='5'%26connectdelay='50'` options (kubernetes-apim pattern-3 gateway).
 */
export function jmsBrokerUrls(connectionUrl: string): Array<string> {
  const start = connectionUrl.indexOf("brokerlist=");
  if (start === -1) return [];
  return [...connectionUrl.slice(start).matchAll(/\b(?:tcp|ssl):\/\/[^;'"?]+/gi)].map((m) => m[0]);
}

type BooleanContext = { file: string; key: string; at: Position; diagnostics: Array<Diagnostic> };

/** `true`/`false` as Carbon reads it (case-insensitive); anything else is reported and left null. */
function toBoolean(value: string | null, context: BooleanContext): boolean | null {
  if (value === null) return null;
  const lower = value.trim().toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  context.diagnostics.push(
    diagnostic(
      "warning",
      "value-not-boolean",
      context.file,
      context.at,
      `${context.key} is "${value}", but it must be true or false. Write true or false.`,
      context.key,
    ),
  );
  return null;
}

/** The model's key for each raw key, so lint findings can point at the element (normalise.ts `Locations`). */
const LOCATION_KEYS: Record<string, string> = {
  authManagerUrl: "apim.authManagerUrl",
  keyValidatorUrl: "apim.keyValidator.serverUrl",
  keyValidatorClientType: "apim.keyValidator.clientType",
  thriftClientPort: "apim.keyValidator.thriftClientPort",
  enableThriftServer: "apim.keyValidator.thriftServerEnabled",
  enableAdvanceThrottling: "apim.throttling.advanced",
  receiverUrlGroup: "apim.throttling.receiverUrlGroup",
  authUrlGroup: "apim.throttling.authUrlGroup",
  dataPublisherEnabled: "apim.throttling.dataPublisherEnabled",
  policyDeployerUrl: "apim.throttling.policyDeployerUrl",
  jmsEnabled: "apim.throttling.jmsEnabled",
  jmsConnectionUrl: "apim.throttling.jmsConnectionUrl",
  storeUrl: "apim.storeUrl",
  revokeApiUrl: "apim.revokeApiUrl",
  gatewayTokenCache: "apim.gatewayTokenCache",
};

export type ApimNormalised = {
  apim: ApimConfig;
  diagnostics: Array<Diagnostic>;
  /** Model key (`apim.keyValidator.serverUrl`, `apim.gatewayEnvironments[0].serverUrl`) -> where it was written. */
  locations: Record<string, { file: string; line: number; column: number }>;
};

/** Raw facts -> the model's ApimConfig. `offset` resolves `${jms.port}` in the broker list (this node's offset). */
export function normaliseApiManagerXml(
  result: ParseResult<ApiManagerXmlRaw> & { file: string },
  offset: number,
): ApimNormalised {
  const { raw, file } = result;
  const diagnostics: Array<Diagnostic> = [];
  const where = (key: string): Position => result.positions[key] ?? FILE_START;
  const bool = (key: keyof ApiManagerXmlRaw, label: string): boolean | null =>
    toBoolean(raw[key] as string | null, { file, key: label, at: where(key), diagnostics });
  const jmsBrokers: Array<Member> = [];
  for (const url of raw.jmsConnectionUrl === null ? [] : jmsBrokerUrls(raw.jmsConnectionUrl)) {
    const endpoint = parseApimEndpoint(url, offset);
    if (endpoint !== null && endpoint.port !== null) jmsBrokers.push({ host: endpoint.host, port: endpoint.port });
    else
      diagnostics.push(
        diagnostic(
          "warning",
          "apim-jms-broker-unreadable",
          file,
          where("jmsConnectionUrl"),
          `The JMS broker ${url} in the TopicConnectionFactory URL has no port ClusterLab can read. Write it as tcp://<traffic-manager-host>:5672.`,
          "ThrottlingConfigurations.JMSConnectionDetails",
        ),
      );
  }
  const apim: ApimConfig = {
    authManagerUrl: raw.authManagerUrl,
    gatewayEnvironments: raw.environments.map((env) => ({
      type: env.type,
      name: env.name,
      serverUrl: env.serverUrl,
      gatewayEndpoints:
        env.gatewayEndpoint === null
          ? []
          : env.gatewayEndpoint
              .split(",")
              .map((s) => s.trim())
              .filter((s) => s !== ""),
    })),
    keyValidator: {
      serverUrl: raw.keyValidatorUrl,
      clientType: raw.keyValidatorClientType,
      thriftClientPort:
        raw.thriftClientPort === null
          ? null
          : toInteger(raw.thriftClientPort, {
              file,
              key: "APIKeyValidator.ThriftClientPort",
              at: where("thriftClientPort"),
              fallback: 10397,
              min: 0,
              max: 65535,
              diagnostics,
            }),
      thriftServerEnabled: bool("enableThriftServer", "APIKeyValidator.EnableThriftServer"),
    },
    throttling: {
      advanced: bool("enableAdvanceThrottling", "ThrottlingConfigurations.EnableAdvanceThrottling"),
      receiverUrlGroup: raw.receiverUrlGroup,
      authUrlGroup: raw.authUrlGroup,
      dataPublisherEnabled: bool("dataPublisherEnabled", "ThrottlingConfigurations.DataPublisher.Enabled"),
      policyDeployerUrl: raw.policyDeployerUrl,
      jmsEnabled: bool("jmsEnabled", "ThrottlingConfigurations.JMSConnectionDetails.Enabled"),
      jmsConnectionUrl: raw.jmsConnectionUrl,
      jmsBrokers,
    },
    storeUrl: raw.storeUrl,
    revokeApiUrl: raw.revokeApiUrl,
    gatewayTokenCache: bool("gatewayTokenCache", "CacheConfigurations.EnableGatewayTokenCache"),
  };
  const locations: ApimNormalised["locations"] = {};
  for (const [rawKey, modelKey] of Object.entries(LOCATION_KEYS)) {
    const position = result.positions[rawKey];
    if (position) locations[modelKey] = { file, ...position };
  }
  raw.environments.forEach((_, index) => {
    for (const [rawSuffix, modelSuffix] of [
      ["", ""],
      [".serverUrl", ".serverUrl"],
      [".gatewayEndpoint", ".gatewayEndpoints"],
    ] as const) {
      const position = result.positions[`environments[${index}]${rawSuffix}`];
      if (position) locations[`apim.gatewayEnvironments[${index}]${modelSuffix}`] = { file, ...position };
    }
  });
  // Reported in file order, as a learner reads the file.
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return { apim, diagnostics, locations };
}
