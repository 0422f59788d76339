/**
 * Raw facts (as written) -> the one typed CarbonConfig. Defaults come from defaults.ts (facts §3-§8);
 * every value that cannot be used becomes a diagnostic and a default, never an exception.
 */
import type { CarbonConfig, ClusteringConfig, Datasource, Diagnostic, Member, RegistryMount } from "./model";
import type { ParseResult, Position } from "./diagnostics";
import { diagnostic, FILE_START } from "./diagnostics";
import type { Axis2Raw } from "./axis2-xml";
import type { CarbonXmlRaw } from "./carbon-xml";
import type { DatasourcesXmlRaw } from "./datasources-xml";
import type { RegistryXmlRaw } from "./registry-xml";
import type { HazelcastPropertiesRaw } from "./hazelcast-properties";
import type { HazelcastXmlRaw } from "./hazelcast-xml";
import type { DeploymentTomlRaw, TomlJson, TomlTable } from "./deployment-toml";
import {
  BUILT_IN_SCHEMES,
  CARBON_HAZELCAST_DEFAULTS,
  DEFAULT_AWS_ECS_MEMBER_PORT,
  DEFAULT_DOMAIN,
  DEFAULT_LOCAL_MEMBER_PORT,
  DEFAULT_MCAST_PORT,
  DEFAULT_MCAST_TIMEOUT,
  DEFAULT_MCAST_TTL,
  DEFAULT_SCHEME_WHEN_ENABLED,
  DEFAULT_TOML_LOCAL_MEMBER_HOST,
  DEFAULT_TOML_MEMBERS,
  DEFAULT_TOML_SHARED_DB_URL,
  HTTP_SERVLET_PORT,
  HTTPS_SERVLET_PORT,
  JDBC_INFERENCE,
  MEMBER_LIST_SCHEMES,
  TOML_AXIS2_TEMPLATE_PARAMETERS,
  TOML_AXIS2_TEMPLATE_PROPERTIES,
  TOML_DATABASE_NAMES,
  TOML_KERNEL_DATASOURCES,
} from "./defaults";
import { decodeXmlEntities, scalarToString, toInteger } from "./values";

/** A located fact: which file and where, so cross-node lint findings can point at the right line. */
export type Location = { file: string; line: number; column: number };
export type Locations = Record<string, Location>;

export type FileResult<Raw> = ParseResult<Raw> & { file: string };

export type XmlEraInputs = {
  axis2?: FileResult<Axis2Raw>;
  carbon?: FileResult<CarbonXmlRaw>;
  datasources?: FileResult<DatasourcesXmlRaw>;
  registry?: FileResult<RegistryXmlRaw>;
  hazelcastProperties?: FileResult<HazelcastPropertiesRaw>;
  hazelcastXml?: FileResult<HazelcastXmlRaw>;
};

export type TomlEraInputs = {
  toml: FileResult<DeploymentTomlRaw>;
  hazelcastXml?: FileResult<HazelcastXmlRaw>;
};

export type Normalised = { config: CarbonConfig; locations: Locations };

const PORT_RANGE = { min: 0, max: 65535 };

function locate(result: FileResult<unknown> | undefined, key: string): Location | undefined {
  if (result === undefined) return undefined;
  const at = result.positions[key];
  return at === undefined ? undefined : { file: result.file, ...at };
}

function positionIn(result: FileResult<unknown> | undefined, key: string): Position {
  return result?.positions[key] ?? FILE_START;
}

function servletPorts(offset: number, member: number): CarbonConfig["ports"] {
  return {
    http: HTTP_SERVLET_PORT + offset,
    https: HTTPS_SERVLET_PORT + offset,
    member,
    httpProxy: null,
    httpsProxy: null,
  };
}

function emptyClustering(): ClusteringConfig {
  return {
    enabled: false,
    scheme: null,
    domain: DEFAULT_DOMAIN,
    localMemberHost: null,
    localMemberPort: DEFAULT_LOCAL_MEMBER_PORT,
    members: [],
    multicast: { address: null, port: DEFAULT_MCAST_PORT, ttl: DEFAULT_MCAST_TTL, timeout: DEFAULT_MCAST_TIMEOUT },
    properties: {},
    parameters: {},
    hazelcastConfigSource: "axis2",
  };
}

/**
 * Carbon 4.4 accepts only multicast, wka and aws without membershipSchemeClassName (facts §3); toml-era
 * products also know kubernetes (IS 5.11.0.298+) and aws-ecs without it (facts §6).
 */
function checkScheme(
  clustering: ClusteringConfig,
  file: string,
  at: Position,
  diagnostics: Array<Diagnostic>,
  era: "xml" | "toml",
): void {
  const scheme = clustering.scheme;
  if (!clustering.enabled || scheme === null) return;
  const classNameKey =
    era === "xml" ? '<parameter name="membershipSchemeClassName">' : "properties.membershipSchemeClassName";
  const hasClass =
    clustering.parameters["membershipSchemeClassName"] !== undefined ||
    clustering.properties["membershipSchemeClassName"] !== undefined;
  const known = era === "xml" ? BUILT_IN_SCHEMES : [...BUILT_IN_SCHEMES, "kubernetes", "aws-ecs"];
  if (!known.includes(scheme) && !hasClass) {
    diagnostics.push(
      diagnostic(
        "error",
        "clustering-unknown-scheme",
        file,
        at,
        `Membership scheme "${scheme}" needs ${classNameKey} (only ${known.join(", ")} work without it), otherwise Carbon fails at startup with "Invalid membership scheme". Use wka or multicast, or add ${classNameKey}.`,
        "membershipScheme",
      ),
    );
  }
}

/** Parse "host:port"-style member entries; a bad port is reported and the member dropped. */
function toMembers(
  entries: Array<{ host: string | null; port: string | null }>,
  file: string,
  atOf: (index: number) => Position,
  fallbackPort: number,
  diagnostics: Array<Diagnostic>,
): Array<Member> {
  const members: Array<Member> = [];
  entries.forEach((entry, index) => {
    const key = `members[${index}]`;
    if (entry.host === null || entry.host === "") {
      diagnostics.push(
        diagnostic(
          "error",
          "member-host-missing",
          file,
          atOf(index),
          `Member ${index + 1} has no host. Give every well-known member a hostName (an IP address of the member).`,
          key,
        ),
      );
      return;
    }
    const port = toInteger(entry.port ?? String(fallbackPort), {
      file,
      key: `${key}.port`,
      at: atOf(index),
      fallback: -1,
      fallbackText: "nothing: the member is left out",
      ...PORT_RANGE,
      diagnostics,
    });
    if (port >= 0) members.push({ host: entry.host, port });
  });
  return members;
}

/** repository/conf/etc/hazelcast.xml replaces what axis2/toml said about the Hazelcast side (facts §3). */
function applyHazelcastXml(
  clustering: ClusteringConfig,
  hazelcast: Record<string, string>,
  input: FileResult<HazelcastXmlRaw>,
  diagnostics: Array<Diagnostic>,
  locations: Locations,
): void {
  const raw = input.raw;
  clustering.hazelcastConfigSource = "hazelcast.xml";
  if (raw.groupName !== null && raw.groupName !== "") clustering.domain = raw.groupName;
  if (raw.port !== null) {
    clustering.localMemberPort = toInteger(raw.port, {
      file: input.file,
      key: "network.port",
      at: positionIn(input, "port"),
      fallback: clustering.localMemberPort,
      ...PORT_RANGE,
      diagnostics,
    });
    const at = locate(input, "port");
    if (at) locations["clustering.localMemberPort"] = at;
  }
  if (raw.publicAddress !== null && raw.publicAddress !== "") clustering.localMemberHost = raw.publicAddress;
  const on = (value: string | null): boolean => value?.trim().toLowerCase() === "true";
  if (on(raw.tcpIpEnabled)) {
    clustering.scheme = "wka";
    const entries = raw.tcpIpMembers.map((member) => {
      const colon = member.lastIndexOf(":");
      return colon > 0 ? { host: member.slice(0, colon), port: member.slice(colon + 1) } : { host: member, port: null };
    });
    clustering.members = toMembers(entries, input.file, () => FILE_START, clustering.localMemberPort, diagnostics);
  } else if (on(raw.multicastEnabled)) {
    clustering.scheme = "multicast";
  }
  const mcast = clustering.multicast;
  if (raw.multicastGroup !== null) mcast.address = raw.multicastGroup;
  mcast.port = toInteger(raw.multicastPort, {
    file: input.file,
    key: "multicast-port",
    at: FILE_START,
    fallback: mcast.port,
    ...PORT_RANGE,
    diagnostics,
  });
  mcast.ttl = toInteger(raw.multicastTtl, {
    file: input.file,
    key: "multicast-time-to-live",
    at: FILE_START,
    fallback: mcast.ttl,
    min: 0,
    max: 255,
    diagnostics,
  });
  mcast.timeout = toInteger(raw.multicastTimeout, {
    file: input.file,
    key: "multicast-timeout-seconds",
    at: FILE_START,
    fallback: mcast.timeout,
    min: 0,
    diagnostics,
  });
  Object.assign(hazelcast, raw.properties);
}

function truthy(value: string | null): boolean {
  return value?.trim().toLowerCase() === "true";
}

export function normaliseXmlEra(inputs: XmlEraInputs, sources: Array<string>): Normalised {
  const diagnostics: Array<Diagnostic> = [];
  const locations: Locations = {};
  for (const input of Object.values(inputs)) if (input) diagnostics.push(...input.diagnostics);

  const carbon = inputs.carbon;
  const offset = toInteger(carbon?.raw.offset ?? null, {
    file: carbon?.file ?? "",
    key: "Ports.Offset",
    at: positionIn(carbon, "offset"),
    fallback: 0,
    min: 0,
    max: 55535,
    diagnostics,
  });
  const offsetAt = locate(carbon, "offset");
  if (offsetAt) locations["server.offset"] = offsetAt;

  const clustering = emptyClustering();
  const axis2 = inputs.axis2;
  if (axis2 !== undefined) {
    const raw = axis2.raw;
    const at = (key: string): Position => positionIn(axis2, key);
    clustering.enabled = raw.clusteringEnabled;
    clustering.scheme = raw.membershipScheme ?? (raw.clusteringEnabled ? DEFAULT_SCHEME_WHEN_ENABLED : null);
    clustering.domain = raw.domain !== null && raw.domain !== "" ? raw.domain : DEFAULT_DOMAIN;
    clustering.localMemberHost = raw.localMemberHost;
    clustering.localMemberPort = toInteger(raw.localMemberPort, {
      file: axis2.file,
      key: "localMemberPort",
      at: at("localMemberPort"),
      fallback: DEFAULT_LOCAL_MEMBER_PORT,
      ...PORT_RANGE,
      diagnostics,
    });
    clustering.members = toMembers(
      raw.members,
      axis2.file,
      (index) => at(`members[${index}].port`),
      DEFAULT_LOCAL_MEMBER_PORT,
      diagnostics,
    );
    const p = raw.parameters;
    clustering.multicast = {
      address: p["mcastAddress"] ?? null,
      port: toInteger(p["mcastPort"], {
        file: axis2.file,
        key: "mcastPort",
        at: at("parameters.mcastPort"),
        fallback: DEFAULT_MCAST_PORT,
        ...PORT_RANGE,
        diagnostics,
      }),
      ttl: toInteger(p["mcastTTL"], {
        file: axis2.file,
        key: "mcastTTL",
        at: at("parameters.mcastTTL"),
        fallback: DEFAULT_MCAST_TTL,
        min: 0,
        max: 255,
        diagnostics,
      }),
      timeout: toInteger(p["mcastTimeout"], {
        file: axis2.file,
        key: "mcastTimeout",
        at: at("parameters.mcastTimeout"),
        fallback: DEFAULT_MCAST_TIMEOUT,
        min: 0,
        diagnostics,
      }),
    };
    clustering.properties = { ...raw.properties };
    const modelled = new Set([
      "membershipScheme",
      "domain",
      "localMemberHost",
      "localMemberPort",
      "mcastAddress",
      "mcastPort",
      "mcastTTL",
      "mcastTimeout",
    ]);
    clustering.parameters = Object.fromEntries(Object.entries(p).filter(([key]) => !modelled.has(key)));
    checkScheme(clustering, axis2.file, at("membershipScheme"), diagnostics, "xml");
    for (const [from, to] of [
      ["clustering", "clustering.enabled"],
      ["membershipScheme", "clustering.scheme"],
      ["domain", "clustering.domain"],
      ["localMemberHost", "clustering.localMemberHost"],
      ["localMemberPort", "clustering.localMemberPort"],
      ["members", "clustering.members"],
    ] as const) {
      const found = locate(axis2, from) ?? locate(axis2, "clustering");
      if (found) locations[to] = found;
    }
  }

  const hazelcast: Record<string, string> = {
    ...CARBON_HAZELCAST_DEFAULTS,
    ...(inputs.hazelcastProperties?.raw.properties ?? {}),
  };
  if (inputs.hazelcastXml) applyHazelcastXml(clustering, hazelcast, inputs.hazelcastXml, diagnostics, locations);

  const datasources: Array<Datasource> = [];
  const dsInput = inputs.datasources;
  dsInput?.raw.datasources.forEach((raw, index) => {
    if (raw.name === null || raw.name === "") return;
    datasources.push({
      name: raw.name,
      jndiName: raw.jndiName,
      url: raw.url,
      username: raw.username,
      password: raw.password,
      driver: raw.driverClassName,
      pool: { ...raw.configuration },
    });
    const at = locate(dsInput, `datasources[${index}].url`) ?? locate(dsInput, `datasources[${index}]`);
    if (at) locations[`datasources.${raw.name}`] = at;
  });

  const mounts: Array<RegistryMount> = [];
  const registry = inputs.registry;
  registry?.raw.mounts.forEach((raw, index) => {
    if (raw.path === null || raw.instanceId === null) return;
    const instance = registry.raw.remoteInstances.find((candidate) => candidate.id === raw.instanceId);
    const dbConfig = registry.raw.dbConfigs.find((candidate) => candidate.name === instance?.dbConfig);
    mounts.push({
      path: raw.path,
      targetPath: raw.targetPath ?? raw.path,
      instanceId: raw.instanceId,
      readOnly: truthy(raw.readOnly),
      dataSource: dbConfig?.dataSource ?? null,
    });
    const at = locate(registry, `mounts[${index}]`);
    if (at) locations[`registry.mounts[${mounts.length - 1}]`] = at;
  });
  for (const mount of mounts) {
    if (
      mount.dataSource !== null &&
      datasources.length > 0 &&
      !datasources.some((d) => d.jndiName === mount.dataSource)
    ) {
      diagnostics.push(
        diagnostic(
          "warning",
          "registry-datasource-unknown",
          registry?.file ?? "",
          FILE_START,
          `The registry mount ${mount.path} uses datasource ${mount.dataSource}, which master-datasources.xml does not define. Add a <datasource> with that JNDI name or fix the dbConfig.`,
          "registry.mount",
        ),
      );
    }
  }

  const config: CarbonConfig = {
    sources,
    era: "xml",
    server: { hostname: carbon?.raw.hostName ?? null, mgtHostname: carbon?.raw.mgtHostName ?? null, offset },
    clustering,
    hazelcast,
    datasources,
    registry: { mounts },
    ports: servletPorts(offset, clustering.localMemberPort),
    diagnostics,
  };
  return { config, locations };
}

// ---------------------------------------------------------------- toml era

function lookup(document: TomlTable, dotted: string): TomlJson | undefined {
  let current: TomlJson | undefined = document;
  for (const part of dotted.split(".")) {
    if (typeof current !== "object" || current === null || Array.isArray(current)) return undefined;
    current = current[part];
  }
  return current;
}

/**
 * Bounds on `$ref{}` expansion (L5): refs can nest, so a 1 kB file whose values each hold 40 refs to the next grows
 * 40-fold per round. Real values are short; past these bounds we stop and say so, instead of running out of memory.
 */
export const MAX_REF_EXPANSION_CHARS = 64_000;
const MAX_REF_REPLACEMENTS = 1_000;

/**
 * Resolve `$ref{a.b}` against the document, as WSO2's config mapper does; unresolvable refs stay verbatim.
 * An expansion that passes the bounds stops where it was (refs left verbatim) and calls `tooLarge`.
 */
function resolveRefs(
  value: string,
  document: TomlTable,
  report: (ref: string) => void,
  tooLarge: () => void = () => undefined,
): string {
  let current = value;
  let replacements = 0;
  for (let round = 0; round < 8 && current.includes("$ref{"); round += 1) {
    let overflow = false;
    let grown = current.length;
    const next = current.replace(/\$ref\{([^}]*)\}/g, (whole, ref: string) => {
      if (overflow) return whole;
      const target = lookup(document, ref.trim());
      if (typeof target === "string" || typeof target === "number" || typeof target === "boolean") {
        const text = String(target);
        grown += text.length - whole.length;
        replacements += 1;
        if (grown > MAX_REF_EXPANSION_CHARS || replacements > MAX_REF_REPLACEMENTS) {
          overflow = true;
          return whole;
        }
        return text;
      }
      report(ref);
      return whole;
    });
    if (overflow) {
      tooLarge();
      return current.length > MAX_REF_EXPANSION_CHARS ? current.slice(0, MAX_REF_EXPANSION_CHARS) : current;
    }
    if (next === current) break;
    current = next;
  }
  return current;
}

function tomlDatasource(
  id: string,
  entry: TomlTable,
  names: { name: string; jndiName: string | null },
  file: string,
  at: Position,
  diagnostics: Array<Diagnostic>,
  key: string,
): Datasource {
  const text = (name: string): string | null => {
    const value = entry[name];
    return typeof value === "string" ? decodeXmlEntities(value) : typeof value === "number" ? String(value) : null;
  };
  const type = text("type")?.toLowerCase() ?? null;
  let url = text("url");
  let driver = text("driver");
  if (type !== null) {
    const inference = JDBC_INFERENCE[type];
    if (inference === undefined) {
      diagnostics.push(
        diagnostic(
          "warning",
          "database-type-unknown",
          file,
          at,
          `${key}.type "${type}" is not one WSO2 can infer a URL for (mysql, mariadb, postgre, mssql, oracle, db2, h2). Give url and driver explicitly.`,
          `${key}.type`,
        ),
      );
    } else {
      const hostname = text("hostname");
      if (type === "h2" && hostname !== null && hostname.startsWith("jdbc:")) {
        diagnostics.push(
          diagnostic(
            "warning",
            "database-hostname-is-url",
            file,
            at,
            `${key}.hostname holds a JDBC URL; for type h2 WSO2 ignores hostname and uses its default H2 file. Put the URL in url = "..." instead.`,
            `${key}.hostname`,
          ),
        );
      }
      if (url === null) {
        if (type === "h2") url = inference.url("", "", "");
        else if (hostname !== null && text("name") !== null) {
          url = inference.url(hostname, text("port") ?? String(inference.defaultPort ?? ""), text("name") ?? "");
        }
      }
      driver ??= inference.driver;
    }
  }
  if (url === null) {
    diagnostics.push(
      diagnostic(
        "error",
        "database-url-missing",
        file,
        at,
        `${key} has no url and not enough to infer one. Give url = "jdbc:..." or type, hostname, port and name.`,
        key,
      ),
    );
  }
  const pool: Datasource["pool"] = {};
  const options = entry["pool_options"];
  if (typeof options === "object" && options !== null && !Array.isArray(options)) {
    for (const [option, value] of Object.entries(options)) {
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") pool[option] = value;
    }
  }
  return {
    name: names.name,
    jndiName: names.jndiName,
    url,
    username: text("username"),
    password: text("password"),
    driver,
    tomlId: id,
    pool,
  };
}

export function normaliseTomlEra(inputs: TomlEraInputs, sources: Array<string>): Normalised {
  const { toml } = inputs;
  const raw = toml.raw;
  const file = toml.file;
  const diagnostics: Array<Diagnostic> = [...toml.diagnostics];
  if (inputs.hazelcastXml) diagnostics.push(...inputs.hazelcastXml.diagnostics);
  const locations: Locations = {};
  const at = (key: string): Position => positionIn(toml, key);
  const document = raw.document;
  const resolve = (value: string, key: string): string =>
    resolveRefs(
      value,
      document,
      (ref) =>
        diagnostics.push(
          diagnostic(
            "warning",
            "toml-ref-unresolved",
            file,
            at(key),
            `$ref{${ref}} in ${key} does not name a value in deployment.toml, so it stays unresolved. Define ${ref} or write the value directly.`,
            key,
          ),
        ),
      () =>
        diagnostics.push(
          diagnostic(
            "error",
            "toml-ref-too-large",
            file,
            at(key),
            `The $ref{} values in ${key} expand to more than ${MAX_REF_EXPANSION_CHARS} characters (or ${MAX_REF_REPLACEMENTS} refs), so expansion stopped there. Refs that refer to refs multiply: write the value directly.`,
            key,
          ),
        ),
    );

  const offset = toInteger(raw.offset, {
    file,
    key: "server.offset",
    at: at("offset"),
    fallback: 0,
    min: 0,
    max: 55535,
    diagnostics,
  });
  if (raw.offset !== null) locations["server.offset"] = { file, ...at("offset") };
  const hostname = typeof raw.hostname === "string" ? resolve(raw.hostname, "server.hostname") : null;

  const clustering = emptyClustering();
  clustering.hazelcastConfigSource = "deployment.toml";
  // The axis2.xml template always renders AvoidInitiation and its three properties, with or without
  // [clustering]; [clustering.properties] keys come on top (they become axis2 parameters, and
  // `config explain` shows them under clustering.properties).
  clustering.parameters = { ...TOML_AXIS2_TEMPLATE_PARAMETERS };
  clustering.properties = { ...TOML_AXIS2_TEMPLATE_PROPERTIES };
  if (raw.clusteringSection) {
    clustering.enabled = raw.clusteringEnabled;
    clustering.scheme = typeof raw.membershipScheme === "string" ? raw.membershipScheme : null;
    clustering.domain = typeof raw.domain === "string" && raw.domain !== "" ? raw.domain : DEFAULT_DOMAIN;
    const hostSource = typeof raw.localMemberHost === "string" ? raw.localMemberHost : DEFAULT_TOML_LOCAL_MEMBER_HOST;
    const resolvedHost = resolveRefs(hostSource, document, () => undefined);
    clustering.localMemberHost = resolvedHost.includes("$ref{") && raw.localMemberHost === null ? null : resolvedHost;
    if (raw.localMemberHost !== null && resolvedHost.includes("$ref{"))
      resolve(hostSource, "clustering.local_member_host");
    const portFallback = clustering.scheme === "aws-ecs" ? DEFAULT_AWS_ECS_MEMBER_PORT : DEFAULT_LOCAL_MEMBER_PORT;
    clustering.localMemberPort = toInteger(raw.localMemberPort, {
      file,
      key: "clustering.local_member_port",
      at: at("local_member_port"),
      fallback: portFallback,
      ...PORT_RANGE,
      diagnostics,
    });
    // default.json's members only matter where a members list is read (WKA); reporting 127.0.0.1:4000 for a
    // kubernetes or aws home would invent a member that WSO2 never contacts.
    const defaultMembers =
      clustering.scheme !== null && MEMBER_LIST_SCHEMES.includes(clustering.scheme) ? DEFAULT_TOML_MEMBERS : [];
    const entries =
      raw.membersRaw === null
        ? defaultMembers.map((m) => ({ host: m.split(":")[0] ?? "", port: m.split(":")[1] ?? "" }))
        : raw.members;
    clustering.members = toMembers(entries, file, () => at("members"), DEFAULT_LOCAL_MEMBER_PORT, diagnostics);
    clustering.properties = {
      ...clustering.properties,
      ...Object.fromEntries(
        Object.entries(raw.properties).map(([key, value]) => [
          key,
          typeof value === "string" ? resolve(value, `clustering.properties.${key}`) : scalarToString(value),
        ]),
      ),
    };
    checkScheme(clustering, file, at("membership_scheme"), diagnostics, "toml");
    const clusteringAt = { file, ...at("clustering") };
    locations["clustering.enabled"] = clusteringAt;
    for (const [from, to] of [
      ["membership_scheme", "clustering.scheme"],
      ["domain", "clustering.domain"],
      ["local_member_host", "clustering.localMemberHost"],
      ["local_member_port", "clustering.localMemberPort"],
      ["members", "clustering.members"],
    ] as const) {
      locations[to] = toml.positions[from] === undefined ? clusteringAt : { file, ...at(from) };
    }
  }

  const hazelcast: Record<string, string> = { ...CARBON_HAZELCAST_DEFAULTS };
  for (const [key, value] of Object.entries(raw.hazelcastSection ?? {})) {
    if (typeof value !== "object" || value === null) hazelcast[key] = scalarToString(value); // nested tables were reported
  }
  if (inputs.hazelcastXml) applyHazelcastXml(clustering, hazelcast, inputs.hazelcastXml, diagnostics, locations);

  const datasources: Array<Datasource> = TOML_KERNEL_DATASOURCES.map((d) => ({ ...d, pool: {} }));
  for (const [id, entry] of Object.entries(raw.databases)) {
    const names = TOML_DATABASE_NAMES[id] ?? { name: id, jndiName: null };
    const where = at(`databases.${id}`);
    datasources.push(tomlDatasource(id, entry, names, file, where, diagnostics, `database.${id}`));
    locations[`datasources.${names.name}`] = { file, ...where };
  }
  if (raw.databases["shared_db"] === undefined) {
    datasources.push({
      name: "WSO2_SHARED_DB",
      jndiName: "jdbc/SHARED_DB",
      url: DEFAULT_TOML_SHARED_DB_URL,
      username: "wso2carbon",
      password: "wso2carbon",
      driver: "org.h2.Driver",
      pool: {},
    });
  }
  raw.datasources.forEach((entry, index) => {
    const id = typeof entry["id"] === "string" ? entry["id"] : `datasource${index + 1}`;
    const where = at(`datasources[${index}]`);
    datasources.push(
      tomlDatasource(id, entry, { name: id, jndiName: `jdbc/${id}` }, file, where, diagnostics, `datasource[${index}]`),
    );
    locations[`datasources.${id}`] = { file, ...where };
  });

  // registry.xml.j2 always mounts governance and config on the shared DB (facts §7); [database.config] moves config.
  const sharedJndi = "jdbc/SHARED_DB";
  const configDb = datasources.find((d) => d.tomlId === "config");
  const mounts: Array<RegistryMount> = [
    {
      path: "/_system/governance",
      targetPath: "/_system/governance",
      instanceId: "gov",
      readOnly: false,
      dataSource: sharedJndi,
    },
    {
      path: "/_system/config",
      targetPath: "/_system/config",
      instanceId: "conf",
      readOnly: false,
      dataSource: configDb === undefined ? sharedJndi : configDb.jndiName,
    },
  ];

  const ports = servletPorts(offset, clustering.localMemberPort);
  ports.httpProxy = toInteger(raw.httpProxyPort, {
    file,
    key: "transport.http.properties.proxyPort",
    at: at("transport.http.proxyPort"),
    fallback: -1,
    fallbackText: "no proxy port",
    ...PORT_RANGE,
    diagnostics,
  });
  ports.httpsProxy = toInteger(raw.httpsProxyPort, {
    file,
    key: "transport.https.properties.proxyPort",
    at: at("transport.https.proxyPort"),
    fallback: -1,
    fallbackText: "no proxy port",
    ...PORT_RANGE,
    diagnostics,
  });
  if (ports.httpProxy < 0) ports.httpProxy = null;
  if (ports.httpsProxy < 0) ports.httpsProxy = null;

  // zod already reported a wrongly typed value as toml-type; drop the second report of the same key.
  const typed = new Set(diagnostics.filter((d) => d.code === "toml-type").map((d) => d.key));
  const deduplicated = diagnostics.filter((d) => d.code !== "value-not-integer" || !typed.has(d.key));

  const config: CarbonConfig = {
    sources,
    era: "toml",
    // carbon.xml.j2 renders both HostName and MgtHostName from [server] hostname.
    server: { hostname, mgtHostname: hostname, offset },
    clustering,
    hazelcast,
    datasources,
    registry: { mounts },
    ports,
    diagnostics: deduplicated,
  };
  return { config, locations };
}
