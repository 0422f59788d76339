import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, onTestFinished, test } from "vitest";
import type { LabReport } from "@/lib/grading";
import type { RuntimeKind } from "@/lib/runtime/types";
import { getLabRegistry } from "@/labs/index";
import { createLabDesk } from "./desk";
import { fakeRuntime } from "./fake-runtime.test-helper";
import { writeSession } from "./session";

function scratch(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-desk-test-"));
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function deskIn(dir: string) {
  const opened: Array<RuntimeKind> = [];
  const delivered: Array<{ report: LabReport; submit: boolean | undefined }> = [];
  const desk = createLabDesk({
    registry: getLabRegistry(),
    workspacesDir: path.join(dir, "workspaces"),
    openRuntime: async (kind) => {
      opened.push(kind);
      return fakeRuntime();
    },
    deliver: async (report, options) => {
      delivered.push({ report, submit: options.submit });
      options.note("delivered");
    },
  });
  return { desk, opened, delivered };
}

test("the default workspace is <workspacesDir>/<lab>; an explicit one is resolved from the working directory", () => {
  const dir = scratch();
  const { desk } = deskIn(dir);
  expect(desk.workspaceFor("sample")).toBe(path.join(dir, "workspaces", "sample"));
  expect(desk.workspaceFor("sample", { workspace: "rel/ws" })).toBe(path.resolve("rel/ws"));
  expect(() => desk.resolve("nope")).toThrow(/Unknown lab "nope"/);
});

test("the runtime: the requested one (checked against the lab), else the recorded session's, else the lab's default", async () => {
  const dir = scratch();
  const { desk, opened } = deskIn(dir);
  desk.init("sample", {});
  await desk.runtimeFor("sample");
  writeSession(desk.workspaceFor("sample"), {
    lab: "sample",
    session: "s-1",
    runtime: "process",
    startedAt: new Date(0).toISOString(),
    contentHash: "x",
    endpoints: {},
  });
  await desk.runtimeFor("sample");
  await expect(desk.runtimeFor("sample", { runtime: "process" })).rejects.toThrow(
    /does not run on the process runtime/,
  );
  expect(opened).toEqual(["docker", "process"]);
});

test("check shows the report first, then hands it to the delivery with the caller's submit choice", async () => {
  const dir = scratch();
  const { desk, delivered } = deskIn(dir);
  const { workspace } = desk.init("sample", {});
  // A configuration error: the check reports config-lint as failed without starting anything.
  fs.appendFileSync(path.join(workspace, "node2/repository/conf/deployment.toml"), "[clustering\n");
  const lines: Array<string> = [];
  const report = await desk.check(
    "sample",
    {},
    { progress: (l) => lines.push(l), submit: false, present: () => lines.push("presented") },
  );
  expect(report.checks.find((c) => c.id === "config-lint")?.status).toBe("fail");
  expect(delivered).toEqual([{ report, submit: false }]);
  expect(lines.indexOf("presented")).toBeLessThan(lines.indexOf("delivered"));
});

test("a delivery that throws is reported as a line; the check's report is still returned", async () => {
  const dir = scratch();
  const desk = createLabDesk({
    registry: getLabRegistry(),
    workspacesDir: dir,
    openRuntime: async () => fakeRuntime(),
    deliver: async () => {
      throw new Error("disk full");
    },
  });
  const { workspace } = desk.init("sample", {});
  fs.appendFileSync(path.join(workspace, "node2/repository/conf/deployment.toml"), "[clustering\n");
  const lines: Array<string> = [];
  const report = await desk.check("sample", {}, { progress: (l) => lines.push(l) });
  expect(report.lab).toBe("sample");
  expect(lines.at(-1)).toMatch(/Could not record or submit this report \(disk full\)/);
});

test("node operations name the lab's nodes and need a running session", async () => {
  const dir = scratch();
  const { desk } = deskIn(dir);
  desk.init("sample", {});
  await expect(desk.node("sample", "node9", "stop", {}, { progress: () => {} })).rejects.toThrow(
    /has no node "node9"; its nodes are: .*node1/,
  );
  await expect(desk.node("sample", "node2", "stop", {}, { progress: () => {} })).rejects.toThrow(
    /is not up .* no node2 to stop/,
  );
});
