import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConsoleEvent } from "./events";

// The console's workspaces for this file: a temp folder (lib/env reads it on first use).
const root = fs.mkdtempSync(path.join(os.tmpdir(), "console-ops-"));
process.env.CLUSTERLAB_WORKSPACES_DIR = root;

const { consoleDesk } = await import("@/app/api/_shared/console");
const workspaceFor = (id: string) => consoleDesk().workspaceFor(id);
const { consoleHub } = await import("./hub");
const { describeActionError, startAction } = await import("./operations");

async function run(action: "init" | "solve" | "reset", force = false): Promise<Array<ConsoleEvent>> {
  const events: Array<ConsoleEvent> = [];
  const op = startAction({ desk: consoleDesk(), labId: "sample", action, force });
  const stop = consoleHub().subscribe("sample", (e) => e.operation === op.id && events.push(e));
  await consoleHub().idle("sample");
  stop();
  return events;
}

describe("console operations (the lib/labs calls the CLI makes)", () => {
  beforeAll(() => fs.mkdirSync(root, { recursive: true }));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it("init writes the starter into the console's workspace and streams what it did", async () => {
    const events = await run("init");
    expect(events.at(-1)).toMatchObject({ type: "finished", action: "init", outcome: "ok" });
    expect(events.some((e) => e.type === "progress" && /Initialised the workspace \(3 files\)/.test(e.line))).toBe(
      true,
    );
    expect(fs.existsSync(path.join(workspaceFor("sample"), "lb", "nginx.conf"))).toBe(true);
  });

  it("refuses to overwrite the learner's edits, naming the checkbox instead of --force; discards them when ticked", async () => {
    fs.appendFileSync(path.join(workspaceFor("sample"), "lb", "nginx.conf"), "\n# my edit\n");
    const refused = await run("solve");
    const finished = refused.at(-1);
    expect(finished).toMatchObject({ type: "finished", outcome: "failed" });
    expect(finished?.type === "finished" ? finished.message : "").toMatch(
      /modified: lb\/nginx\.conf[\s\S]*tick "discard my changes" and press solve again/,
    );
    const forced = await run("solve", true);
    expect(forced.at(-1)).toMatchObject({ type: "finished", outcome: "ok" });
    expect(fs.readFileSync(path.join(workspaceFor("sample"), "lb", "nginx.conf"), "utf8")).toContain(
      "server node2:9763;",
    );
  });

  it("turns an unexpected error into a message without a stack", () => {
    const message = describeActionError(new TypeError("x is undefined\n    at foo (bar.ts:1:1)"));
    expect(message).toMatch(/^The action failed unexpectedly: x is undefined\./);
    expect(message).not.toContain("bar.ts");
  });
});
