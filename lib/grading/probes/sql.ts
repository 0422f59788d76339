/**
 * SQL against the lab's database, run INSIDE the database node (`psql` / `mariadb` through the
 * runtime's exec), so graders need no published port and no host client. Results come back as rows of
 * strings; a failing statement is data (`{ ok: false, error }`) for the check to judge.
 */
export type Exec = (
  node: string,
  argv: Array<string>,
  opts?: { timeoutMs?: number },
) => Promise<{ exitCode: number; stdout: string; stderr: string }>;

export type SqlResult = { ok: true; rows: Array<Array<string>> } | { ok: false; error: string };

/** Run one statement on PostgreSQL as `user` (the image's superuser by default) over the local socket. */
export async function psql(
  exec: Exec,
  node: string,
  sql: string,
  opts: { user?: string; database?: string } = {},
): Promise<SqlResult> {
  const argv = [
    "psql",
    "-h",
    "/tmp",
    "-U",
    opts.user ?? "postgres",
    "-d",
    opts.database ?? "postgres",
    "-v",
    "ON_ERROR_STOP=1",
    "-tA",
    "-F",
    "\t",
    "-c",
    sql,
  ];
  const out = await exec(node, argv, { timeoutMs: 10_000 });
  if (out.exitCode !== 0)
    return {
      ok: false,
      error: (out.stderr || out.stdout).trim().split("\n").slice(-3).join(" ") || `psql exited ${out.exitCode}`,
    };
  return { ok: true, rows: parsePsqlRows(out.stdout) };
}

/**
 * `psql -tA -F '\t'` output as rows. Only the one trailing newline is dropped: an empty line is a real row whose
 * only value is '' (dropping every empty line would lose it).
 */
export function parsePsqlRows(stdout: string): Array<Array<string>> {
  if (stdout === "") return [];
  const lines = stdout.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines.map((l) => l.split("\t"));
}

/** Quote a value for an SQL string literal (graders build queries from lab constants, never from input). */
export function sqlLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
