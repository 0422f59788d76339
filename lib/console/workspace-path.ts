/**
 * Path confinement for file names that come from the browser. A name is accepted only when it is a plain
 * relative POSIX path (no `..`, no absolute or drive path, no backslash, no percent-encoding, no NUL), names a
 * regular file the workspace already has (the learner edits the lab's files, never creates arbitrary ones),
 * and resolves — after following symlinks — inside the workspace. Our own state folder is never reachable.
 */
import fs from "node:fs";
import path from "node:path";
import { listFiles } from "@/lib/labs/files";

export class WorkspacePathError extends Error {
  override name = "WorkspacePathError";
}

const MAX_PATH = 512;

/** The absolute path of `relative` inside `workspace`, or WorkspacePathError saying why it is refused. */
export function confineToWorkspace(workspace: string, relative: unknown): string {
  if (typeof relative !== "string" || relative.length === 0)
    throw new WorkspacePathError("No file name given: pick a file from the list.");
  if (relative.length > MAX_PATH) throw new WorkspacePathError("That file name is too long to be a workspace file.");
  if (/[\0\\%]/.test(relative) || /[\u0000-\u001f]/.test(relative)) {
    throw new WorkspacePathError(
      `"${printable(relative)}" is not a workspace file name (encoded or control characters are not allowed).`,
    );
  }
  if (relative.startsWith("/") || /^[A-Za-z]:/.test(relative))
    throw new WorkspacePathError(`"${printable(relative)}" is an absolute path; use a path inside the workspace.`);
  const segments = relative.split("/");
  if (segments.some((s) => s === ".." || s === "." || s === "")) {
    throw new WorkspacePathError(
      `"${printable(relative)}" leaves the workspace or is not a plain path; use a name from the file list.`,
    );
  }
  if (segments[0] === ".clusterlab")
    throw new WorkspacePathError("The .clusterlab folder holds ClusterLab's own state; it is not editable.");

  const root = fs.realpathSync(workspace);
  const target = path.join(root, ...segments);
  // Only files the workspace listing knows (the listing skips symlinks and our state folder).
  if (!listFiles(root).includes(segments.join("/"))) {
    throw new WorkspacePathError(
      `"${printable(relative)}" is not a file of this workspace; use a name from the file list.`,
    );
  }
  const stat = fs.lstatSync(target);
  if (!stat.isFile()) throw new WorkspacePathError(`"${printable(relative)}" is not a regular file.`);
  const real = fs.realpathSync(target);
  if (real !== target || !real.startsWith(root + path.sep)) {
    throw new WorkspacePathError(
      `"${printable(relative)}" resolves outside the workspace (through a symbolic link); it is refused.`,
    );
  }
  return real;
}

function printable(value: string): string {
  return value.replace(/[\u0000-\u001f]/g, "?").slice(0, 120);
}
