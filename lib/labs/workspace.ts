/**
 * A learner's workspace: one folder per node, laid out like that node's home (`node1/repository/conf/
 * deployment.toml`, `lb/nginx.conf`, `db/init.sql`). This module owns its layout on disk.
 *
 * Overwrite rule: we record what we wrote (`.clusterlab/workspace.json`, a hash per file). Writing the
 * starter or the solution again is allowed while every file is still as we wrote it; once the learner
 * changed, added or removed a file, we refuse unless `force` is given, and name the files that differ.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { cliCommand } from "@/lib/cli-command";
import { hashTree, listFiles, sha256, STATE_DIR } from "./files";

const MANIFEST = "workspace.json";

/**
 * A manifest key is a file we wrote, later removed or overwritten: a plain relative POSIX path inside the workspace,
 * never in `.clusterlab/` (M3: a planted manifest must not make `reset --force` delete files elsewhere).
 */
export function isWorkspaceFileKey(key: string): boolean {
  if (key.length === 0 || key.length > 1024 || key.includes("\\") || /[\u0000-\u001f]/.test(key) || key.startsWith("/"))
    return false;
  const segments = key.split("/");
  return (
    segments.every((s) => s !== "" && s !== "." && s !== "..") &&
    segments[0] !== STATE_DIR &&
    !/^[A-Za-z]:$/.test(segments[0] ?? "")
  );
}

export const workspaceManifestSchema = z.object({
  lab: z.string(),
  /** What was written last: the untouched starter, or the starter with the solution laid over it. */
  source: z.enum(["starter", "solution"]),
  writtenAt: z.iso.datetime(),
  files: z.record(
    z.string().refine(isWorkspaceFileKey, "must be a relative path inside the workspace"),
    z.string().regex(/^[0-9a-f]{64}$/),
  ),
});
export type WorkspaceManifest = z.infer<typeof workspaceManifestSchema>;

export type WorkspaceEdits = { modified: Array<string>; added: Array<string>; removed: Array<string> };

export class WorkspaceError extends Error {
  override name = "WorkspaceError";
}

export function readManifest(workspace: string): WorkspaceManifest | null {
  const file = path.join(workspace, STATE_DIR, MANIFEST);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
  try {
    return workspaceManifestSchema.parse(JSON.parse(text));
  } catch {
    // A damaged manifest proves nothing about the files: treat the workspace as unknown (edits protected).
    return null;
  }
}

/** What differs between the workspace and what we last wrote there. No manifest: every file counts as added. */
export function findEdits(workspace: string): WorkspaceEdits {
  const current = hashTree(workspace);
  const recorded = readManifest(workspace)?.files ?? {};
  const edits: WorkspaceEdits = { modified: [], added: [], removed: [] };
  for (const [file, digest] of Object.entries(current)) {
    if (!(file in recorded)) edits.added.push(file);
    else if (recorded[file] !== digest) edits.modified.push(file);
  }
  for (const file of Object.keys(recorded)) if (!(file in current)) edits.removed.push(file);
  return edits;
}

export function hasEdits(edits: WorkspaceEdits): boolean {
  return edits.modified.length + edits.added.length + edits.removed.length > 0;
}

export type WriteWorkspaceInput = {
  lab: string;
  workspace: string;
  starterDir: string;
  /** When set, laid over the starter (the solution may hold only the files it changes). */
  solutionDir?: string;
  force?: boolean;
  /** How the caller names this action in messages (`init`, `solve`, `reset`). */
  verb: string;
  now?: () => Date;
};

export type WriteWorkspaceResult = {
  workspace: string;
  written: Array<string>;
  removed: Array<string>;
  discarded: WorkspaceEdits | null;
};

/** Write the starter (or starter + solution) into the workspace, under the overwrite rule above. */
export function writeWorkspace(input: WriteWorkspaceInput): WriteWorkspaceResult {
  const workspace = path.resolve(input.workspace);
  if (fs.existsSync(workspace) && !fs.statSync(workspace).isDirectory()) {
    throw new WorkspaceError(`${workspace} exists and is not a folder. Choose another --workspace.`);
  }
  const manifest = readManifest(workspace);
  if (manifest && manifest.lab !== input.lab && !input.force) {
    throw new WorkspaceError(
      `${workspace} holds a workspace of lab "${manifest.lab}", not "${input.lab}". Choose another --workspace, or re-run \`lab ${input.verb}\` with --force to replace it.`,
    );
  }
  const edits = findEdits(workspace);
  if (hasEdits(edits) && !input.force) {
    throw new WorkspaceError(
      `${workspace} has changes that ${input.verb} would overwrite:\n${describeEdits(edits)}\n` +
        `Keep them by choosing another --workspace, or re-run \`lab ${input.verb}\` with --force to discard them.`,
    );
  }

  const sources = [input.starterDir, ...(input.solutionDir ? [input.solutionDir] : [])];
  const planned = new Map<string, string>();
  for (const dir of sources) {
    if (!fs.existsSync(dir))
      throw new WorkspaceError(`The lab's folder ${dir} is missing: the lab is broken, not your workspace. Report it.`);
    for (const file of listFiles(dir)) planned.set(file, path.join(dir, file));
  }

  // Files we wrote before that the new content no longer has (e.g. reset after solve) are removed;
  // files we never wrote are left alone: a stray --workspace must not lose unrelated files.
  const removed = Object.keys(manifest?.files ?? {}).filter((file) => !planned.has(file));
  // Check every path first, so a planted link stops the whole operation before anything changed.
  for (const file of removed) refuseLinksOnTheWay(workspace, file, { final: false });
  for (const file of planned.keys()) refuseLinksOnTheWay(workspace, file, { final: true });
  for (const file of removed) fs.rmSync(path.join(workspace, file), { force: true });

  const hashes: Record<string, string> = {};
  for (const [file, from] of planned) {
    const to = path.join(workspace, file);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    const content = fs.readFileSync(from);
    fs.writeFileSync(to, content);
    hashes[file] = sha256(content);
  }
  writeManifest(workspace, {
    lab: input.lab,
    source: input.solutionDir ? "solution" : "starter",
    writtenAt: (input.now ?? (() => new Date()))().toISOString(),
    files: hashes,
  });
  return { workspace, written: [...planned.keys()], removed, discarded: hasEdits(edits) ? edits : null };
}

/**
 * Refuse a workspace path that passes through a symbolic link (a link to /home/x would make `reset` write or delete
 * there). `final`: the file itself must not be a link either (we write it; removing a link only removes the link).
 */
function refuseLinksOnTheWay(workspace: string, file: string, { final }: { final: boolean }): void {
  const segments = file.split("/");
  const upTo = final ? segments.length : segments.length - 1;
  let current = workspace;
  for (let i = 0; i < upTo; i++) {
    current = path.join(current, segments[i] ?? "");
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(current);
    } catch {
      return; // does not exist yet: we create real folders from here on
    }
    if (stat.isSymbolicLink()) {
      throw new WorkspaceError(
        `${path.relative(workspace, current)} in ${workspace} is a symbolic link; ClusterLab never writes or deletes through links. Replace it with a real folder or file (or choose another --workspace), then try again.`,
      );
    }
  }
}

function writeManifest(workspace: string, manifest: WorkspaceManifest): void {
  const dir = path.join(workspace, STATE_DIR);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

export function describeEdits(edits: WorkspaceEdits, limit = 10): string {
  const lines = [
    ...edits.modified.map((f) => `  modified: ${f}`),
    ...edits.added.map((f) => `  added:    ${f}`),
    ...edits.removed.map((f) => `  removed:  ${f}`),
  ];
  return lines.length > limit
    ? [...lines.slice(0, limit), `  ... and ${lines.length - limit} more`].join("\n")
    : lines.join("\n");
}

/**
 * What `init`, `solve` and `reset` say after writing: one rendering for both front ends. The CLI names the folder and
 * lists the files; the console (which shows the file tree itself) says how many, and its "discard" box is not `--force`.
 */
export function describeWorkspaceWrite(
  verb: string,
  result: WriteWorkspaceResult,
  style: { discardedBy: string | null; listFiles: boolean },
): Array<string> {
  const count = `${result.written.length} file${result.written.length === 1 ? "" : "s"}`;
  const lines: Array<string> = [];
  if (result.discarded) {
    lines.push(
      `Discarded your changes${style.discardedBy ? ` (${style.discardedBy})` : ""}:\n${describeEdits(result.discarded)}`,
    );
  }
  if (style.listFiles) {
    lines.push(`${verb} ${result.workspace} (${count}):`, ...result.written.map((file) => `  ${file}`));
  } else {
    lines.push(`${verb} the workspace (${count}).`);
  }
  return lines;
}

/** The workspace's files for one node (its folder), as paths relative to that folder with their bytes. */
export function readNodeFolder(workspace: string, folder: string): Array<{ relative: string; content: Buffer }> {
  const root = path.join(workspace, folder);
  return listFiles(root).map((relative) => ({ relative, content: fs.readFileSync(path.join(root, relative)) }));
}

/** Refuse early, with the fix, when a workspace was never initialised for this lab. */
export function requireWorkspace(workspace: string, lab: string): void {
  if (!fs.existsSync(workspace) || listFiles(workspace).length === 0) {
    throw new WorkspaceError(
      `No workspace for lab "${lab}" at ${workspace}. Create it with \`${cliCommand(`lab init ${lab}`)}\` (or pass the right --workspace).`,
    );
  }
}
