import { afterEach, expect, test, vi } from "vitest";
import { waitForAgreement, type ProbeContext } from "./context";

afterEach(() => vi.unstubAllGlobals());

/** Nodes answer /carbon/cluster with the member lists of `answers`, one per call (the last one repeated). */
function contextAnswering(answers: Record<string, Array<Array<string>>>): Pick<ProbeContext, "url" | "signal"> {
  const calls = new Map<string, number>();
  const member = (name: string) => ({ uuid: `u-${name}`, host: name, port: 4000, name });
  vi.stubGlobal("fetch", async (input: string | URL) => {
    const node = new URL(String(input)).hostname;
    const seq = answers[node] ?? [[]];
    const call = calls.get(node) ?? 0;
    calls.set(node, call + 1);
    const members = seq[Math.min(call, seq.length - 1)] ?? [];
    const view = {
      localMember: member(node),
      members: members.map(member),
      coordinator: null,
      scheme: "wka",
      domain: "d",
      clusteringEnabled: true,
      joined: true,
    };
    return new Response(JSON.stringify(view), { status: 200 });
  });
  return { signal: new AbortController().signal, url: (node) => `http://${node}:9763` };
}

test("polls until every node lists exactly the expected members", async () => {
  const ctx = contextAnswering({ node1: [["node1"], ["node1", "node2"]], node2: [["node1", "node2"]] });
  const result = await waitForAgreement(ctx, ["node1", "node2"], { timeoutMs: 2_000, intervalMs: 10 });
  expect(result.satisfied).toBe(true);
  expect(result.attempts).toBe(2);
});

test("gives up at the deadline with the last views as evidence", async () => {
  const ctx = contextAnswering({ node1: [["node1"]], node2: [["node2"]] });
  const result = await waitForAgreement(ctx, ["node1", "node2"], { timeoutMs: 50, intervalMs: 10 });
  expect(result.satisfied).toBe(false);
  expect(result.value.map((v) => v.node)).toEqual(["node1", "node2"]);
});
