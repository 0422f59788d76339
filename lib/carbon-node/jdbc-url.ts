/**
 * Maps the JDBC URLs found in master-datasources.xml / `[database.*]` onto what Node can talk to:
 * PostgreSQL (pg) and MySQL/MariaDB (mysql2). `jdbc:h2:` means the node-local embedded database,
 * which the training node keeps as a JSON file (docs/decisions/0006). Anything else is reported,
 * not guessed.
 */
export type JdbcTarget =
  | { kind: "postgresql"; host: string; port: number; database: string; params: Record<string, string> }
  | { kind: "mysql"; host: string; port: number; database: string; params: Record<string, string> }
  | { kind: "h2"; location: string }
  | { kind: "unsupported"; reason: string };

function parseParams(query: string | undefined, separator: RegExp): Record<string, string> {
  const params: Record<string, string> = {};
  for (const part of (query ?? "").split(separator)) {
    if (!part) continue;
    const eq = part.indexOf("=");
    if (eq > 0) params[part.slice(0, eq)] = decodeURIComponent(part.slice(eq + 1));
  }
  return params;
}

const NETWORK_URL = /^jdbc:(postgresql|mysql|mariadb):\/\/(\[[^\]]+\]|[^/:?;]+)(?::(\d+))?\/([^?;]*)(?:[?;](.*))?$/i;

export function parseJdbcUrl(url: string): JdbcTarget {
  const trimmed = url.trim();
  if (/^jdbc:h2:/i.test(trimmed)) {
    const location = trimmed.slice("jdbc:h2:".length).split(";")[0] ?? "";
    return { kind: "h2", location };
  }
  const m = NETWORK_URL.exec(trimmed);
  if (!m) {
    const vendor = /^jdbc:([a-z0-9]+):/i.exec(trimmed)?.[1];
    return {
      kind: "unsupported",
      reason: vendor
        ? `JDBC URL "${trimmed}" uses ${vendor}; the training node supports postgresql, mysql, mariadb and h2.`
        : `"${trimmed}" is not a JDBC URL (expected jdbc:<vendor>://host:port/database).`,
    };
  }
  const vendor = (m[1] ?? "").toLowerCase();
  const host = (m[2] ?? "").replace(/^\[|\]$/g, "");
  const database = decodeURIComponent(m[4] ?? "");
  if (!database) return { kind: "unsupported", reason: `JDBC URL "${trimmed}" names no database after the host.` };
  const params = parseParams(m[5], /[&;]/);
  if (vendor === "postgresql") return { kind: "postgresql", host, port: m[3] ? Number(m[3]) : 5432, database, params };
  return { kind: "mysql", host, port: m[3] ? Number(m[3]) : 3306, database, params };
}
