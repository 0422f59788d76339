/**
 * The ONE place the lab engine calls the config linter (lib/wso2-config `lintWorkspace(dir)`), so the
 * static checks that run before `up` and `check` are wired in one line. The linter sees only the lab's
 * Carbon node folders; nginx and database folders are not Carbon homes. A lab may switch off rules that
 * contradict its lesson (`lint.ignore`, e.g. `clustering-disabled` for independent nodes).
 * `available: false` exists for runtimes/builds without the linter; the lifecycle then says static
 * checks were not run (never a silent pass).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { lintWorkspace } from "@/lib/wso2-config";
import { diagnosticSchema, type Diagnostic } from "@/lib/wso2-config/model";
import { readNodeFstab } from "./fstab";
import { checkNginxSyntax } from "./nginx-syntax";
import type { LabDefinition } from "./schema";

export type LintOutcome = { available: true; diagnostics: Array<Diagnostic> } | { available: false; reason: string };

type LintWorkspace = (dir: string) => Promise<unknown> | unknown;

export async function lintLabWorkspace(
  lab: LabDefinition,
  workspace: string,
  linter?: LintWorkspace,
): Promise<LintOutcome> {
  // Every node's fstab (any role): which shares of the lab's file server it mounts.
  const others = lab.topology.nodes
    .flatMap((node) => readNodeFstab(workspace, node, lab.topology.shares).diagnostics)
    .filter((d) => !lab.lint.ignore.includes(d.code));
  // Every nginx node's nginx.conf: a syntax error is the learner's, reported before anything starts.
  const nginx = lab.topology.nodes
    .filter((node) => node.role === "nginx")
    .flatMap((node) => nginxDiagnostics(workspace, node.config));
  others.push(...nginx.filter((d) => !lab.lint.ignore.includes(d.code)));
  const carbonNodes = lab.topology.nodes.filter((n) => n.role === "carbon");
  if (carbonNodes.length === 0) return { available: true, diagnostics: others };
  const outcome = await lintCarbonNodes(lab, workspace, carbonNodes, linter ?? lintWorkspace);
  return outcome.available ? { available: true, diagnostics: [...outcome.diagnostics, ...others] } : outcome;
}

async function lintCarbonNodes(
  lab: LabDefinition,
  workspace: string,
  carbonNodes: LabDefinition["topology"]["nodes"],
  lint: LintWorkspace,
): Promise<LintOutcome> {
  // The linter reads one Carbon home per top-level folder: give it a copy holding only the Carbon nodes,
  // one folder per node name (config folders may be nested or shared with other roles in the workspace).
  const view = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-lint-"));
  try {
    for (const node of carbonNodes) {
      const source = path.join(workspace, node.config);
      // Links are skipped, as `up` skips them: a planted link must not make the linter read (and echo) a file elsewhere.
      if (fs.existsSync(source) && !fs.lstatSync(source).isSymbolicLink()) {
        fs.cpSync(source, path.join(view, node.name), {
          recursive: true,
          dereference: false,
          filter: (from) => !fs.lstatSync(from).isSymbolicLink(),
        });
      }
    }
    const ignored = new Set(lab.lint.ignore);
    const diagnostics = normaliseDiagnostics(await lint(view))
      .filter((d) => !ignored.has(d.code))
      .map((d) => ({ ...d, file: toWorkspacePath(d.file, carbonNodes) }));
    return { available: true, diagnostics };
  } finally {
    fs.rmSync(view, { recursive: true, force: true });
  }
}

function nginxDiagnostics(workspace: string, folder: string): Array<Diagnostic> {
  const file = path.join(workspace, folder, "nginx.conf");
  if (!fs.existsSync(file)) return [];
  return checkNginxSyntax(fs.readFileSync(file, "utf8"), path.posix.join(folder, "nginx.conf"));
}

/** `node1/repository/...` in the view -> `<node1's config folder>/repository/...` in the learner's workspace. */
function toWorkspacePath(file: string, nodes: Array<{ name: string; config: string }>): string {
  const [first, ...rest] = file.split("/");
  const node = nodes.find((n) => n.name === first);
  return node && rest.length > 0 ? [node.config, ...rest].join("/") : file;
}

/** Accept `Diagnostic[]` or `{ diagnostics: Diagnostic[] }`: the linter's result shape is validated, not trusted. */
function normaliseDiagnostics(raw: unknown): Array<Diagnostic> {
  const list = Array.isArray(raw) ? raw : (raw as { diagnostics?: unknown } | null)?.diagnostics;
  if (!Array.isArray(list))
    throw new Error("the config linter returned an unexpected result (expected a list of diagnostics)");
  return list.map((item) => diagnosticSchema.parse(item));
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity} [${d.code}]${d.key ? ` ${d.key}:` : ""} ${d.message}`;
}
