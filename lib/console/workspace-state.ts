/**
 * The console's view of a lab workspace: whether it exists, its files, and the static-check diagnostics (the
 * same lint `lab up` runs first), plus reading and writing one file under the path confinement rules.
 */
import fs from "node:fs";
import { lintLabWorkspace, readManifest, type RegisteredLab } from "@/lib/labs";
import type { Diagnostic } from "@/lib/wso2-config/model";
import { describeWorkspaceFiles, type WorkspaceFile } from "./workspace-files";
import { confineToWorkspace, WorkspacePathError } from "./workspace-path";

/** The editor holds whole files; config files are small, so anything bigger is not one of the lab's files. */
export const MAX_FILE_BYTES = 256 * 1024;

export type LintView = { available: true; diagnostics: Array<Diagnostic> } | { available: false; reason: string };

export type WorkspaceState = {
  initialised: boolean;
  source: "starter" | "solution" | null;
  files: Array<WorkspaceFile>;
  lint: LintView;
};

export async function workspaceState(lab: RegisteredLab, workspace: string): Promise<WorkspaceState> {
  if (!fs.existsSync(workspace))
    return { initialised: false, source: null, files: [], lint: { available: true, diagnostics: [] } };
  const files = describeWorkspaceFiles(workspace);
  if (files.length === 0)
    return { initialised: false, source: null, files, lint: { available: true, diagnostics: [] } };
  return {
    initialised: true,
    source: readManifest(workspace)?.source ?? null,
    files,
    lint: await lintWorkspaceView(lab, workspace),
  };
}

/** The static-check diagnostics alone (what Save shows), or why they could not run. */
export async function lintWorkspaceView(lab: RegisteredLab, workspace: string): Promise<LintView> {
  try {
    return await lintLabWorkspace(lab.definition, workspace);
  } catch (error) {
    return {
      available: false,
      reason: `the static checks could not run: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
    };
  }
}

export function readWorkspaceFile(workspace: string, relative: unknown): { path: string; content: string } {
  const absolute = confineToWorkspace(workspace, relative);
  const size = fs.statSync(absolute).size;
  if (size > MAX_FILE_BYTES)
    throw new WorkspacePathError(
      `${String(relative)} is ${Math.round(size / 1024)} kB; the editor opens files up to ${MAX_FILE_BYTES / 1024} kB.`,
    );
  return { path: String(relative), content: fs.readFileSync(absolute, "utf8") };
}

/** Overwrite an existing workspace file (never create one): write to a temp name, then rename, so a crash never leaves half a file. */
export function writeWorkspaceFile(workspace: string, relative: unknown, content: string): void {
  const absolute = confineToWorkspace(workspace, relative);
  if (Buffer.byteLength(content) > MAX_FILE_BYTES)
    throw new WorkspacePathError(
      `The file is larger than ${MAX_FILE_BYTES / 1024} kB; config files are never that big.`,
    );
  const temp = `${absolute}.clusterlab-${process.pid}.tmp`;
  fs.writeFileSync(temp, content, { mode: fs.statSync(absolute).mode });
  fs.renameSync(temp, absolute);
}
