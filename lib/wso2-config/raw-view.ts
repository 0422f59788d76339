/**
 * The "raw facts" view of one config file: values exactly as written (XML text is a string, TOML keeps
 * its types, placeholders verbatim, null = absent), in the conventions of the reference samples'
 * expected.json (../shared/reference/wso2-samples/README.md). Graders and the sample test compare
 * against this; the normalised model (normalise.ts) is what the rest of ClusterLab uses.
 */
import type { Diagnostic } from "./model";
import { AXIS2_FILE, parseAxis2Xml } from "./axis2-xml";
import { CARBON_FILE, parseCarbonXml } from "./carbon-xml";
import { MASTER_DATASOURCES_FILE, parseMasterDatasourcesXml } from "./datasources-xml";
import { REGISTRY_FILE, parseRegistryXml } from "./registry-xml";
import { HAZELCAST_PROPERTIES_FILE, parseHazelcastProperties } from "./hazelcast-properties";
import { HAZELCAST_XML_FILE, parseHazelcastXml } from "./hazelcast-xml";
import { DEPLOYMENT_TOML_FILE, parseDeploymentToml, type TomlJson } from "./deployment-toml";
import { API_MANAGER_FILE, parseApiManagerXml } from "./api-manager-xml";
import { hasPlaceholder } from "./values";

export type RawFacts = { [key: string]: TomlJson };
export type RawFactsResult = { format: string; facts: RawFacts; diagnostics: Array<Diagnostic> };

/** Every string value containing `${}`, `$env{}`, `$ref{}` or `{{ }}`, keyed by its dotted path. */
export function collectPlaceholders(facts: RawFacts): Record<string, string> {
  const found: Record<string, string> = {};
  const visit = (value: TomlJson, key: string): void => {
    if (typeof value === "string") {
      if (hasPlaceholder(value)) found[key] = value;
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${key}[${index}]`));
    } else if (value !== null && typeof value === "object") {
      for (const [child, item] of Object.entries(value)) visit(item, key === "" ? child : `${key}.${child}`);
    }
  };
  for (const [key, value] of Object.entries(facts)) if (key !== "placeholderValues") visit(value, key);
  return found;
}

function withPlaceholders(facts: RawFacts): RawFacts {
  return { ...facts, placeholderValues: collectPlaceholders(facts) };
}

type LocalMember = {
  membershipScheme: TomlJson;
  domain: TomlJson;
  localMemberHost: TomlJson;
  localMemberPort: TomlJson;
};

/** The clustering keys axis2.xml and deployment.toml both have, in the order expected.json lists them. */
function localMemberFacts(raw: LocalMember): RawFacts {
  return {
    membershipScheme: raw.membershipScheme,
    domain: raw.domain,
    localMemberHost: raw.localMemberHost,
    localMemberPort: raw.localMemberPort,
  };
}

/** Well-known members as written (host and port), copied out of the parse result. */
function memberFacts(members: ReadonlyArray<{ host: TomlJson; port: TomlJson }>): Array<TomlJson> {
  return members.map((m) => ({ host: m.host, port: m.port }));
}

/** Which parser reads a file, from its path relative to the Carbon home. */
export function formatOf(relativeFile: string): string | null {
  const formats: Record<string, string> = {
    [AXIS2_FILE]: "axis2.xml",
    [CARBON_FILE]: "carbon.xml",
    [MASTER_DATASOURCES_FILE]: "master-datasources.xml",
    [REGISTRY_FILE]: "registry.xml",
    [HAZELCAST_PROPERTIES_FILE]: "hazelcast.properties",
    [HAZELCAST_XML_FILE]: "hazelcast.xml",
    [DEPLOYMENT_TOML_FILE]: "deployment.toml",
    [API_MANAGER_FILE]: "api-manager.xml",
  };
  return formats[relativeFile.replace(/\\/g, "/")] ?? null;
}

export function rawFactsOf(relativeFile: string, text: string): RawFactsResult | null {
  const format = formatOf(relativeFile);
  switch (format) {
    case "axis2.xml": {
      const { raw, diagnostics } = parseAxis2Xml(text, relativeFile);
      const facts: RawFacts = {
        clusteringEnabled: raw.clusteringEnabled,
        enableAttribute: raw.enableAttribute,
        agentClass: raw.agentClass,
        ...localMemberFacts(raw),
        membersElementPresent: raw.membersElementPresent,
        members: memberFacts(raw.members),
        properties: raw.properties,
        parameters: raw.parameters,
      };
      return { format, facts: withPlaceholders(facts), diagnostics };
    }
    case "carbon.xml": {
      const { raw, diagnostics } = parseCarbonXml(text, relativeFile);
      return {
        format,
        facts: withPlaceholders({ offset: raw.offset, hostName: raw.hostName, mgtHostName: raw.mgtHostName }),
        diagnostics,
      };
    }
    case "master-datasources.xml": {
      const { raw, diagnostics } = parseMasterDatasourcesXml(text, relativeFile);
      const datasources = raw.datasources.map((d) => ({
        name: d.name,
        jndiName: d.jndiName,
        url: d.url,
        username: d.username,
        driverClassName: d.driverClassName,
      }));
      return { format, facts: withPlaceholders({ datasources }), diagnostics };
    }
    case "registry.xml": {
      const { raw, diagnostics } = parseRegistryXml(text, relativeFile);
      const facts: RawFacts = {
        currentDBConfig: raw.currentDBConfig,
        registryReadOnly: raw.registryReadOnly,
        dbConfigs: raw.dbConfigs.map((d) => ({ ...d })),
        remoteInstances: raw.remoteInstances.map((r) => ({ ...r })),
        mounts: raw.mounts.map((m) => ({ ...m })),
      };
      return { format, facts: withPlaceholders(facts), diagnostics };
    }
    case "hazelcast.properties": {
      const { raw, diagnostics } = parseHazelcastProperties(text, relativeFile);
      return { format, facts: withPlaceholders({ properties: raw.properties }), diagnostics };
    }
    case "hazelcast.xml": {
      const { raw, diagnostics } = parseHazelcastXml(text, relativeFile);
      return { format, facts: withPlaceholders({ ...raw, tcpIpMembers: raw.tcpIpMembers }), diagnostics };
    }
    case "deployment.toml": {
      const { raw, diagnostics } = parseDeploymentToml(text, relativeFile);
      const facts: RawFacts = {
        offset: raw.offset,
        hostname: raw.hostname,
        server: raw.server,
        clusteringSection: raw.clusteringSection,
        clusteringEnabled: raw.clusteringEnabled,
        ...localMemberFacts(raw),
        members: memberFacts(raw.members),
        membersRaw: raw.membersRaw,
        properties: raw.properties,
        hazelcastSection: raw.hazelcastSection,
        databases: raw.databases,
        datasources: raw.datasources,
        httpProxyPort: raw.httpProxyPort,
        httpsProxyPort: raw.httpsProxyPort,
      };
      return { format, facts: withPlaceholders(facts), diagnostics };
    }
    case "api-manager.xml": {
      const { raw, diagnostics } = parseApiManagerXml(text, relativeFile);
      const facts: RawFacts = { ...raw, environments: raw.environments.map((e) => ({ ...e })) };
      return { format, facts: withPlaceholders(facts), diagnostics };
    }
    default:
      return null;
  }
}
