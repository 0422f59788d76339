/**
 * The inputs of an image and their hash. An image is tagged `clusterlab/<name>:<hash>` (and `:latest`)
 * and labelled io.clusterlab.image-hash=<hash>; when that tag already exists the build is skipped.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ImageDefinition } from "./catalog";

/** Bump when the build procedure changes in a way that changes image contents. */
export const BUILDER_VERSION = "1";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export type InputOptions = {
  root?: string;
  /** Use another host file for a source (tests put a placeholder carbon-node bundle here). */
  overrides?: Record<string, string>;
};

export class MissingImageInputError extends Error {
  override name = "MissingImageInputError";
}

/** Host path of a repo-relative source, honouring overrides; throws with the hint when it is missing. */
export function sourcePath(
  source: string,
  hint: string | undefined,
  { root = REPO_ROOT, overrides = {} }: InputOptions,
): string {
  const file = overrides[source] ?? path.join(root, source);
  if (!fs.existsSync(file)) {
    throw new MissingImageInputError(`${source} is missing (looked at ${file}).${hint ? ` ${hint}` : ""}`);
  }
  return file;
}

/** sha256 over the definition and every file it copies in; 12 hex characters. */
export function imageHash(definition: ImageDefinition, options: InputOptions = {}): string {
  const hash = createHash("sha256");
  hash.update(`builder ${BUILDER_VERSION}\n`);
  hash.update(JSON.stringify(definition));
  for (const file of [
    ...definition.files.map((f) => ({ source: f.source, hint: f.missingHint })),
    { source: definition.setup, hint: undefined },
  ]) {
    hash.update(`\n${file.source}\n`);
    hash.update(fs.readFileSync(sourcePath(file.source, file.hint, options)));
  }
  return hash.digest("hex").slice(0, 12);
}
