#!/usr/bin/env node
// The `clusterlab` command: runs the bundled CLI (dist/cli/clusterlab.mjs, built by scripts/build-cli.mjs),
// which starts several times faster than compiling the TypeScript through tsx on every run.
// Before each run it compares every source file listed in dist/cli/inputs.json (size and mtime) with the
// tree; when one changed, or there is no bundle yet, it rebuilds first and says so. A stale bundle never
// runs silently (ADR 0018).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const inputsFile = path.join(root, "dist", "cli", "inputs.json");

/** Why the bundle must be rebuilt, or undefined when it matches the sources. */
function staleReason() {
  let listed;
  try {
    listed = JSON.parse(fs.readFileSync(inputsFile, "utf8"));
  } catch {
    return "no bundle yet";
  }
  if (!fs.existsSync(path.join(root, listed.bundle))) return "no bundle yet";
  for (const input of listed.inputs) {
    let stat;
    try {
      stat = fs.statSync(path.join(root, input.file));
    } catch {
      return `${input.file} is gone`;
    }
    if (stat.size !== input.size || stat.mtimeMs !== input.mtimeMs) return `${input.file} changed`;
  }
  return undefined;
}

const reason = staleReason();
if (reason) {
  process.stderr.write(`clusterlab: building the CLI bundle first (${reason}) ...\n`);
  try {
    const { buildCli } = await import("../scripts/build-cli.mjs");
    await buildCli();
  } catch (error) {
    process.stderr.write(
      `clusterlab: the CLI bundle did not build: ${error instanceof Error ? error.message : String(error)}\n` +
        "Fix the error above (npx tsc --noEmit -p . shows type errors too), or run the sources directly with `npx tsx cli/index.ts`.\n",
    );
    process.exit(2);
  }
}
await import("../dist/cli/clusterlab.mjs");
