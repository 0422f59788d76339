/**
 * Small filesystem helpers for lab folders and workspaces: deterministic file listings and hashes.
 * Listings skip our own state folder (`.clusterlab/`) so it never counts as the learner's work.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const STATE_DIR = ".clusterlab";

/** Every regular file under `dir`, as sorted POSIX-style relative paths. Missing dir = no files. */
export function listFiles(dir: string): Array<string> {
  const out: Array<string> = [];
  function walk(relative: string): void {
    const absolute = path.join(dir, relative);
    let entries: Array<fs.Dirent>;
    try {
      entries = fs.readdirSync(absolute, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    for (const entry of entries) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (child === STATE_DIR) continue;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.push(child);
    }
  }
  walk("");
  return out.sort();
}

export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** relative path -> sha256 of its content, for every file under `dir`. */
export function hashTree(dir: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const file of listFiles(dir)) hashes[file] = sha256(fs.readFileSync(path.join(dir, file)));
  return hashes;
}

/** One hash over several trees: names and contents, order-independent of the filesystem. */
export function hashTrees(trees: Array<{ prefix: string; dir: string }>): string {
  const hash = createHash("sha256");
  for (const { prefix, dir } of trees) {
    for (const [file, digest] of Object.entries(hashTree(dir))) hash.update(`${prefix}/${file}\0${digest}\n`);
  }
  return hash.digest("hex");
}
