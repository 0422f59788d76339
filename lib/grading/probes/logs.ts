/**
 * Log search for evidence: Carbon log lines are the learner's own diagnostic tool, so graders quote
 * them ("Member joined [...]", "Clustering has been disabled") next to what they observed.
 *
 * Drills cite only what they caused: `markLogs` before the drill, then `findLogLines(..., { since })`
 * reads only the lines written after the mark, so a line from an earlier drill or from start-up can
 * never stand in as evidence (walkthrough D7).
 */
export type LogSource = (node: string, lines?: number) => Promise<Array<string>>;

/** How many lines a mark remembers: enough that the same run of lines is practically never logged twice. */
const ANCHOR_LINES = 3;
/** How far back a search reads when it has a mark: a drill writes far fewer lines than this. */
const SINCE_WINDOW = 1_000;

/**
 * Where each node's log ended when a drill started. Runtimes give no portable log timestamps (the
 * process runtime's log is a plain file), so a mark is the last few lines themselves: the lines after
 * their last occurrence are new. When they have scrolled out of the window read later, every line in
 * it is new.
 */
export type LogMark = { readonly anchors: ReadonlyMap<string, ReadonlyArray<string>> };

export type LogSearchOptions = {
  /** How many of the newest lines to search (default 200; with `since`, at least the lines since the mark). */
  lines?: number;
  /** Only lines written after this mark (taken with `markLogs` before the drill). */
  since?: LogMark;
};

/** Remember where each node's log ends now. A node whose log cannot be read is marked empty (all later lines are new). */
export async function markLogs(logTail: LogSource, nodes: ReadonlyArray<string>): Promise<LogMark> {
  const anchors = new Map<string, ReadonlyArray<string>>();
  for (const node of nodes) anchors.set(node, (await logTail(node, ANCHOR_LINES).catch(() => [])).slice(-ANCHOR_LINES));
  return { anchors };
}

/** The lines of `tail` written after `anchor` (the last lines seen at mark time). */
export function linesAfter(tail: ReadonlyArray<string>, anchor: ReadonlyArray<string>): Array<string> {
  if (anchor.length === 0) return [...tail];
  for (let end = tail.length; end >= anchor.length; end--) {
    const start = end - anchor.length;
    if (anchor.every((line, i) => tail[start + i] === line)) return tail.slice(end);
  }
  return [...tail];
}

/** Lines of `node`'s log that match `pattern`, each prefixed with the node name: its last `lines` lines, or those after `since`. */
export async function findLogLines(
  logTail: LogSource,
  node: string,
  pattern: RegExp,
  options: number | LogSearchOptions = {},
): Promise<Array<string>> {
  const { lines = 200, since } = typeof options === "number" ? { lines: options } : options;
  if (since && !since.anchors.has(node))
    throw new Error(`the log mark was taken without ${node}: add it to markLogs(…)`);
  const tail = await logTail(node, since ? Math.max(lines, SINCE_WINDOW) : lines).catch((cause: unknown) => [
    `(could not read ${node}'s log: ${cause instanceof Error ? cause.message : String(cause)})`,
  ]);
  const searched = since ? linesAfter(tail, since.anchors.get(node) ?? []) : tail;
  return searched.filter((line) => pattern.test(line)).map((line) => `${node} | ${line}`);
}

/** The last `count` matching lines across several nodes, for an evidence log. */
export async function findLogLinesIn(
  logTail: LogSource,
  nodes: ReadonlyArray<string>,
  pattern: RegExp,
  count = 4,
  since?: LogMark,
): Promise<Array<string>> {
  const out: Array<string> = [];
  for (const node of nodes) out.push(...(await findLogLines(logTail, node, pattern, { since })).slice(-count));
  return out;
}
