#!/usr/bin/env node
// The `clusterlab` command: runs the bundled CLI (dist/cli/<build>/clusterlab.mjs, built by scripts/build-cli.mjs),
// which starts several times faster than compiling the TypeScript through tsx on every run.
// Before each run it compares every source file listed in dist/cli/current.json (size and mtime) with the
// tree; when one changed, or there is no bundle yet, it rebuilds first and says so. A stale bundle never
// runs silently (ADR 0018).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const currentFile = path.join(root, "dist", "cli", "current.json");

/** The current bundle's path and why it must be rebuilt (undefined when it matches the sources). */
function currentBundle() {
  let current;
  try {
    current = JSON.parse(fs.readFileSync(currentFile, "utf8"));
  } catch {
    return { stale: "no bundle yet" };
  }
  const bundle = path.join(root, "dist", "cli", String(current.build), "clusterlab.mjs");
  if (!fs.existsSync(bundle)) return { stale: "no bundle yet" };
  for (const input of current.inputs) {
    let stat;
    try {
      stat = fs.statSync(path.join(root, input.file));
    } catch {
      return { stale: `${input.file} is gone` };
    }
    if (stat.size !== input.size || stat.mtimeMs !== input.mtimeMs) return { stale: `${input.file} changed` };
  }
  return { bundle };
}

let { bundle, stale } = currentBundle();
if (stale) {
  process.stderr.write(`clusterlab: building the CLI bundle first (${stale}) ...\n`);
  try {
    const { buildCli } = await import("../scripts/build-cli.mjs");
    bundle = await buildCli();
  } catch (error) {
    process.stderr.write(
      `clusterlab: the CLI bundle did not build: ${error instanceof Error ? error.message : String(error)}\n` +
        "Fix the error above (npx tsc --noEmit -p . shows type errors too), or run the sources directly with `npx tsx cli/index.ts`.\n",
    );
    process.exit(2);
  }
}
await import(pathToFileURL(bundle).href);
