/**
 * What every console route needs, resolved once per process: the lab registry (the catalogue's own
 * `getLabRegistry()`: lib/labs/labs-root.ts finds the lab folders under tsx, node and the Next.js server bundle,
 * and honours CLUSTERLAB_LABS_DIR, so the console and the CLI read the same labs), where
 * workspaces live (the CLI's default, `<cwd>/workspaces/<lab>`, so browser and CLI share one workspace), and
 * the runtime for a lab (the one its recorded session runs on, else the lab's default).
 */
import path from "node:path";
import { getLabRegistry } from "@/labs";
import { getEnv } from "@/lib/env";
import { chooseRuntime, readSession, type LabRegistry, type RegisteredLab } from "@/lib/labs";
import { openRuntime } from "@/lib/labs/runtimes";
import type { ClusterRuntime, RuntimeKind } from "@/lib/runtime/types";
import { processSingleton } from "./process-state";

export function consoleRegistry(): LabRegistry {
  return processSingleton("registry", getLabRegistry);
}

export function workspacesDir(): string {
  return path.resolve(getEnv().CLUSTERLAB_WORKSPACES_DIR ?? path.join(process.cwd(), "workspaces"));
}

export function workspaceFor(labId: string): string {
  return path.join(workspacesDir(), labId);
}

/** `--workspace <dir>` for the CLI commands the page shows, when the console's workspace is not the CLI default. */
export function cliWorkspaceFlag(labId: string): string {
  const dir = workspaceFor(labId);
  return dir === path.join(process.cwd(), "workspaces", labId) ? "" : ` --workspace ${dir}`;
}

export function consoleMode(): "local" | "classroom" {
  return getEnv().CLUSTERLAB_MODE;
}

export function runtimeKindFor(lab: RegisteredLab, workspace: string): RuntimeKind {
  return readSession(workspace, lab)?.runtime ?? chooseRuntime(lab);
}

/** Runtimes are stateless handles on the engine; one per kind per process is enough. */
export function consoleRuntime(kind: RuntimeKind): Promise<ClusterRuntime> {
  return processSingleton(`runtime:${kind}`, () => openRuntime(kind));
}
