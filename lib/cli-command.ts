/**
 * How a message names a `clusterlab` command so that the learner can paste it (walkthrough F6). `clusterlab` is
 * only on PATH after `npm link` (or a global install); a checkout runs it as `npm run clusterlab -- …`, which
 * is what the README teaches. Decided once per process, here, so every message agrees.
 */
import fs from "node:fs";
import path from "node:path";
import { getEnv } from "@/lib/env";

let prefix: string | undefined;

/** `clusterlab lab up wka` or `npm run clusterlab -- lab up wka`, without backticks. */
export function cliCommand(args: string): string {
  prefix ??= clusterlabOnPath(getEnv().PATH) ? "clusterlab" : "npm run clusterlab --";
  return `${prefix} ${args}`;
}

/** True when an executable named `clusterlab` is in one of the PATH folders. */
export function clusterlabOnPath(searchPath: string | undefined): boolean {
  for (const dir of (searchPath ?? "").split(path.delimiter)) {
    if (!dir) continue;
    try {
      fs.accessSync(path.join(dir, "clusterlab"), fs.constants.X_OK);
      return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}
