/**
 * What the scripts that run graded labs on the real engine (`replay:labs`, `bench:grading`) share:
 * parse `--runs N` and `--lab <id>...`, check the labs exist, the engine answers and every image is built
 * (a problem is printed as `<script>: <message>` with exit 2), a scratch folder for the workspaces removed
 * afterwards, a solved workspace per run, and the median of the timings.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { getEnv } from "@/lib/env";
import { initLab, solveLab, type RegisteredLab } from "@/lib/labs";
import { connectDocker, pingDocker, type DockerConnection } from "@/lib/runtime/docker/client";
import { imageExists } from "@/lib/runtime/docker/import-image";
import { defaultImage } from "@/lib/runtime/types";
import { getLabRegistry } from "@/labs/index";

/** Labs that exist to show the engine, not to grade a lesson: left out unless named with --lab. */
const NOT_GRADED = new Set(["sample"]);

export type LabRuns = {
  runs: number;
  ids: Array<string>;
  conn: DockerConnection;
  registry: ReturnType<typeof getLabRegistry>;
};

export type LabRunSetup = ({ ok: true } & LabRuns) | { ok: false; message: string };

export async function prepareLabRuns({ maxRuns }: { maxRuns: number }): Promise<LabRunSetup> {
  const { values } = parseArgs({
    options: { runs: { type: "string", default: "3" }, lab: { type: "string", multiple: true } },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > maxRuns) {
    return { ok: false, message: `--runs must be a whole number from 1 to ${maxRuns}, got "${values.runs}"` };
  }
  const registry = getLabRegistry();
  const known = registry.list().map((l) => l.definition.id);
  // Every catalogue lab by default, so a new lab is replayed and benchmarked without editing this list.
  const ids = values.lab ?? known.filter((id) => !NOT_GRADED.has(id));
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length > 0)
    return { ok: false, message: `unknown lab(s) ${unknown.join(", ")}; labs: ${known.join(", ")}` };

  const conn = connectDocker(getEnv().DOCKER_HOST);
  try {
    await pingDocker(conn);
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  for (const id of ids) {
    for (const node of registry.get(id).definition.topology.nodes) {
      const image = node.image ?? defaultImage(node.role);
      if (!(await imageExists(conn, image))) {
        return {
          ok: false,
          message: `image ${image} is missing: build the images with \`clusterlab images build --offline\` first`,
        };
      }
    }
  }
  return { ok: true, runs, ids, conn, registry };
}

/**
 * Run a lab script and exit with the code its body returns: setup problems exit 2 with `<name>: <message>`,
 * an unexpected error exits 2 with `<name> failed: <message>`. The body gets a scratch folder (removed afterwards).
 */
export function runLabScript(
  name: string,
  options: { maxRuns: number; scratchPrefix: string },
  body: (setup: LabRuns, scratch: string) => Promise<number>,
): void {
  async function main(): Promise<number> {
    const setup = await prepareLabRuns({ maxRuns: options.maxRuns });
    if (!setup.ok) {
      console.error(`${name}: ${setup.message}`);
      return 2;
    }
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), options.scratchPrefix));
    try {
      return await body(setup, scratch);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    },
  );
}

/** A fresh workspace holding the lab's reference solution. */
export function solvedWorkspace(lab: RegisteredLab, workspace: string): string {
  initLab(lab, workspace);
  solveLab(lab, workspace);
  return workspace;
}

/** The middle value (the upper one of an even count); 0 for no values. */
export function median(values: ReadonlyArray<number>): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
