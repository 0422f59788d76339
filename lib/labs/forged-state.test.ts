/**
 * M3: a workspace can come from someone else, and `.clusterlab/` is hidden in the console. Every file there is
 * planted here in a forged form, then the destructive commands run (`lab down`, `lab reset --force`, the process
 * runtime's remove and reaper). Nothing outside the workspace (and the runtime's own state folder) may change, and no
 * process we did not start may be signalled.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { defineCheck, pass } from "@/lib/grading";
import { procStat } from "@/lib/runtime/process/pids";
import { createProcessRuntime } from "@/lib/runtime/process/runtime";
import { readSession as readProcessSession, sessionDir } from "@/lib/runtime/process/session-store";
import { createLabRegistry, defineLab, downLab, initLab, readSession, resetLab, type LabCheckContext } from "./index";
import { lintLabWorkspace } from "./lint";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-forged-"));
const stateDir = path.join(root, "state");
const victim = path.join(root, "victim");

function makeLab() {
  const dir = path.join(root, "labs", "forged");
  fs.mkdirSync(path.join(dir, "starter", "node1"), { recursive: true });
  fs.writeFileSync(path.join(dir, "starter", "node1", "a.conf"), "a\n");
  fs.mkdirSync(path.join(dir, "solution", "node1"), { recursive: true });
  fs.writeFileSync(path.join(dir, "solution", "node1", "a.conf"), "b\n");
  fs.writeFileSync(path.join(dir, "README.mdx"), "# forged\n");
  const definition = defineLab({
    id: "forged",
    title: "Forged state",
    topology: { nodes: [{ name: "node1", role: "carbon", config: "node1" }] },
    runtimes: ["docker"],
    checks: [
      defineCheck<LabCheckContext>({
        id: "never-run",
        title: "Never run here",
        points: 1,
        hint: { nudge: "-", fix: "-" },
        run: async () => pass("-", "-"),
      }),
    ],
  });
  return createLabRegistry([definition], path.join(root, "labs")).get("forged");
}
const lab = makeLab();
const runtime = createProcessRuntime({ stateDir, carbonNodeBundle: path.join(root, "no-bundle.mjs") });
const quiet = () => {};

function freshWorkspace(name: string): string {
  const ws = path.join(root, "ws", name);
  fs.rmSync(ws, { recursive: true, force: true });
  initLab(lab, ws);
  fs.rmSync(victim, { recursive: true, force: true });
  fs.mkdirSync(victim, { recursive: true });
  fs.writeFileSync(path.join(victim, "keep"), "mine\n");
  return ws;
}

function plant(ws: string, file: string, value: unknown): void {
  fs.writeFileSync(path.join(ws, ".clusterlab", file), JSON.stringify(value));
}

const goodSession = {
  lab: "forged",
  session: "forged-abc123",
  runtime: "docker",
  startedAt: "2026-01-01T00:00:00Z",
  contentHash: "x",
  endpoints: {},
};

const children: Array<ChildProcess> = [];
/** A process we did not start as a lab node: it must survive. */
function bystander(): number {
  const child = spawn("sleep", ["60"], { detached: true, stdio: "ignore" });
  children.push(child);
  if (child.pid === undefined) throw new Error("could not start sleep");
  return child.pid;
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

afterEach(() => vi.restoreAllMocks());
afterAll(() => {
  for (const c of children)
    if (c.pid)
      try {
        process.kill(-c.pid, "SIGKILL");
      } catch {
        /* gone */
      }
  fs.rmSync(root, { recursive: true, force: true });
});

describe("forged .clusterlab/session.json", () => {
  it.each(["../../../../victim", "../victim", "..", "/tmp/x", "UPPER", "a/b", ""])(
    "a session id %j is refused when read, and `lab down` deletes nothing outside",
    async (session) => {
      const ws = freshWorkspace("session-id");
      plant(ws, "session.json", {
        ...goodSession,
        runtime: "process",
        session: path.isAbsolute(session)
          ? victim
          : session.replace("victim", path.relative(path.join(stateDir, "sessions"), victim)),
      });
      expect(readSession(ws)).toBeNull();
      await downLab({ lab, workspace: ws, runtime, progress: quiet });
      expect(fs.readFileSync(path.join(victim, "keep"), "utf8")).toBe("mine\n");
    },
  );

  it("the review's recipe: ../../ from the process runtime's sessions folder to a sibling folder", async () => {
    const ws = freshWorkspace("recipe");
    const up = path.relative(path.join(stateDir, "sessions"), victim); // ../../victim
    plant(ws, "session.json", { ...goodSession, runtime: "process", session: up });
    await downLab({ lab, workspace: ws, runtime, progress: quiet });
    expect(fs.existsSync(path.join(victim, "keep"))).toBe(true);
  });

  it("a runtime the lab does not list, or another lab's name, makes the record unusable for this lab", () => {
    const ws = freshWorkspace("runtime");
    plant(ws, "session.json", { ...goodSession, runtime: "process" });
    expect(readSession(ws, lab)).toBeNull();
    plant(ws, "session.json", { ...goodSession, lab: "wka" });
    expect(readSession(ws, lab)).toBeNull();
    plant(ws, "session.json", goodSession);
    expect(readSession(ws, lab)).toMatchObject({ session: "forged-abc123", runtime: "docker" });
  });

  it("the process runtime never builds a session folder outside sessions/ from a bad id", () => {
    for (const id of ["..", "../x", "a/../../b", "/abs"]) expect(() => sessionDir(stateDir, id)).toThrow(/session id/);
    expect(sessionDir(stateDir, "lab-1")).toBe(path.join(stateDir, "sessions", "lab-1"));
  });
});

describe("forged process-runtime session files (pids, paths)", () => {
  function plantProcessSession(
    id: string,
    node: { pid: number | null; startTicks: number | null; root?: string; logFile?: string },
    extra: Record<string, unknown> = {},
  ) {
    const dir = path.join(stateDir, "sessions", id);
    fs.mkdirSync(dir, { recursive: true });
    const spec = { name: "node1", image: "x", role: "carbon", files: [], ports: [] };
    fs.writeFileSync(
      path.join(dir, "session.json"),
      JSON.stringify({
        version: 1,
        lab: "forged",
        session: id,
        ownerPid: process.pid,
        ownerHost: "h",
        createdAt: 0,
        expiresAt: Date.now() + 3_600_000,
        detached: true,
        block: 200,
        nodes: [
          {
            spec,
            address: "127.0.200.1",
            root: node.root ?? path.join(dir, "nodes", "node1"),
            logFile: node.logFile ?? path.join(dir, "nodes", "node1.log"),
            pid: node.pid,
            startTicks: node.startTicks,
          },
        ],
        ...extra,
      }),
    );
  }

  it("a recorded pid without its start time (a process we cannot prove is ours) is never signalled", async () => {
    const pid = bystander();
    plantProcessSession("forged-pid", { pid, startTicks: null });
    await runtime.remove("forged-pid");
    await new Promise((r) => setTimeout(r, 200));
    expect(alive(pid)).toBe(true);
  });

  it("pid 1 or 0 (kill(-1) would signal every process of the user) is never signalled", async () => {
    // Intercept kill for pids <= 1 so a regression cannot take the test runner down with it.
    const kill = process.kill.bind(process);
    const dangerous: Array<number> = [];
    vi.spyOn(process, "kill").mockImplementation((pid: number, signal?: string | number) => {
      if (Math.abs(pid) <= 1) {
        dangerous.push(pid);
        return true;
      }
      return kill(pid, signal);
    });
    // With pid 1's real start time, so only the pid rule (not the recycled-pid rule) can stop the signal.
    const ticks = procStat(1)?.startTicks ?? 1;
    for (const pid of [1, 0, -1]) {
      plantProcessSession(`forged-one-${pid + 1}`, { pid, startTicks: ticks });
      await runtime.remove(`forged-one-${pid + 1}`);
    }
    expect(dangerous).toEqual([]);
  });

  it("node folders or log files outside the session folder make the record unreadable", () => {
    plantProcessSession("forged-paths", { pid: null, startTicks: null, logFile: path.join(victim, "keep") });
    expect(readProcessSession(stateDir, "forged-paths")).toBeUndefined();
    plantProcessSession("forged-root", { pid: null, startTicks: null, root: victim });
    expect(readProcessSession(stateDir, "forged-root")).toBeUndefined();
    plantProcessSession("forged-name", { pid: null, startTicks: null }, { session: "other" });
    expect(readProcessSession(stateDir, "forged-name")).toBeUndefined();
  });
});

describe("forged .clusterlab/workspace.json (manifest keys)", () => {
  const zeros = "0".repeat(64);
  /** Each case: the manifest key, built from where the workspace is, and the file that must survive. */
  const cases: Array<[string, (ws: string) => { key: string; survivor: string }]> = [
    ["a parent path", (ws) => ({ key: `${path.relative(ws, victim)}/keep`, survivor: path.join(victim, "keep") })],
    [
      "a path through ..",
      (ws) => ({ key: `node1/../${path.relative(ws, victim)}/keep`, survivor: path.join(victim, "keep") }),
    ],
    ["an absolute path", () => ({ key: path.join(victim, "keep"), survivor: path.join(victim, "keep") })],
    [
      "the state folder",
      (ws) => ({ key: ".clusterlab/session.json", survivor: path.join(ws, ".clusterlab", "session.json") }),
    ],
  ];
  it.each(cases)("`lab reset --force` never removes a manifest key with %s", (_name, make) => {
    const ws = freshWorkspace("manifest");
    plant(ws, "session.json", goodSession);
    const { key, survivor } = make(ws);
    plant(ws, "workspace.json", {
      lab: "forged",
      source: "starter",
      writtenAt: "2026-01-01T00:00:00Z",
      files: { [key]: zeros },
    });
    resetLab(lab, ws, { force: true });
    expect(fs.existsSync(survivor)).toBe(true);
  });

  it("a planted symlink folder is never written or removed through", () => {
    const ws = freshWorkspace("symlink");
    fs.rmSync(path.join(ws, "node1"), { recursive: true });
    fs.symlinkSync(victim, path.join(ws, "node1"));
    fs.writeFileSync(path.join(victim, "a.conf"), "theirs\n");
    plant(ws, "workspace.json", {
      lab: "forged",
      source: "starter",
      writtenAt: "2026-01-01T00:00:00Z",
      files: { "node1/keep": zeros, "node1/a.conf": zeros },
    });
    expect(() => resetLab(lab, ws, { force: true })).toThrow(/symbolic link/);
    expect(fs.readFileSync(path.join(victim, "keep"), "utf8")).toBe("mine\n");
    expect(fs.readFileSync(path.join(victim, "a.conf"), "utf8")).toBe("theirs\n");
  });
});

describe("planted symlinks and the linter", () => {
  it("the linter's copy skips symbolic links, as `up` does, so a link to another file is never read or echoed", async () => {
    const ws = freshWorkspace("lint-link");
    fs.writeFileSync(path.join(victim, "secret.toml"), "password = 'hunter2'\n");
    fs.symlinkSync(path.join(victim, "secret.toml"), path.join(ws, "node1", "deployment.toml"));
    fs.symlinkSync(victim, path.join(ws, "node1", "linked-folder"));
    const seen: Array<string> = [];
    await lintLabWorkspace(lab.definition, ws, (dir) => {
      const walk = (d: string): void => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          if (e.isDirectory()) walk(path.join(d, e.name));
          else seen.push(path.relative(dir, path.join(d, e.name)));
        }
      };
      walk(dir);
      return [];
    });
    expect(seen).toEqual(["node1/a.conf"]);
  });
});
