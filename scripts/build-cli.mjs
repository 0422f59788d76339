// Bundles the `clusterlab` CLI (cli/index.ts and the lib/ and labs/ code it reaches) into ONE file,
// dist/cli/clusterlab.mjs, so a command starts without tsx compiling ~300 TypeScript files on every run.
// npm packages stay external (resolved from node_modules at run time, like under tsx).
// Next to the bundle, dist/cli/inputs.json lists every source file that went into it with its size and
// mtime: bin/clusterlab.mjs compares them before each run and rebuilds when one changed (ADR 0018).
// Usage: node scripts/build-cli.mjs
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CLI_BUNDLE = path.join(root, "dist", "cli", "clusterlab.mjs");
export const CLI_INPUTS = path.join(root, "dist", "cli", "inputs.json");
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
const sourceLocationPlugin = {
  name: "clusterlab-source-location",
  setup(build) {
    const bundleDir = path.dirname(CLI_BUNDLE);
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
};

/** Build the bundle and its input list; returns the bundle path. */
export async function buildCli() {
  const { build } = await import("esbuild");
  // Built beside dist/cli (same depth, so the relative source paths hold) and swapped in at the end: a
  // clusterlab started meanwhile runs the old bundle whole, never half of a new one.
  fs.mkdirSync(path.join(root, "dist"), { recursive: true });
  const staging = fs.mkdtempSync(path.join(root, "dist", ".cli-"));
  const result = await build({
    entryPoints: { clusterlab: path.join(root, "cli", "index.ts") },
    outdir: staging,
    // Dynamic import()s in the sources (the local progress database, the submission path) become chunks
    // loaded only by the commands that reach them: Prisma and its drivers cost ~0.4 s of CPU to load.
    splitting: true,
    // Chunks sit beside the entry: the import.meta rewrite below makes paths relative to that one folder.
    chunkNames: "[name]-[hash]",
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    // Pure-JS packages are inlined (one file to parse instead of hundreds to resolve); native addons, Prisma's
    // runtime and the heavy optional stacks stay external, loaded from node_modules when a command needs them.
    external: EXTERNAL_PACKAGES,
    alias: { "@": root },
    tsconfig: path.join(root, "tsconfig.json"),
    banner: {
      js: [
        // Inlined CommonJS packages call require() for Node built-ins; give the ESM bundle a real one.
        'import { createRequire as __clusterlabCreateRequire } from "node:module"; const require = __clusterlabCreateRequire(import.meta.url);',
        'import { fileURLToPath as __clusterlabFileURLToPath } from "node:url";',
        'import { dirname as __clusterlabPathDirname } from "node:path";',
        "const __clusterlabDirname = (url) => __clusterlabPathDirname(__clusterlabFileURLToPath(url));",
      ].join(" "),
    },
    plugins: [sourceLocationPlugin],
    metafile: true,
    legalComments: "none",
    logLevel: "warning",
  });
  // Inlined packages are inputs too (an npm install changes them); package-lock.json stands for them all.
  const files = [...Object.keys(result.metafile.inputs).filter((f) => !f.includes("node_modules/")), ...BUILD_FILES];
  const inputs = [...new Set(files)].map((file) => {
    const stat = fs.statSync(path.join(root, file));
    return { file, size: stat.size, mtimeMs: stat.mtimeMs };
  });
  fs.writeFileSync(
    path.join(staging, path.basename(CLI_INPUTS)),
    JSON.stringify({ bundle: path.relative(root, CLI_BUNDLE), inputs }),
  );
  // Old chunks would pile up (their names carry a hash): the whole folder is replaced.
  fs.rmSync(path.dirname(CLI_BUNDLE), { recursive: true, force: true });
  try {
    fs.renameSync(staging, path.dirname(CLI_BUNDLE));
  } catch (error) {
    // Another clusterlab rebuilt at the same moment and swapped its (equally fresh) bundle in first: use that one.
    fs.rmSync(staging, { recursive: true, force: true });
    if (!["ENOTEMPTY", "EEXIST"].includes(error?.code)) throw error;
  }
  return CLI_BUNDLE;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildCli();
  console.log(`built ${path.relative(process.cwd(), out)}`);
}
