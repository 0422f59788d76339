/**
 * The ONE place the lab engine calls the config linter (lib/wso2-config `lintWorkspace(dir)`), so the
 * static checks that run before `up` and `check` are wired in one line. The linter sees only the lab's
 * Carbon node folders; nginx and database folders are not Carbon homes.
 *
 * Until lib/wso2-config exports `lintWorkspace`, this reports `available: false` and the lifecycle says
 * that static checks were not run (never a silent pass).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { diagnosticSchema, type Diagnostic } from "@/lib/wso2-config/model";
import type { LabDefinition } from "./schema";

export type LintOutcome = { available: true; diagnostics: Array<Diagnostic> } | { available: false; reason: string };

type LintWorkspace = (dir: string) => Promise<unknown> | unknown;

export async function lintLabWorkspace(lab: LabDefinition, workspace: string, linter?: LintWorkspace): Promise<LintOutcome> {
  const lint = linter ?? (await loadLinter());
  if (!lint) return { available: false, reason: "the config linter (lib/wso2-config lintWorkspace) is not available in this build" };
  const carbonFolders = lab.topology.nodes.filter((n) => n.role === "carbon").map((n) => n.config);
  if (carbonFolders.length === 0) return { available: true, diagnostics: [] };

  // A view of the workspace holding only the Carbon homes (symlinks: nothing copied, paths stay real).
  const view = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-lint-"));
  try {
    for (const folder of carbonFolders) {
      const target = path.join(view, folder);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const source = path.join(workspace, folder);
      if (fs.existsSync(source)) fs.symlinkSync(source, target, "dir");
    }
    const raw = await lint(view);
    return { available: true, diagnostics: normaliseDiagnostics(raw) };
  } finally {
    fs.rmSync(view, { recursive: true, force: true });
  }
}

/** Accept `Diagnostic[]` or `{ diagnostics: Diagnostic[] }`: the linter's result shape is validated, not trusted. */
function normaliseDiagnostics(raw: unknown): Array<Diagnostic> {
  const list = Array.isArray(raw) ? raw : (raw as { diagnostics?: unknown } | null)?.diagnostics;
  if (!Array.isArray(list)) throw new Error("the config linter returned an unexpected result (expected a list of diagnostics)");
  return list.map((item) => diagnosticSchema.parse(item));
}

async function loadLinter(): Promise<LintWorkspace | null> {
  // Resolved at run time so this module builds before lib/wso2-config's entry exists.
  const entry = new URL("../wso2-config/index.ts", import.meta.url);
  if (!fs.existsSync(entry)) return null;
  const mod: unknown = await import(entry.href);
  const fn = (mod as { lintWorkspace?: unknown }).lintWorkspace;
  return typeof fn === "function" ? (fn as LintWorkspace) : null;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity} [${d.code}]${d.key ? ` ${d.key}:` : ""} ${d.message}`;
}
