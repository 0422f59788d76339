import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, onTestFinished, test } from "vitest";
import { describeWorkspaceWrite, findEdits, readManifest, writeWorkspace, WorkspaceError } from "./workspace";

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-ws-test-"));
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function write(root: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
}

function labFolders() {
  const root = tempDir();
  const starterDir = path.join(root, "starter");
  const solutionDir = path.join(root, "solution");
  write(starterDir, {
    "node1/repository/conf/deployment.toml": "[server]\noffset = 0\n",
    "lb/nginx.conf": "upstream u { server node1:9763; }\n",
  });
  write(solutionDir, { "lb/nginx.conf": "upstream u { server node1:9763; server node2:9763; }\n" });
  return { root, starterDir, solutionDir, workspace: path.join(root, "ws") };
}

const read = (ws: string, file: string) => fs.readFileSync(path.join(ws, file), "utf8");

test("init copies the starter into a new workspace and records what it wrote", () => {
  const { starterDir, workspace } = labFolders();
  const result = writeWorkspace({ lab: "demo", workspace, starterDir, verb: "init" });
  expect(result.written).toEqual(["lb/nginx.conf", "node1/repository/conf/deployment.toml"]);
  expect(read(workspace, "node1/repository/conf/deployment.toml")).toContain("offset = 0");
  expect(readManifest(workspace)).toMatchObject({ lab: "demo", source: "starter" });
  expect(findEdits(workspace)).toEqual({ modified: [], added: [], removed: [] });
});

test("init again over an untouched workspace is allowed", () => {
  const { starterDir, workspace } = labFolders();
  writeWorkspace({ lab: "demo", workspace, starterDir, verb: "init" });
  expect(() => writeWorkspace({ lab: "demo", workspace, starterDir, verb: "init" })).not.toThrow();
});

test("init refuses to overwrite a modified, added or removed file without --force, naming it", () => {
  const { starterDir, workspace } = labFolders();
  writeWorkspace({ lab: "demo", workspace, starterDir, verb: "init" });
  fs.appendFileSync(path.join(workspace, "lb/nginx.conf"), "# my edit\n");
  write(workspace, { "node2/notes.txt": "mine" });
  fs.rmSync(path.join(workspace, "node1/repository/conf/deployment.toml"));
  expect(findEdits(workspace)).toEqual({
    modified: ["lb/nginx.conf"],
    added: ["node2/notes.txt"],
    removed: ["node1/repository/conf/deployment.toml"],
  });
  let message = "";
  try {
    writeWorkspace({ lab: "demo", workspace, starterDir, verb: "init" });
  } catch (error) {
    expect(error).toBeInstanceOf(WorkspaceError);
    message = (error as Error).message;
  }
  expect(message).toContain("modified: lb/nginx.conf");
  expect(message).toContain("added:    node2/notes.txt");
  expect(message).toContain("with --force to discard them");
  // Nothing was overwritten by the refused call.
  expect(read(workspace, "lb/nginx.conf")).toContain("# my edit");
});

test("--force discards edits to the lab's files but leaves files the lab never wrote", () => {
  const { starterDir, workspace } = labFolders();
  writeWorkspace({ lab: "demo", workspace, starterDir, verb: "init" });
  fs.appendFileSync(path.join(workspace, "lb/nginx.conf"), "# my edit\n");
  write(workspace, { "notes.txt": "mine" });
  const result = writeWorkspace({ lab: "demo", workspace, starterDir, verb: "reset", force: true });
  expect(result.discarded).toEqual({ modified: ["lb/nginx.conf"], added: ["notes.txt"], removed: [] });
  expect(read(workspace, "lb/nginx.conf")).not.toContain("# my edit");
  expect(read(workspace, "notes.txt")).toBe("mine");
});

test("a non-empty folder that was never a workspace is protected too", () => {
  const { starterDir, workspace } = labFolders();
  write(workspace, { "thesis.tex": "precious" });
  expect(() => writeWorkspace({ lab: "demo", workspace, starterDir, verb: "init" })).toThrow(/added:    thesis\.tex/);
});

test("solve lays the solution over the starter; reset brings the starter back", () => {
  const { starterDir, solutionDir, workspace } = labFolders();
  writeWorkspace({ lab: "demo", workspace, starterDir, verb: "init" });
  writeWorkspace({ lab: "demo", workspace, starterDir, solutionDir, verb: "solve" });
  expect(read(workspace, "lb/nginx.conf")).toContain("server node2:9763");
  expect(read(workspace, "node1/repository/conf/deployment.toml")).toContain("offset = 0");
  expect(readManifest(workspace)?.source).toBe("solution");
  writeWorkspace({ lab: "demo", workspace, starterDir, verb: "reset" });
  expect(read(workspace, "lb/nginx.conf")).not.toContain("node2");
  expect(readManifest(workspace)?.source).toBe("starter");
});

test("a workspace of another lab is not replaced without --force", () => {
  const { starterDir, workspace } = labFolders();
  writeWorkspace({ lab: "other", workspace, starterDir, verb: "init" });
  expect(() => writeWorkspace({ lab: "demo", workspace, starterDir, verb: "init" })).toThrow(
    /holds a workspace of lab "other"/,
  );
  expect(() => writeWorkspace({ lab: "demo", workspace, starterDir, verb: "init", force: true })).not.toThrow();
  expect(readManifest(workspace)?.lab).toBe("demo");
});

test("a workspace path that is a file is refused with a clear message", () => {
  const { starterDir, root } = labFolders();
  const file = path.join(root, "afile");
  fs.writeFileSync(file, "x");
  expect(() => writeWorkspace({ lab: "demo", workspace: file, starterDir, verb: "init" })).toThrow(/is not a folder/);
});

describe("describeWorkspaceWrite (what init/solve/reset say, both front ends)", () => {
  const result = {
    workspace: "workspaces/wka",
    written: ["node1/repository/conf/axis2/axis2.xml", "node2/repository/conf/axis2/axis2.xml"],
    removed: [],
    discarded: { modified: ["node1/repository/conf/axis2/axis2.xml"], added: [], removed: [] },
  };

  it("CLI style names the folder, lists every file and says the discard came from --force", () => {
    expect(describeWorkspaceWrite("Reset", result, { discardedBy: "--force", listFiles: true })).toEqual([
      "Discarded your changes (--force):\n  modified: node1/repository/conf/axis2/axis2.xml",
      "Reset workspaces/wka (2 files):",
      "  node1/repository/conf/axis2/axis2.xml",
      "  node2/repository/conf/axis2/axis2.xml",
    ]);
  });

  it("console style gives the count only, singular for one file, and no --force", () => {
    const one = { ...result, written: ["a.xml"], discarded: null };
    expect(describeWorkspaceWrite("Initialised", one, { discardedBy: null, listFiles: false })).toEqual([
      "Initialised the workspace (1 file).",
    ]);
    expect(describeWorkspaceWrite("Reset", result, { discardedBy: null, listFiles: false })[0]).toBe(
      "Discarded your changes:\n  modified: node1/repository/conf/axis2/axis2.xml",
    );
  });
});
