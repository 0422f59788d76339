/**
 * `config lint <folder>` on a lab workspace gives the verdict `lab up` and `lab check` give (walkthrough
 * D12): when the folder's `.clusterlab/` marker names a registered lab, lint it the way the lab engine
 * does (its Carbon nodes, its fstab files, minus the rules its `lint.ignore` switches off) and say so;
 * any other folder is linted as a plain set of Carbon homes.
 */
import { readManifest } from "./workspace";
import { lintLabWorkspace, type LintOutcome } from "./lint";
import type { LabRegistry, RegisteredLab } from "./registry";

/** The registered lab whose `lab init` wrote this workspace, or null (no marker, or a lab this checkout does not have). */
export function labOfWorkspace(workspace: string, registry: LabRegistry): RegisteredLab | null {
  const id = readManifest(workspace)?.lab;
  if (!id) return null;
  return registry.list().find((lab) => lab.definition.id === id) ?? null;
}

export type LabWorkspaceLint = {
  lab: string;
  /** Rule codes the lab switches off, with why (the lab's own choice, e.g. clustering off for independent nodes). */
  ignored: Array<string>;
  nodes: Array<string>;
  outcome: LintOutcome;
};

export async function lintAsLab(lab: RegisteredLab, workspace: string): Promise<LabWorkspaceLint> {
  return {
    lab: lab.definition.id,
    ignored: [...lab.definition.lint.ignore],
    nodes: lab.definition.topology.nodes.filter((n) => n.role === "carbon").map((n) => n.name),
    outcome: await lintLabWorkspace(lab.definition, workspace),
  };
}
