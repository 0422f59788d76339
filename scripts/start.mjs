#!/usr/bin/env node
// `npm start`: make the database current, build the site, serve it on http://localhost:3000.
// Each step says what it is doing; a failing step stops with its exit code.
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.CHECKPOINT_DISABLE = "1";
const port = process.env.PORT ?? "3000";
const host = process.env.HOST ?? "127.0.0.1";
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
console.log(`\n✓ ClusterLab is starting on http://localhost:${port} (Ctrl+C to stop)\n`);
const server = spawn(bin("next"), ["start", "-H", host, "-p", port], { stdio: "inherit", env: process.env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
