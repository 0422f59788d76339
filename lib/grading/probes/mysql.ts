/**
 * SQL against a lab's MariaDB (or MySQL) node, run INSIDE that node with its own command-line client
 * through the runtime's exec: argv only (no shell, so no quoting games), batch mode (one row a line,
 * columns separated by tabs, no headers). A failing statement or a missing client is data
 * (`{ ok: false, error }`) for the check to judge, never an exception.
 */
import { parsePsqlRows, type Exec, type SqlResult } from "./sql";

/** The root password images/mariadb/entrypoint.sh sets when the lab gives no MARIADB_ROOT_PASSWORD. */
export const MARIADB_DEFAULT_ROOT_PASSWORD = "clusterlab";
/** Where images/mariadb runs its server's socket. */
export const MARIADB_SOCKET = "/run/mysqld/mysqld.sock";

export type MysqlOptions = {
  /** `mariadb` (default; the MariaDB image) or `mysql` (a MySQL image's client). */
  client?: "mariadb" | "mysql";
  user?: string;
  password?: string;
  database?: string;
  socket?: string;
  timeoutMs?: number;
};

/** The client's argv for one statement: batch output (tab-separated, escaped), no column names, over the local socket. */
export function mysqlArgv(sql: string, opts: MysqlOptions = {}): Array<string> {
  const argv = [
    opts.client ?? "mariadb",
    `--socket=${opts.socket ?? MARIADB_SOCKET}`,
    `--user=${opts.user ?? "root"}`,
    `--password=${opts.password ?? MARIADB_DEFAULT_ROOT_PASSWORD}`,
    "--batch",
    "--skip-column-names",
    "--connect-timeout=5",
  ];
  if (opts.database) argv.push(`--database=${opts.database}`);
  argv.push(`--execute=${sql}`);
  return argv;
}

const BATCH_ESCAPES: Readonly<Record<string, string>> = { t: "\t", n: "\n", r: "\r", "0": "\0", "\\": "\\" };

/** Undo the batch mode escaping of one field (`\t`, `\n`, `\r`, `\0`, `\\`); an unknown escape keeps its character. */
function unescapeField(field: string): string {
  return field.replace(/\\(.)/g, (_, c: string) => BATCH_ESCAPES[c] ?? c);
}

/**
 * Rows of the client's batch output. Tabs and newlines inside values arrive escaped, so splitting on
 * the raw characters is safe; SQL NULL arrives as the word `NULL` and stays that string.
 */
export function parseMysqlBatch(stdout: string): Array<Array<string>> {
  // The same line/tab framing as psql's unaligned output (a row whose only value is '' stays a row);
  // only the field escaping differs.
  return parsePsqlRows(stdout).map((row) => row.map(unescapeField));
}

/**
 * Quote a value for a MariaDB/MySQL string literal. Unlike PostgreSQL's (sqlLiteral), MariaDB's default
 * sql_mode treats `\` as an escape, so a value ending in `\` would swallow the closing quote: escape
 * `\` and NUL, and double `'` (doubling, not `\'`, so a server in NO_BACKSLASH_ESCAPES mode still reads
 * the quote right and no value can end the literal early there either).
 */
export function mysqlLiteral(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/\0/g, "\\0").replace(/'/g, "''")}'`;
}

/** Say what went wrong in words a grader's evidence can carry: the client's own last lines, or why there was no client. */
function describeFailure(
  client: string,
  node: string,
  out: { exitCode: number; stdout: string; stderr: string },
): string {
  if (out.exitCode === 126 || out.exitCode === 127) {
    return `no ${client} client could run on node ${node} (exit ${out.exitCode}): is ${node} a MariaDB/MySQL node, and is it running?`;
  }
  const said = (out.stderr || out.stdout).trim().split("\n").slice(-3).join(" ");
  return said ? `${client} on ${node}: ${said}` : `${client} on ${node} exited ${out.exitCode} without a message`;
}

/** Run one statement on MariaDB/MySQL in `node`, as root over the local socket unless told otherwise. */
export async function mysql(exec: Exec, node: string, sql: string, opts: MysqlOptions = {}): Promise<SqlResult> {
  const client = opts.client ?? "mariadb";
  let out: Awaited<ReturnType<Exec>>;
  try {
    out = await exec(node, mysqlArgv(sql, opts), { timeoutMs: opts.timeoutMs ?? 10_000 });
  } catch (error) {
    // The exec itself failed (node stopped, client hung past the timeout): evidence, not a stack trace.
    return {
      ok: false,
      error: `could not run ${client} on node ${node}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (out.exitCode !== 0) return { ok: false, error: describeFailure(client, node, out) };
  return { ok: true, rows: parseMysqlBatch(out.stdout) };
}
