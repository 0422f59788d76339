// `npm run bench:cli-start`: how fast `clusterlab lab list` starts through the bundle (bin/clusterlab.mjs)
// against the TypeScript sources through tsx (what `npm run clusterlab` ran before the bundle), in the same run.
// Runs alternate (bundle, tsx, bundle, ...) so machine load hits both alike. Reports the median wall time and,
// where /usr/bin/time exists, the median CPU time (user+sys), which a busy machine disturbs less.
// The last line is JSON: { bundleMs, tsxMs, ratio, ... } with ratio = bundle / tsx (lower is better; target wall <= 300 ms).
// Usage: node scripts/bench-cli-start.mjs [--runs N]   (N: 1-50, default 10)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const i = process.argv.indexOf("--runs");
const runs = Math.min(50, Math.max(1, i > 0 ? Number(process.argv[i + 1]) || 10 : 10));
const TIME = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

const variants = {
  bundle: [process.execPath, path.join(root, "bin", "clusterlab.mjs"), "lab", "list"],
  tsx: [process.execPath, "--import", "tsx", path.join(root, "cli", "index.ts"), "lab", "list"],
};

/** One run: wall ms and (with /usr/bin/time) CPU ms of the child. */
function runOnce(argv) {
  const [command, args] = TIME ? [TIME, ["-f", "CLUSTERLAB_CPU %U %S", ...argv]] : [argv[0], argv.slice(1)];
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: root, encoding: "utf8", timeout: 60_000 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${argv.join(" ")} failed (exit ${result.status}): ${result.stderr}`);
  const cpu = /CLUSTERLAB_CPU ([\d.]+) ([\d.]+)/.exec(result.stderr ?? "");
  return { wallMs, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : undefined };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

// One untimed run each: builds the bundle if it is stale, warms the file cache for both.
for (const argv of Object.values(variants)) runOnce(argv);
const samples = { bundle: [], tsx: [] };
for (let n = 0; n < runs; n++) for (const [name, argv] of Object.entries(variants)) samples[name].push(runOnce(argv));

const summary = {};
for (const [name, list] of Object.entries(samples)) {
  const wall = median(list.map((s) => s.wallMs));
  const cpu = list.every((s) => s.cpuMs !== undefined) ? median(list.map((s) => s.cpuMs)) : undefined;
  summary[name] = { wall, cpu };
  console.log(
    `${name.padEnd(7)} wall median ${wall.toFixed(0)} ms${cpu === undefined ? "" : `, cpu median ${cpu.toFixed(0)} ms`} (${runs} runs)`,
  );
}
const result = {
  runs,
  bundleMs: Math.round(summary.bundle.wall),
  tsxMs: Math.round(summary.tsx.wall),
  ratio: Number((summary.bundle.wall / summary.tsx.wall).toFixed(3)),
  ...(summary.bundle.cpu !== undefined && summary.tsx.cpu !== undefined
    ? {
        bundleCpuMs: Math.round(summary.bundle.cpu),
        tsxCpuMs: Math.round(summary.tsx.cpu),
        cpuRatio: Number((summary.bundle.cpu / summary.tsx.cpu).toFixed(3)),
      }
    : {}),
  targetWallMs: 300,
  withinTarget: summary.bundle.wall <= 300,
};
console.log(JSON.stringify(result));
