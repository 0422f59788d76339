import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { confineToWorkspace, WorkspacePathError } from "./workspace-path";
import { readWorkspaceFile, writeWorkspaceFile } from "./workspace-state";

let root: string;
let workspace: string;
let outside: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "console-path-"));
  workspace = path.join(root, "ws");
  outside = path.join(root, "secret.txt");
  fs.mkdirSync(path.join(workspace, "node1", "repository", "conf"), { recursive: true });
  fs.mkdirSync(path.join(workspace, ".clusterlab"), { recursive: true });
  fs.writeFileSync(path.join(workspace, "node1", "repository", "conf", "deployment.toml"), "[server]\n");
  fs.writeFileSync(path.join(workspace, ".clusterlab", "workspace.json"), "{}");
  fs.writeFileSync(outside, "secret");
});

afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe("confineToWorkspace", () => {
  it("accepts a file of the workspace", () => {
    expect(confineToWorkspace(workspace, "node1/repository/conf/deployment.toml")).toBe(
      path.join(fs.realpathSync(workspace), "node1/repository/conf/deployment.toml"),
    );
  });

  it.each([
    ["parent traversal", "../secret.txt"],
    ["traversal inside a path", "node1/../../secret.txt"],
    ["absolute path", outside],
    ["absolute /etc/passwd", "/etc/passwd"],
    ["Windows drive", "C:/Windows/win.ini"],
    ["backslashes", "node1\\..\\..\\secret.txt"],
    ["percent-encoded traversal", "%2e%2e/secret.txt"],
    ["double-encoded traversal", "%252e%252e/secret.txt"],
    ["encoded slash", "node1%2f..%2f..%2fsecret.txt"],
    ["NUL byte", "node1/repository/conf/deployment.toml\0.png"],
    ["dot segment", "./node1/repository/conf/deployment.toml"],
    ["empty segment", "node1//repository/conf/deployment.toml"],
    ["our state folder", ".clusterlab/workspace.json"],
    ["a file that does not exist", "node1/repository/conf/new.toml"],
    ["a folder", "node1"],
    ["empty", ""],
  ])("refuses %s", (_name, p) => {
    expect(() => confineToWorkspace(workspace, p)).toThrow(WorkspacePathError);
  });

  it("refuses a non-string", () => {
    expect(() => confineToWorkspace(workspace, 42)).toThrow(WorkspacePathError);
  });

  it("refuses a symlink to a file outside the workspace", () => {
    fs.symlinkSync(outside, path.join(workspace, "node1", "link.toml"));
    expect(() => confineToWorkspace(workspace, "node1/link.toml")).toThrow(WorkspacePathError);
    expect(() => writeWorkspaceFile(workspace, "node1/link.toml", "pwned")).toThrow(WorkspacePathError);
    expect(fs.readFileSync(outside, "utf8")).toBe("secret");
  });

  it("refuses a path through a symlinked folder that points outside", () => {
    const elsewhere = path.join(root, "elsewhere");
    fs.mkdirSync(elsewhere);
    fs.writeFileSync(path.join(elsewhere, "x.toml"), "x");
    fs.symlinkSync(elsewhere, path.join(workspace, "node2"));
    expect(() => confineToWorkspace(workspace, "node2/x.toml")).toThrow(WorkspacePathError);
  });

  it("reads and writes an allowed file, and messages never carry a stack", () => {
    writeWorkspaceFile(workspace, "node1/repository/conf/deployment.toml", "[server]\noffset = 0\n");
    expect(readWorkspaceFile(workspace, "node1/repository/conf/deployment.toml").content).toBe(
      "[server]\noffset = 0\n",
    );
    try {
      confineToWorkspace(workspace, "../secret.txt");
    } catch (error) {
      expect((error as Error).message).toMatch(/leaves the workspace/);
      expect((error as Error).message).not.toMatch(/at .*\.ts/);
    }
  });
});
