// The submissions fast path (ADR 0035): app/api/_shared/submission-fast-path.ts bundled for plain Node into
// .next/clusterlab/, so ClusterLab's own server (scripts/server.mjs) answers POST /api/submissions without Next's
// per-request machinery. Built right after `next build` (npm run build, npm start): `next build` empties .next, so a
// bundle never outlives the build it was made with, and the stamp (Next's BUILD_ID) proves which build that was.
// Usage: node scripts/submission-fast-path.mjs   (after `next build`, in the same tree)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { nodeBundleOptions } from "./build-cli.mjs";

const ENTRY = path.join("app", "api", "_shared", "submission-fast-path.ts");
const OUT_DIR = path.join(".next", "clusterlab");
const BUNDLE = "submission-fast-path.mjs";
const STAMP = "submission-fast-path.json";

function nextBuildId(root) {
  try {
    return fs.readFileSync(path.join(root, ".next", "BUILD_ID"), "utf8").trim();
  } catch {
    return undefined;
  }
}

/** Bundle the fast path beside the current Next build of `root`; returns the bundle's path. */
export async function buildFastPath(root) {
  const buildId = nextBuildId(root);
  if (!buildId) throw new Error(`no Next.js build in ${root} (.next/BUILD_ID is missing): run \`next build\` first.`);
  const { build } = await import("esbuild");
  const outDir = path.join(root, OUT_DIR);
  fs.mkdirSync(outDir, { recursive: true });
  const options = nodeBundleOptions(root, outDir);
  await build({
    ...options,
    entryPoints: { [BUNDLE.replace(/\.mjs$/, "")]: path.join(root, ENTRY) },
    // server-only throws outside Next's react-server layer; this bundle IS server code (vitest does the same, ADR 0018).
    alias: { ...options.alias, "server-only": path.join(root, "node_modules", "server-only", "empty.js") },
  });
  fs.writeFileSync(path.join(outDir, STAMP), `${JSON.stringify({ buildId, entry: ENTRY })}\n`);
  return path.join(outDir, BUNDLE);
}

/**
 * The fast path's request hook for the build in `root`, or `{ answer: null, reason }` saying why the server keeps
 * sending these requests through Next (same answers, more CPU per request).
 */
export async function loadFastPath(root) {
  const outDir = path.join(root, OUT_DIR);
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(path.join(outDir, STAMP), "utf8"));
  } catch {
    return {
      answer: null,
      reason: `it is not built (${path.join(OUT_DIR, BUNDLE)} is missing; \`npm run build\` or \`npm start\` builds it)`,
    };
  }
  const buildId = nextBuildId(root);
  if (!buildId || stamp?.buildId !== buildId) {
    return { answer: null, reason: `it was built for another Next.js build (run \`npm run build\` again)` };
  }
  let module;
  try {
    module = await import(pathToFileURL(path.join(outDir, BUNDLE)).href);
  } catch (error) {
    // A server that cannot load its fast path still serves everything through Next: refuse the bundle, not the start.
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return {
      answer: null,
      reason: `${path.join(OUT_DIR, BUNDLE)} failed to load (${message}; run \`npm run build\` again)`,
    };
  }
  if (typeof module.answerSubmission !== "function") {
    return { answer: null, reason: `${path.join(OUT_DIR, BUNDLE)} exports no answerSubmission (rebuild it)` };
  }
  return { answer: module.answerSubmission, reason: "" };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.cwd();
  const started = Date.now();
  try {
    const out = await buildFastPath(root);
    console.log(`built ${path.relative(root, out)} (submissions fast path, ${Date.now() - started} ms)`);
  } catch (error) {
    console.error(`\n✗ The submissions fast path was not built: ${error instanceof Error ? error.message : error}\n`);
    process.exit(1);
  }
}
