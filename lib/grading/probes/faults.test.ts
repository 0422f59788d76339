import { expect, test } from "vitest";
import { createDrill, type FaultOps } from "./faults";

function fakeOps(calls: Array<string>, failOn?: string): FaultOps {
  const op = (name: string) => async (node?: unknown) => {
    const call = node === undefined ? name : `${name} ${Array.isArray(node) ? node.join(",") : String(node)}`;
    calls.push(call);
    if (call === failOn) throw new Error("engine said no");
  };
  return {
    kill: op("kill"),
    stop: op("stop"),
    start: op("start"),
    pause: op("pause"),
    unpause: op("unpause"),
    partition: op("partition"),
    heal: op("heal"),
    waitReady: op("waitReady"),
    state: async () => "running",
  };
}

test("restore undoes what the drill broke: heal, unpause, then start and wait for stopped nodes", async () => {
  const calls: Array<string> = [];
  const drill = createDrill(fakeOps(calls));
  await drill.kill("node1");
  await drill.pause("node2");
  await drill.partition(["node1"], ["node3"]);
  await drill.restore();
  expect(calls).toEqual([
    "kill node1",
    "pause node2",
    "partition node1",
    "heal",
    "unpause node2",
    "start node1",
    "waitReady node1",
  ]);
  expect(drill.journal.some((line) => line.includes("killed node1"))).toBe(true);
});

test("a node started again during the drill is not restarted by restore", async () => {
  const calls: Array<string> = [];
  const drill = createDrill(fakeOps(calls));
  await drill.stop("node2");
  await drill.start("node2", { waitReady: false });
  await drill.restore();
  expect(calls).toEqual(["stop node2", "start node2"]);
});

test("a restore that fails says so, naming the step and what to do", async () => {
  const drill = createDrill(fakeOps([], "start node1"));
  await drill.kill("node1");
  await expect(drill.restore()).rejects.toThrow(/start node1: engine said no.*lab down/);
});
