import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { getLabRegistry } from "@/labs/index";
import { doctorExitCode, formatFindings, sessionFindings } from "./doctor";
import { fakeRuntime, session } from "./fake-runtime.test-helper";
import { checkLab, chooseRuntime, downLab, initLab, LabUsageError, liveSession, upLab } from "./lifecycle";
import { readSession, writeSession } from "./session";

const sample = getLabRegistry().get("sample");

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-lifecycle-test-"));
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, "ws");
}

function record(ws: string, id: string) {
  writeSession(ws, {
    lab: "sample",
    session: id,
    runtime: "docker",
    startedAt: new Date(0).toISOString(),
    contentHash: "x",
    endpoints: {},
  });
}

test("chooseRuntime: the lab's default is docker; an unsupported runtime is a usage error naming the supported ones", () => {
  expect(chooseRuntime(sample)).toBe("docker");
  expect(() => chooseRuntime(sample, "process")).toThrow(/does not run on the process runtime \(it supports: docker\)/);
});

test("a recorded session the runtime still lists is live; one it lost is cleared", async () => {
  const ws = workspace();
  initLab(sample, ws);
  record(ws, "sample-aaaa1111");
  expect(await liveSession(ws, fakeRuntime([session("sample-aaaa1111")]))).toMatchObject({
    session: "sample-aaaa1111",
  });
  expect(await liveSession(ws, fakeRuntime([]))).toBeNull();
  expect(readSession(ws)).toBeNull();
});

test("a session recorded on another runtime is not silently ignored", async () => {
  const ws = workspace();
  initLab(sample, ws);
  writeSession(ws, {
    lab: "sample",
    session: "s-1",
    runtime: "process",
    startedAt: new Date(0).toISOString(),
    contentHash: "x",
    endpoints: {},
  });
  await expect(liveSession(ws, fakeRuntime())).rejects.toThrow(/up on the process runtime .* add --runtime process/);
});

test("up refuses a lab that is already up, after the reaper ran", async () => {
  const ws = workspace();
  initLab(sample, ws);
  record(ws, "sample-aaaa1111");
  const runtime = fakeRuntime([session("sample-aaaa1111"), session("sample-orphan01", { orphanReason: "owner-gone" })]);
  const lines: Array<string> = [];
  await expect(upLab({ lab: sample, workspace: ws, runtime, progress: (l) => lines.push(l) })).rejects.toThrow(
    LabUsageError,
  );
  expect(runtime.reaped).toBe(1);
  expect(lines.join("\n")).toContain("sample-orphan01 (owner-gone)");
});

test("an unavailable runtime stops every verb with the runtime's own explanation", async () => {
  const ws = workspace();
  initLab(sample, ws);
  await expect(
    upLab({ lab: sample, workspace: ws, runtime: fakeRuntime([], false), progress: () => {} }),
  ).rejects.toThrow("No fake engine answers. Start it and try again.");
  record(ws, "sample-aaaa1111");
  await expect(
    downLab({ lab: sample, workspace: ws, runtime: fakeRuntime([], false), progress: () => {} }),
  ).rejects.toThrow(/No fake engine/);
});

test("down removes the recorded session and clears the record; without one it says there is nothing to stop", async () => {
  const ws = workspace();
  initLab(sample, ws);
  const lines: Array<string> = [];
  const runtime = fakeRuntime([session("sample-aaaa1111")]);
  expect(await downLab({ lab: sample, workspace: ws, runtime, progress: (l) => lines.push(l) })).toEqual({
    removed: null,
  });
  expect(lines[0]).toContain("nothing to stop");
  record(ws, "sample-aaaa1111");
  expect(await downLab({ lab: sample, workspace: ws, runtime, progress: () => {} })).toEqual({
    removed: "sample-aaaa1111",
  });
  expect(runtime.removed).toEqual(["sample-aaaa1111"]);
  expect(readSession(ws)).toBeNull();
});

test("doctor: orphans are a problem with the fix; --fix reaps them; running sessions are listed", async () => {
  const runtime = fakeRuntime([session("sample-live0001"), session("sample-orphan01", { orphanReason: "expired" })]);
  const findings = await sessionFindings(runtime, false);
  expect(findings.map((f) => [f.id, f.status])).toEqual([
    ["session:sample-live0001", "ok"],
    ["leftovers", "problem"],
  ]);
  expect(findings[1]?.summary).toContain("sample-orphan01 (its time limit passed)");
  expect(findings[1]?.fix).toContain("clusterlab doctor --fix");
  expect(doctorExitCode(findings)).toBe(2);
  expect(formatFindings(findings)).toContain("1 problem to fix");

  const fixed = await sessionFindings(runtime, true);
  expect(fixed.at(-1)).toMatchObject({
    id: "leftovers",
    status: "ok",
    summary: expect.stringContaining("Removed 1 leftover session(s): sample-orphan01"),
  });
  expect(doctorExitCode(fixed)).toBe(0);
});

test("check on a stopped lab lints and reaps once, then starts the cluster without repeating them", async () => {
  const ws = workspace();
  initLab(sample, ws);
  const runtime = fakeRuntime();
  const lines: Array<string> = [];
  // The fake runtime starts nothing: the check stops at `runtime.up`, after everything that comes before it.
  await expect(checkLab({ lab: sample, workspace: ws, runtime, progress: (l) => lines.push(l) })).rejects.toThrow(
    "the fake runtime starts nothing",
  );
  expect(lines.filter((l) => l.startsWith("Static checks:"))).toHaveLength(1);
  expect(runtime.reaped).toBe(1);
  expect(lines.join("\n")).toContain('Lab "sample" is not up: starting it for this check');
});
