/** Node files and logs of the process runtime. */
import fs from "node:fs";
import path from "node:path";
import { resolveFiles } from "../node-files";
import { RuntimeError, UnsupportedOperationError, type NodeFile, type NodeMount } from "../types";
import { hostPathIn } from "./programs";

/**
 * Write the node's files under its root, read-only (0444/0555) like in Docker: the workspace is the
 * source of truth, and a node rewriting its own configuration would hide a learner's mistake.
 */
export async function writeNodeFiles(files: Array<NodeFile>, root: string): Promise<void> {
  for (const file of await resolveFiles(files)) {
    const target = hostPathIn(root, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.rmSync(target, { force: true });
    fs.writeFileSync(target, file.content, { mode: file.mode & 0o555 });
    fs.chmodSync(target, file.mode & 0o555);
  }
}

/**
 * Shared folders without a file server: each mount point under the node root becomes a symlink to one
 * folder per share in the session directory, so every node of the session sees the same files.
 */
export function linkSharedFolders(mounts: Array<NodeMount>, root: string, sharesDir: string): void {
  for (const mount of mounts) {
    if (mount.readOnly) {
      throw new UnsupportedOperationError(
        `A read-only shared folder (${mount.share} on ${mount.path})`,
        "process",
        "local processes share folders by symlink, which cannot be read-only for one node only",
      );
    }
    const share = path.join(sharesDir, mount.share);
    fs.mkdirSync(share, { recursive: true });
    const target = hostPathIn(root, mount.path.replace(/\/+$/, ""));
    const existing = fs.lstatSync(target, { throwIfNoEntry: false });
    if (existing?.isSymbolicLink()) continue;
    if (existing) {
      // Never delete what is there: only an empty folder may make way for the share (the static checks refuse a
      // mount over the node's own files; this guards every other caller).
      if (!existing.isDirectory() || fs.readdirSync(target).length > 0) {
        throw new RuntimeError(
          `Cannot mount share ${mount.share} on ${mount.path}: the node already has files there, which the share would hide. Mount it on an empty or new folder.`,
          "invalid-topology",
        );
      }
      fs.rmdirSync(target);
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.symlinkSync(share, target, "dir");
  }
}

/** The last `maxBytes` of a log file as text ("" when it does not exist yet). */
export function lastLogText(file: string, maxBytes: number): string {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch {
    return "";
  }
  try {
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    fs.readSync(fd, buffer, 0, length, size - length);
    return buffer.toString("utf8");
  } finally {
    fs.closeSync(fd);
  }
}
