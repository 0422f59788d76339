/**
 * The lab registry: the catalogue (`labs/index.ts` lists every `labs/<id>/lab.ts`) resolved to folders on
 * disk and checked once: unique ids, each lab's folder has its starter, solution and README.mdx.
 */
import fs from "node:fs";
import path from "node:path";
import { hashTrees } from "./files";
import type { LabDefinition } from "./schema";

export type RegisteredLab = {
  definition: LabDefinition;
  /** labs/<id> */
  dir: string;
  starterDir: string;
  solutionDir: string;
  readmePath: string;
};

export type LabRegistry = {
  list(): Array<RegisteredLab>;
  /** Throws LabNotFoundError naming the labs that exist. */
  get(id: string): RegisteredLab;
};

export class LabNotFoundError extends Error {
  override name = "LabNotFoundError";
}

export class LabCatalogueError extends Error {
  override name = "LabCatalogueError";
}

export function createLabRegistry(labs: ReadonlyArray<LabDefinition>, labsRoot: string): LabRegistry {
  const problems: Array<string> = [];
  const byId = new Map<string, RegisteredLab>();
  for (const definition of labs) {
    if (byId.has(definition.id)) problems.push(`lab id "${definition.id}" is registered twice`);
    const dir = path.join(labsRoot, definition.id);
    const lab: RegisteredLab = {
      definition,
      dir,
      starterDir: path.join(dir, definition.starter),
      solutionDir: path.join(dir, definition.solution),
      readmePath: path.join(dir, "README.mdx"),
    };
    for (const [what, p] of [
      ["starter folder", lab.starterDir],
      ["solution folder", lab.solutionDir],
      ["README.mdx", lab.readmePath],
    ] as const) {
      if (!fs.existsSync(p))
        problems.push(`lab "${definition.id}": its ${what} ${path.relative(labsRoot, p)} is missing`);
    }
    byId.set(definition.id, lab);
  }
  if (problems.length > 0)
    throw new LabCatalogueError(
      `The lab catalogue in ${labsRoot} is broken:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );

  return {
    list: () => [...byId.values()],
    get(id) {
      const lab = byId.get(id);
      if (!lab) {
        const known = [...byId.keys()].join(", ") || "(none)";
        throw new LabNotFoundError(`Unknown lab "${id}". Labs: ${known}. See \`clusterlab lab list\`.`);
      }
      return lab;
    },
  };
}

/**
 * Hash of everything that defines a lab version: lab.ts, README.mdx, starter/ and solution/ (and any
 * helper files in its folder). Reports carry it so a grade always says which lab version produced it.
 */
export function labContentHash(lab: RegisteredLab): string {
  return hashTrees([{ prefix: lab.definition.id, dir: lab.dir }]);
}
