import { describe, expect, it } from "vitest";
import type { ConsoleEvent } from "./events";
import { createConsoleHub, OperationBusyError } from "./hub";
import { processSingleton } from "./process-state";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("console hub", () => {
  it("streams an operation's events to subscribers and replays them to late ones", async () => {
    const hub = createConsoleHub();
    const gate = deferred();
    const live: Array<ConsoleEvent> = [];
    hub.subscribe("sample", (e) => live.push(e));
    hub.start(
      "sample",
      "up",
      async ({ emit }) => {
        emit({ type: "progress", line: "stage 0" });
        await gate.promise;
        emit({ type: "progress", line: "stage 1" });
      },
      String,
    );
    expect(hub.running("sample")?.action).toBe("up");
    expect(() => hub.start("sample", "down", async () => {}, String)).toThrow(OperationBusyError);
    gate.resolve();
    await hub.idle("sample");
    expect(hub.running("sample")).toBeNull();
    expect(live.map((e) => e.type)).toEqual(["started", "progress", "progress", "finished"]);
    expect(live.at(-1)).toMatchObject({ type: "finished", outcome: "ok" });

    const late: Array<ConsoleEvent> = [];
    hub.subscribe("sample", (e) => late.push(e), 2);
    expect(late.map((e) => e.seq)).toEqual([3, 4]);
  });

  it("reports a failure with the described message and cancels through the AbortSignal", async () => {
    const hub = createConsoleHub();
    const events: Array<ConsoleEvent> = [];
    hub.subscribe("wka", (e) => events.push(e));
    hub.start(
      "wka",
      "check",
      async () => {
        throw new Error("boom");
      },
      (e) => `described: ${(e as Error).message}`,
    );
    await hub.idle("wka");
    expect(events.at(-1)).toMatchObject({ type: "finished", outcome: "failed", message: "described: boom" });

    hub.start(
      "wka",
      "up",
      ({ signal }) => new Promise<void>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
      String,
    );
    expect(hub.cancel("wka")).toBe(true);
    await hub.idle("wka");
    expect(events.at(-1)).toMatchObject({ type: "finished", action: "up", outcome: "cancelled" });
    expect(hub.cancel("wka")).toBe(false);
  });

  it("a subscriber that throws does not stop the operation", async () => {
    const hub = createConsoleHub();
    hub.subscribe("x", () => {
      throw new Error("closed stream");
    });
    hub.start("x", "init", async ({ emit }) => emit({ type: "progress", line: "ok" }), String);
    await hub.idle("x");
    const seen: Array<string> = [];
    hub.subscribe("x", (e) => seen.push(e.type));
    expect(seen).toEqual(["started", "progress", "finished"]);
  });

  it("keeps process state on globalThis, so a reloaded module finds the same instance", () => {
    const a = processSingleton("test-singleton", () => ({ n: Math.random() }));
    const b = processSingleton("test-singleton", () => ({ n: -1 }));
    expect(b).toBe(a);
    expect(Object.getOwnPropertySymbols(globalThis).some((s) => s.description === "clusterlab.console.state")).toBe(
      true,
    );
  });
});
