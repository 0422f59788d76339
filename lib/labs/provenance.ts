/**
 * Where a graded workspace came from (security review M6). Grades are self-reported: the CLI runs the checks on the
 * learner's machine. The report therefore says whether the workspace is the untouched starter, the untouched
 * solution (`lab solve`), or edited, and carries a hash of its node config files, so instructors can see solution
 * runs and identical workspaces handed in by different learners. It proves nothing against a determined forger.
 */
import path from "node:path";
import type { WorkspaceSource } from "@/lib/grading";
import { hashTrees } from "./files";
import type { RegisteredLab } from "./registry";
import { findEdits, hasEdits, readManifest } from "./workspace";

export type WorkspaceProvenance = { workspaceSource: WorkspaceSource; configHash: string };

export function workspaceProvenance(lab: RegisteredLab, workspace: string): WorkspaceProvenance {
  const manifest = readManifest(workspace);
  // No manifest (or another lab's): we did not write these files, so they count as the learner's own.
  const untouched = manifest !== null && manifest.lab === lab.definition.id && !hasEdits(findEdits(workspace));
  return {
    workspaceSource: untouched ? manifest.source : "edited",
    // The same trees `lab up` copies into the nodes (lifecycle.ts nodeFoldersHash).
    configHash: hashTrees(
      lab.definition.topology.nodes.map((n) => ({ prefix: n.config, dir: path.join(workspace, n.config) })),
    ),
  };
}
