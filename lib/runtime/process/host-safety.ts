/**
 * L13: the process runtime runs a learner's node files directly on the host (no container around them), so the two
 * places where that content reaches beyond the node are checked before anything starts: nginx `listen` addresses
 * (only the node's own 127.0.x.y, or a unix socket) and init SQL for psql (plain SQL only: no backslash
 * meta-commands, which include `\!` for shell commands, and no COPY ... PROGRAM). Each problem says what to write instead.
 */

/** Comments and quoted strings removed, so `# listen 80;` and `'…'` do not count. */
function stripNginxComments(text: string): string {
  return text.replace(/#[^\n]*/g, "");
}

export function nginxListenProblems(conf: string, address: string): Array<string> {
  const problems: Array<string> = [];
  for (const match of stripNginxComments(conf).matchAll(/(?:^|[;{}\s])listen\s+([^\s;]+)[^;]*;/g)) {
    const target = match[1] ?? "";
    if (target.startsWith("unix:")) continue;
    const host = /^\[/.test(target)
      ? target.slice(1, target.indexOf("]"))
      : target.includes(":")
        ? target.slice(0, target.lastIndexOf(":"))
        : /^\d+$/.test(target)
          ? ""
          : target;
    if (host === address) continue;
    problems.push(
      `nginx.conf has \`listen ${target}\`: on the process runtime nginx runs on this machine, so it may only listen on its node's own address. Write \`listen ${address}:<port>\` instead.`,
    );
  }
  return problems;
}

/** Outside single-quoted literals: a backslash meta-command (`\!`, `\o |cmd`, `\copy … program`, `\i file`) or COPY … PROGRAM. */
export function sqlShellProblems(sql: string): Array<string> {
  const outsideLiterals = sql.replace(/'(?:[^']|'')*'/g, "''").replace(/--[^\n]*/g, "");
  const problems: Array<string> = [];
  const meta = /\\[!A-Za-z]+/.exec(outsideLiterals);
  if (meta) {
    problems.push(
      `The init script uses the psql meta-command \`${meta[0]}\`; on the process runtime it would run on this machine. Init scripts must be plain SQL: remove it.`,
    );
  }
  if (/\bPROGRAM\b/i.test(outsideLiterals) && /\bCOPY\b/i.test(outsideLiterals)) {
    problems.push(
      "The init script uses COPY … PROGRAM, which runs a command on this machine. Init scripts must be plain SQL: load the data with INSERT statements instead.",
    );
  }
  return problems;
}
