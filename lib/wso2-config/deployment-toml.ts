/**
 * repository/conf/deployment.toml (kernel 4.5+). Returns the raw facts with their TOML types kept
 * (offset "0" stays a string, 3 stays a number) and placeholders verbatim; zod checks each section
 * and every problem becomes a diagnostic positioned on the key that caused it.
 */
import { parse, TomlError } from "smol-toml";
import { z } from "zod";
import type { Diagnostic } from "./model";
import { diagnostic, type ParseResult, type Position } from "./diagnostics";
import { createTomlLocator } from "./toml-locate";

export const DEPLOYMENT_TOML_FILE = "repository/conf/deployment.toml";

/** A TOML value as JSON: dates become ISO strings, tables plain objects. */
export type TomlJson = string | number | boolean | null | Array<TomlJson> | { [key: string]: TomlJson };
export type TomlTable = { [key: string]: TomlJson };

export type DeploymentTomlRaw = {
  /** The whole document as JSON, for `$ref{}` resolution and anything not modelled below. */
  document: TomlTable;
  offset: TomlJson;
  hostname: TomlJson;
  server: TomlTable | null;
  clusteringSection: boolean;
  clusteringEnabled: boolean;
  membershipScheme: TomlJson;
  domain: TomlJson;
  localMemberHost: TomlJson;
  localMemberPort: TomlJson;
  /** `members` split on the last `:` into host and port strings. */
  members: Array<{ host: string; port: string }>;
  membersRaw: Array<TomlJson> | null;
  properties: TomlTable;
  hazelcastSection: TomlTable | null;
  databases: Record<string, TomlTable>;
  datasources: Array<TomlTable>;
  httpProxyPort: TomlJson;
  httpsProxyPort: TomlJson;
};

function toJson(value: unknown): TomlJson {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === "object") {
    // smol-toml's TomlDate extends Date; other objects are tables with a null prototype.
    const table: TomlTable = {};
    for (const [key, entry] of Object.entries(value)) table[key] = toJson(entry);
    return table;
  }
  return String(value);
}

function isTable(value: TomlJson | undefined): value is TomlTable {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function emptyDeploymentTomlRaw(): DeploymentTomlRaw {
  return {
    document: {},
    offset: null,
    hostname: null,
    server: null,
    clusteringSection: false,
    clusteringEnabled: false,
    membershipScheme: null,
    domain: null,
    localMemberHost: null,
    localMemberPort: null,
    members: [],
    membersRaw: null,
    properties: {},
    hazelcastSection: null,
    databases: {},
    datasources: [],
    httpProxyPort: null,
    httpsProxyPort: null,
  };
}

const integerLike = z.union([
  z.number().int(),
  z
    .string()
    .regex(
      /^\s*-?\d+\s*$|\$(env|ref|sys)?\{[^}]*\}|^\{\{.*\}\}$/,
      "expected an integer (or a $env{}/$ref{} placeholder)",
    ),
]);
const scalar = z.union([z.string(), z.number(), z.boolean()]);

const serverSchema = z.looseObject({
  hostname: z.string().optional(),
  node_ip: z.string().optional(),
  offset: integerLike.optional(),
});
const clusteringSchema = z.looseObject({
  membership_scheme: z.string().min(1, 'expected a scheme name such as "wka"').optional(),
  domain: z.string().optional(),
  local_member_host: z.string().optional(),
  local_member_port: integerLike.optional(),
  members: z.array(z.string().regex(/^.+:\s*\d+\s*$/, 'expected "host:port"')).optional(),
  properties: z.record(z.string(), scalar).optional(),
});
const hazelcastSchema = z.record(z.string(), scalar);
const databaseSchema = z.looseObject({
  type: z.string().optional(),
  hostname: z.string().optional(),
  port: integerLike.optional(),
  name: z.string().optional(),
  url: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  driver: z.string().optional(),
  pool_options: z.record(z.string(), scalar).optional(),
});
const datasourceEntrySchema = databaseSchema.extend({ id: z.string().min(1, "expected the datasource id") });
const transportSchema = z.looseObject({ properties: z.looseObject({ proxyPort: integerLike.optional() }).optional() });

function describeReceived(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null || value === undefined) return "nothing";
  if (typeof value === "object") return "a table";
  return `${typeof value} ${JSON.stringify(value)}`;
}

export function parseDeploymentToml(text: string, file: string = DEPLOYMENT_TOML_FILE): ParseResult<DeploymentTomlRaw> {
  const raw = emptyDeploymentTomlRaw();
  const diagnostics: Array<Diagnostic> = [];
  const positions: Record<string, Position> = {};
  let document: TomlTable;
  try {
    document = toJson(parse(text)) as TomlTable;
  } catch (error) {
    if (error instanceof TomlError) {
      const headline = (error.message.split("\n")[0] ?? "invalid TOML").replace(/^Invalid TOML document: /, "");
      diagnostics.push(
        diagnostic(
          "error",
          "toml-syntax",
          file,
          { line: Math.max(1, error.line), column: Math.max(1, error.column) },
          `TOML syntax error: ${headline}. Fix the line so it reads key = value (strings in double quotes).`,
        ),
      );
    } else {
      diagnostics.push(
        diagnostic(
          "error",
          "toml-syntax",
          file,
          { line: 1, column: 1 },
          `The file could not be read as TOML (${error instanceof Error ? error.message : String(error)}). Check that it is a deployment.toml.`,
        ),
      );
    }
    return { raw, diagnostics, positions };
  }
  raw.document = document;
  const locate = createTomlLocator(text);

  /** Validate one section; every zod issue becomes a diagnostic on the key it is about. */
  function check<T>(schema: z.ZodType<T>, value: TomlJson | undefined, path: Array<string>): T | undefined {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      const keyPath = [...path, ...issue.path.map(String)];
      let received: unknown = value;
      for (const step of issue.path)
        received =
          isTable(received as TomlJson) || Array.isArray(received)
            ? (received as Record<string, unknown>)[String(step)]
            : undefined;
      diagnostics.push(
        diagnostic(
          "error",
          "toml-type",
          file,
          locate(keyPath),
          `${keyPath.join(".")}: ${issue.message}, but found ${describeReceived(received)}. Correct the value in deployment.toml.`,
          keyPath.join("."),
        ),
      );
    }
    return undefined;
  }

  const server = document["server"];
  if (server !== undefined) {
    if (isTable(server)) {
      raw.server = server;
      check(serverSchema, server, ["server"]);
      raw.offset = server["offset"] ?? null;
      raw.hostname = server["hostname"] ?? null;
      positions["offset"] = locate(["server", "offset"]);
      positions["hostname"] = locate(["server", "hostname"]);
    } else {
      check(z.record(z.string(), z.unknown()), server, ["server"]);
    }
  }

  const clustering = document["clustering"];
  if (clustering !== undefined) {
    raw.clusteringSection = true;
    positions["clustering"] = locate(["clustering"]);
    if (isTable(clustering)) {
      check(clusteringSchema, clustering, ["clustering"]);
      raw.membershipScheme = clustering["membership_scheme"] ?? null;
      // carbon-kernel's axis2.xml.j2 renders enable="{{clustering.membership_scheme is defined}}".
      raw.clusteringEnabled = clustering["membership_scheme"] !== undefined;
      raw.domain = clustering["domain"] ?? null;
      raw.localMemberHost = clustering["local_member_host"] ?? null;
      raw.localMemberPort = clustering["local_member_port"] ?? null;
      for (const key of ["membership_scheme", "domain", "local_member_host", "local_member_port", "members"]) {
        if (clustering[key] !== undefined) positions[key] = locate(["clustering", key]);
      }
      const members = clustering["members"];
      if (Array.isArray(members)) {
        raw.membersRaw = members;
        members.forEach((member, index) => {
          if (typeof member !== "string") return;
          const colon = member.lastIndexOf(":");
          if (colon <= 0) return;
          raw.members.push({ host: member.slice(0, colon).trim(), port: member.slice(colon + 1).trim() });
          positions[`members[${index}]`] = positions["members"] ?? { line: 1, column: 1 };
        });
      }
      const properties = clustering["properties"];
      if (isTable(properties)) raw.properties = properties;
      if (!raw.clusteringEnabled) {
        diagnostics.push(
          diagnostic(
            "info",
            "clustering-no-scheme",
            file,
            positions["clustering"],
            '[clustering] has no membership_scheme, so clustering stays disabled. Add membership_scheme = "wka" (or multicast, kubernetes, aws) to turn it on.',
            "clustering.membership_scheme",
          ),
        );
      }
    } else {
      check(clusteringSchema, clustering, ["clustering"]);
    }
  }

  const hazelcast = document["hazelcast"];
  if (hazelcast !== undefined) {
    if (isTable(hazelcast)) {
      raw.hazelcastSection = hazelcast;
      // `hazelcast.max.no.heartbeat.seconds = "20"` without quotes is a dotted key, i.e. nested tables, and
      // the template would not write it as one property: say so instead of a generic type error.
      const scalars: TomlTable = {};
      for (const [key, value] of Object.entries(hazelcast)) {
        if (isTable(value)) {
          diagnostics.push(
            diagnostic(
              "warning",
              "hazelcast-unquoted-key",
              file,
              locate(["hazelcast", key]),
              `[hazelcast] ${key}.… is read as nested TOML tables because the key is not quoted, so it does not become a Hazelcast property. Quote the whole key: "${key}.…" = "value".`,
              `hazelcast.${key}`,
            ),
          );
        } else {
          scalars[key] = value;
        }
      }
      check(hazelcastSchema, scalars, ["hazelcast"]);
    } else {
      check(hazelcastSchema, hazelcast, ["hazelcast"]);
    }
  }

  const databases = document["database"];
  if (databases !== undefined) {
    if (isTable(databases)) {
      for (const [id, entry] of Object.entries(databases)) {
        if (!isTable(entry)) {
          check(databaseSchema, entry, ["database", id]);
          continue;
        }
        raw.databases[id] = entry;
        positions[`databases.${id}`] = locate(["database", id]);
        check(databaseSchema, entry, ["database", id]);
      }
    } else {
      check(z.record(z.string(), databaseSchema), databases, ["database"]);
    }
  }

  const datasources = document["datasource"];
  if (datasources !== undefined) {
    if (Array.isArray(datasources)) {
      datasources.forEach((entry, index) => {
        if (isTable(entry)) {
          raw.datasources.push(entry);
          positions[`datasources[${index}]`] = locate(["datasource", String(index)]);
        }
        check(datasourceEntrySchema, entry, ["datasource", String(index)]);
      });
    } else {
      check(z.array(datasourceEntrySchema), datasources, ["datasource"]);
    }
  }

  const transport = document["transport"];
  if (isTable(transport)) {
    for (const kind of ["http", "https"] as const) {
      const section = transport[kind];
      if (section === undefined) continue;
      check(transportSchema, section, ["transport", kind]);
      const properties = isTable(section) ? section["properties"] : undefined;
      const proxyPort = isTable(properties) ? (properties["proxyPort"] ?? null) : null;
      if (proxyPort !== null)
        positions[`transport.${kind}.proxyPort`] = locate(["transport", kind, "properties", "proxyPort"]);
      if (kind === "http") raw.httpProxyPort = proxyPort;
      else raw.httpsProxyPort = proxyPort;
    }
  }
  return { raw, diagnostics, positions };
}
