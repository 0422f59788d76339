// Bundles the `clusterlab` CLI (cli/index.ts and the lib/ and labs/ code it reaches) into
// dist/cli/<build>/clusterlab.mjs (plus chunks), so a command starts without tsx compiling ~300 TypeScript
// files on every run. dist/cli/current.json names the current build and lists every source file that went into
// it with its size and mtime: bin/clusterlab.mjs compares them before each run and rebuilds when one changed
// (ADR 0018). Each build gets its own folder and current.json is replaced atomically, so a clusterlab that
// started on the previous build finishes on it even when another process rebuilds at the same moment.
// Usage: node scripts/build-cli.mjs
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CLI_DIR = path.join(root, "dist", "cli");
/** { build: "<folder under dist/cli>", inputs: [{ file, size, mtimeMs }] } */
export const CLI_CURRENT = path.join(CLI_DIR, "current.json");
/** Builds other than the current one are removed once this old: long enough for a run that began on one to load it. */
const OLD_BUILD_MS = 10 * 60_000;
const EXTERNAL_PACKAGES = [
  "dockerode",
  "better-sqlite3",
  "@node-rs/argon2",
  "@prisma/*",
  "pg",
  "pg-native",
  "mysql2",
  "mysql2/*",
  "esbuild",
  "mdx-bundler",
  "ssh2",
  "cpu-features",
];
/** Files that change the bundle without being imported by it. */
const BUILD_FILES = ["scripts/build-cli.mjs", "tsconfig.json", "package.json", "package-lock.json"];

/**
 * Modules find repository files relative to themselves (import.meta.url / import.meta.dirname: the images'
 * inputs, the process runtime's training-node bundle, the labs folder). In one bundle they would all point at
 * dist/cli/, so each module's references are rewritten to its own source location, relative to the bundle.
 */
const sourceLocationPlugin = (bundleDir) => ({
  name: "clusterlab-source-location",
  setup(build) {
    build.onLoad({ filter: /\.(ts|tsx|mts|js|mjs)$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const text = await fs.promises.readFile(args.path, "utf8");
      if (!text.includes("import.meta.")) return undefined;
      const relative = JSON.stringify(path.relative(bundleDir, args.path).split(path.sep).join("/"));
      const contents = text
        .replaceAll("import.meta.url", `new URL(${relative}, import.meta.url).href`)
        .replaceAll("import.meta.dirname", `__clusterlabDirname(new URL(${relative}, import.meta.url))`)
        .replaceAll("import.meta.filename", `__clusterlabFileURLToPath(new URL(${relative}, import.meta.url))`);
      return { contents, loader: path.extname(args.path).slice(1).replace("mts", "ts").replace("mjs", "js") };
    });
  },
});

/** What an ESM bundle of TypeScript sources needs at its top. */
const NODE_ESM_BANNER = [
  // Inlined CommonJS packages call require() for Node built-ins; give the ESM bundle a real one.
  'import { createRequire as __clusterlabCreateRequire } from "node:module"; const require = __clusterlabCreateRequire(import.meta.url);',
  'import { fileURLToPath as __clusterlabFileURLToPath } from "node:url";',
  'import { dirname as __clusterlabPathDirname } from "node:path";',
  "const __clusterlabDirname = (url) => __clusterlabPathDirname(__clusterlabFileURLToPath(url));",
].join(" ");

/**
 * esbuild options for an ESM bundle of this repository's TypeScript (sources under `sourceRoot`) run by plain Node
 * from `outDir`: the CLI here, the submissions fast path (scripts/submission-fast-path.mjs).
 */
export function nodeBundleOptions(sourceRoot, outDir) {
  return {
    outdir: outDir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    // Pure-JS packages are inlined (one file to parse instead of hundreds to resolve); native addons, Prisma's
    // runtime and the heavy optional stacks stay external, loaded from node_modules when the code needs them.
    external: EXTERNAL_PACKAGES,
    alias: { "@": sourceRoot },
    tsconfig: path.join(sourceRoot, "tsconfig.json"),
    banner: { js: NODE_ESM_BANNER },
    plugins: [sourceLocationPlugin(outDir)],
    legalComments: "none",
    logLevel: "warning",
  };
}

/** Build the bundle in a new folder, make it current; returns the bundle's path. */
export async function buildCli() {
  const { build } = await import("esbuild");
  fs.mkdirSync(CLI_DIR, { recursive: true });
  const staging = fs.mkdtempSync(path.join(CLI_DIR, "build-"));
  const startedAt = Date.now();
  const result = await build({
    ...nodeBundleOptions(root, staging),
    entryPoints: { clusterlab: path.join(root, "cli", "index.ts") },
    // Dynamic import()s in the sources (the local progress database, the submission path) become chunks
    // loaded only by the commands that reach them: Prisma and its drivers cost ~0.4 s of CPU to load.
    splitting: true,
    // Chunks sit beside the entry: the import.meta rewrite below makes paths relative to that one folder.
    chunkNames: "[name]-[hash]",
    metafile: true,
  });
  // Inlined packages are inputs too (an npm install changes them); package-lock.json stands for them all.
  const files = [...Object.keys(result.metafile.inputs).filter((f) => !f.includes("node_modules/")), ...BUILD_FILES];
  const inputs = [...new Set(files)].map((file) => {
    const stat = fs.statSync(path.join(root, file));
    // Edited while we were building: the bundle may hold the old text, so record it as already stale.
    return { file, size: stat.size, mtimeMs: stat.mtimeMs >= startedAt - 1000 ? -1 : stat.mtimeMs };
  });
  // Atomic switch: write beside, then rename over current.json.
  const pointer = `${CLI_CURRENT}.${process.pid}.tmp`;
  fs.writeFileSync(pointer, JSON.stringify({ build: path.basename(staging), inputs }));
  fs.renameSync(pointer, CLI_CURRENT);
  pruneOldBuilds(path.basename(staging));
  return path.join(staging, "clusterlab.mjs");
}

/** Chunk names carry a hash, so old builds would pile up: remove those no run can still be loading. */
function pruneOldBuilds(current) {
  for (const entry of fs.readdirSync(CLI_DIR, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === current) continue;
    const dir = path.join(CLI_DIR, entry.name);
    try {
      if (Date.now() - fs.statSync(dir).mtimeMs > OLD_BUILD_MS) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another clusterlab pruned it first.
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildCli();
  console.log(`built ${path.relative(process.cwd(), out)}`);
}
