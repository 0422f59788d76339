/**
 * Where the lab folders (labs/<id>/) live. labs/index.ts passes its own folder (import.meta.dirname), which is
 * right under tsx and node, but the Next.js server bundle leaves import.meta.dirname undefined (or points it into
 * .next/); the server runs from the repository root, so the fallback walks up from the working directory to the
 * package.json named "clusterlab". CLUSTERLAB_LABS_DIR (lib/env.ts) overrides both, for unusual deployments.
 */
import fs from "node:fs";
import path from "node:path";
import { LabCatalogueError } from "./registry";

export const PACKAGE_NAME = "clusterlab";

/** How many parent folders to look through before giving up (a bound, not a guess at the layout). */
const MAX_WALK_UP = 32;

export type LabsRootHints = {
  /** CLUSTERLAB_LABS_DIR: used as given (resolved against cwd) when set. */
  override?: string;
  /** labs/index.ts's own folder when the runtime provides it. */
  moduleDir?: string;
  /** Default process.cwd(). */
  cwd?: string;
};

/** A folder is the labs root when it holds the catalogue module (labs/index.ts) next to the lab folders. */
export function isLabsRoot(dir: string): boolean {
  return fs.existsSync(path.join(dir, "index.ts")) || fs.existsSync(path.join(dir, "index.js"));
}

/** The repository root: the nearest folder at or above `start` whose package.json is named "clusterlab". */
export function findRepoRoot(start: string): string | undefined {
  let dir = path.resolve(start);
  for (let i = 0; i < MAX_WALK_UP; i++) {
    if (packageNameAt(dir) === PACKAGE_NAME) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

function packageNameAt(dir: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    return typeof parsed === "object" && parsed !== null && "name" in parsed && typeof parsed.name === "string"
      ? parsed.name
      : undefined;
  } catch {
    return undefined;
  }
}

export function resolveLabsRoot(hints: LabsRootHints = {}): string {
  const cwd = hints.cwd ?? process.cwd();
  if (hints.override) {
    const dir = path.resolve(cwd, hints.override);
    if (!isLabsRoot(dir))
      throw new LabCatalogueError(
        `CLUSTERLAB_LABS_DIR is "${hints.override}", but ${dir} has no index.ts: point it at the course's labs/ folder, or unset it.`,
      );
    return dir;
  }
  if (hints.moduleDir && isLabsRoot(hints.moduleDir)) return path.resolve(hints.moduleDir);
  const repo = findRepoRoot(cwd);
  if (repo && isLabsRoot(path.join(repo, "labs"))) return path.join(repo, "labs");
  throw new LabCatalogueError(
    `Cannot find the lab folders: ${cwd} is not inside the ClusterLab repository (no package.json named "${PACKAGE_NAME}" above it). ` +
      "Run from the repository, or set CLUSTERLAB_LABS_DIR to its labs/ folder.",
  );
}
