#!/usr/bin/env node
// `npm start`: make the database current, build the site, serve it on http://127.0.0.1:3000 with ClusterLab's own
// server (scripts/server.mjs). Each step says what it is doing; a failing step stops with its exit code.
// A non-loopback HOST in local mode is refused before anything runs (docs/decisions/0024-console-trust-peer-address-and-cookie.md).
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { serverSettings } from "./server-core.mjs";

process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.CHECKPOINT_DISABLE = "1";
const settings = serverSettings(process.env);
if (!settings.ok) {
  console.error(`\n✗ ${settings.message}\n`);
  process.exit(2);
}
const bin = (name) => path.join(process.cwd(), "node_modules", ".bin", name);

function step(title, cmd, args) {
  console.log(`\n> ${title}`);
  const result = spawnSync(cmd, args, { stdio: "inherit", env: process.env });
  if (result.status !== 0) {
    console.error(`\n✗ ${title} failed (exit ${result.status ?? result.signal}). See the output above.`);
    process.exit(result.status ?? 1);
  }
}

fs.mkdirSync(".data", { recursive: true });
step("Generating the Prisma client", bin("prisma"), ["generate"]);
step("Applying database migrations", bin("prisma"), ["migrate", "deploy"]);
step("Building the site (next build)", bin("next"), ["build"]);
if (settings.mode === "classroom" && settings.submissionFastPath) {
  step("Bundling the submissions fast path (ADR 0035)", process.execPath, [
    path.join(import.meta.dirname, "submission-fast-path.mjs"),
  ]);
}
console.log(`\n> Starting ClusterLab on ${settings.host}:${settings.port}`);
const server = spawn(process.execPath, [path.join(import.meta.dirname, "server.mjs")], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
