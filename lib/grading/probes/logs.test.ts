import { describe, expect, it } from "vitest";
import { findLogLines, findLogLinesIn, linesAfter, markLogs, type LogSource } from "./logs";

/** A node log that grows: `append` writes lines, the source answers the last `n` like a runtime does. */
function growingLog(initial: Record<string, Array<string>>) {
  const logs = new Map(Object.entries(initial).map(([node, lines]) => [node, [...lines]]));
  const source: LogSource = async (node, n = 20) => (logs.get(node) ?? []).slice(-n);
  return { source, append: (node: string, ...lines: Array<string>) => logs.get(node)?.push(...lines) };
}

const REFUSAL = /Could not connect to any well-known member/;
const OLD = "[04:15:50,704] WARN {Hazelcast} - Could not connect to any well-known member";
const NEW = "[04:16:02,972] WARN {Hazelcast} - Could not connect to any well-known member";

describe("findLogLines with since", () => {
  it("cites only lines written after the mark: an earlier drill's line is not evidence (D7)", async () => {
    const log = growingLog({ node4: ["[04:15:40,001] INFO boot", OLD, "[04:15:51,000] INFO Member joined"] });
    const mark = await markLogs(log.source, ["node4"]);
    expect(await findLogLines(log.source, "node4", REFUSAL, { since: mark })).toEqual([]);
    log.append("node4", "[04:16:01,000] INFO starting", NEW);
    expect(await findLogLines(log.source, "node4", REFUSAL, { since: mark })).toEqual([`node4 | ${NEW}`]);
    // Without a mark the old line is found too: the behaviour drills must not rely on.
    expect(await findLogLines(log.source, "node4", REFUSAL)).toEqual([`node4 | ${OLD}`, `node4 | ${NEW}`]);
  });

  it("a repeated line before the mark does not hide the new lines (the last occurrence of the anchor counts)", () => {
    const anchor = ["a", "b", "c"];
    expect(linesAfter(["a", "b", "c", "x", "a", "b", "c", "y"], anchor)).toEqual(["y"]);
  });

  it("when the mark scrolled out of the window, every line read is new; an empty log at mark time means all lines are new", () => {
    expect(linesAfter(["p", "q"], ["a", "b", "c"])).toEqual(["p", "q"]);
    expect(linesAfter(["p", "q"], [])).toEqual(["p", "q"]);
  });

  it("a node the mark did not include is a programming error, said plainly", async () => {
    const log = growingLog({ node1: ["x"], node2: ["y"] });
    const mark = await markLogs(log.source, ["node1"]);
    await expect(findLogLines(log.source, "node2", /y/, { since: mark })).rejects.toThrow(/without node2/);
  });

  it("findLogLinesIn passes the mark on to every node", async () => {
    const log = growingLog({ node1: [OLD], node2: [OLD] });
    const mark = await markLogs(log.source, ["node1", "node2"]);
    log.append("node2", NEW);
    expect(await findLogLinesIn(log.source, ["node1", "node2"], REFUSAL, 4, mark)).toEqual([`node2 | ${NEW}`]);
  });
});
