import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { getLabRegistry } from "@/labs";
import { workspaceProvenance } from "./provenance";
import { writeWorkspace } from "./workspace";

const dirs: Array<string> = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function labWithSolution() {
  const lab = getLabRegistry()
    .list()
    .find((l) => fs.existsSync(l.solutionDir));
  if (!lab) throw new Error("no lab with a solution");
  return lab;
}

function freshWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-provenance-"));
  dirs.push(dir);
  return path.join(dir, "ws");
}

describe("workspaceProvenance (security review M6)", () => {
  it("tells the starter, the solution and an edited workspace apart, and hashes the node config files", () => {
    const lab = labWithSolution();
    const workspace = freshWorkspace();
    writeWorkspace({ lab: lab.definition.id, workspace, starterDir: lab.starterDir, verb: "init" });
    const starter = workspaceProvenance(lab, workspace);
    expect(starter.workspaceSource).toBe("starter");
    expect(starter.configHash).toMatch(/^[0-9a-f]{64}$/);

    writeWorkspace({
      lab: lab.definition.id,
      workspace,
      starterDir: lab.starterDir,
      solutionDir: lab.solutionDir,
      verb: "solve",
    });
    const solution = workspaceProvenance(lab, workspace);
    expect(solution.workspaceSource).toBe("solution");
    expect(solution.configHash).not.toBe(starter.configHash);

    // Another learner's copy of the same solution files has the same hash.
    const copy = freshWorkspace();
    fs.cpSync(workspace, copy, { recursive: true });
    fs.rmSync(path.join(copy, ".clusterlab"), { recursive: true, force: true });
    expect(workspaceProvenance(lab, copy)).toEqual({ workspaceSource: "edited", configHash: solution.configHash });

    const node = lab.definition.topology.nodes[0];
    if (!node) throw new Error("a lab without nodes");
    const nodeDir = path.join(workspace, node.config);
    const file = fs.readdirSync(nodeDir, { recursive: true, withFileTypes: true }).find((e) => e.isFile());
    if (!file) throw new Error("a node folder without files");
    fs.appendFileSync(path.join(file.parentPath, file.name), "\n");
    expect(workspaceProvenance(lab, workspace).workspaceSource).toBe("edited");
  });
});
