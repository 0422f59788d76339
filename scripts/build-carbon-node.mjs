// Bundles the training node into ONE file for the carbon-node image: dist/carbon-node/carbon-node.mjs,
// ESM for Node 18 (Debian bookworm's nodejs), every dependency inlined (pg, mysql2, zod).
// Usage: node scripts/build-carbon-node.mjs [--outfile <path>]
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Exported for tests and the benchmark, which bundle into a temporary folder. */
export async function buildCarbonNode(outfile = path.join(root, "dist", "carbon-node", "carbon-node.mjs")) {
  await build({
    entryPoints: [path.join(root, "lib", "carbon-node", "cli-entry.ts")],
    outfile,
    bundle: true,
    platform: "node",
    target: "node18",
    format: "esm",
    alias: { "@": root },
    // pg and mysql2 are CommonJS and call require() for Node built-ins; give the ESM bundle a real require.
    banner: {
      js: "import { createRequire as __clusterlabCreateRequire } from 'node:module'; const require = __clusterlabCreateRequire(import.meta.url);",
    },
    // pg loads pg-native only when asked for (pg.native); it is an optional C++ addon we never use.
    external: ["pg-native"],
    legalComments: "none",
    logLevel: "warning",
  });
  return outfile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf("--outfile");
  const out = await buildCarbonNode(i > 0 && process.argv[i + 1] ? path.resolve(process.argv[i + 1]) : undefined);
  console.log(`built ${path.relative(process.cwd(), out)}`);
}
