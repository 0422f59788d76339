/**
 * Shared start of the scripts that run graded labs on the real engine (`replay:labs`, `bench:grading`):
 * parse `--runs N` and `--lab <id>...`, check the labs exist, the engine answers and every image is built.
 * Returns what to run, or a usage/environment message (the scripts print it and exit 2).
 */
import { parseArgs } from "node:util";
import { getEnv } from "@/lib/env";
import { connectDocker, pingDocker, type DockerConnection } from "@/lib/runtime/docker/client";
import { imageExists } from "@/lib/runtime/docker/import-image";
import { defaultImage } from "@/lib/runtime/types";
import { getLabRegistry } from "@/labs/index";

export const GRADED_LABS = ["wka", "independent-nodes", "sticky-sessions", "shared-db", "full-replication", "multicast", "is-pattern-1"];

export type LabRunSetup =
  | { ok: true; runs: number; ids: Array<string>; conn: DockerConnection; registry: ReturnType<typeof getLabRegistry> }
  | { ok: false; message: string };

export async function prepareLabRuns({ maxRuns }: { maxRuns: number }): Promise<LabRunSetup> {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "3" }, lab: { type: "string", multiple: true } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > maxRuns) {
    return { ok: false, message: `--runs must be a whole number from 1 to ${maxRuns}, got "${values.runs}"` };
  }
  const registry = getLabRegistry();
  const known = registry.list().map((l) => l.definition.id);
  const ids = values.lab ?? GRADED_LABS.filter((id) => known.includes(id));
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length > 0) return { ok: false, message: `unknown lab(s) ${unknown.join(", ")}; labs: ${known.join(", ")}` };

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
        return { ok: false, message: `image ${image} is missing: build the images with \`clusterlab images build --offline\` first` };
      }
    }
  }
  return { ok: true, runs, ids, conn, registry };
}
