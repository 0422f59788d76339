/**
 * Log search for evidence: Carbon log lines are the learner's own diagnostic tool, so graders quote
 * them ("Member joined [...]", "Clustering has been disabled") next to what they observed.
 */
export type LogSource = (node: string, lines?: number) => Promise<Array<string>>;

/** Lines of `node`'s last `lines` log lines that match `pattern`, each prefixed with the node name. */
export async function findLogLines(logTail: LogSource, node: string, pattern: RegExp, lines = 200): Promise<Array<string>> {
  const tail = await logTail(node, lines).catch((cause: unknown) => [`(could not read ${node}'s log: ${cause instanceof Error ? cause.message : String(cause)})`]);
  return tail.filter((line) => pattern.test(line)).map((line) => `${node} | ${line}`);
}

/** The last `count` matching lines across several nodes, for an evidence log. */
export async function findLogLinesIn(logTail: LogSource, nodes: ReadonlyArray<string>, pattern: RegExp, count = 4): Promise<Array<string>> {
  const out: Array<string> = [];
  for (const node of nodes) out.push(...(await findLogLines(logTail, node, pattern)).slice(-count));
  return out;
}
