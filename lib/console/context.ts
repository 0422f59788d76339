/**
 * The console's configuration: the mode, and where its workspaces live (CLUSTERLAB_WORKSPACES_DIR, else the CLI's
 * default `<cwd>/workspaces`, so browser and CLI share one workspace). Resolving a lab, its workspace and its
 * runtime is the lab desk's job (lib/labs/desk.ts); the Next side builds the desk (app/api/_shared/console.ts).
 */
import path from "node:path";
import { getEnv } from "@/lib/env";
import type { LabDesk } from "@/lib/labs";

export function consoleWorkspacesDir(): string {
  return path.resolve(getEnv().CLUSTERLAB_WORKSPACES_DIR ?? path.join(process.cwd(), "workspaces"));
}

/** `--workspace <dir>` for the CLI commands the page shows, when the console's workspace is not the CLI default. */
export function cliWorkspaceFlag(desk: LabDesk, labId: string): string {
  const dir = desk.workspaceFor(labId);
  return dir === path.join(process.cwd(), "workspaces", labId) ? "" : ` --workspace ${dir}`;
}

export function consoleMode(): "local" | "classroom" {
  return getEnv().CLUSTERLAB_MODE;
}
