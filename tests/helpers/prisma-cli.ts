/**
 * Run the real Prisma CLI (node_modules/prisma) from the repository root, as `npx prisma ...` would, with
 * DATABASE_URL chosen by the test. prisma.config.ts then selects the schema, the migrations and the wasm
 * schema-engine stand-in. Bounded by a timeout; returns exit code and output instead of throwing.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runProcess, type CliResult } from "./run-process";

export type { CliResult } from "./run-process";

export const repoRoot = path.resolve(import.meta.dirname, "..", "..");
const prismaCli = path.join(repoRoot, "node_modules", "prisma", "build", "index.js");

export function runPrisma(args: string[], databaseUrl: string, timeoutMs = 90_000): Promise<CliResult> {
  return runProcess(process.execPath, [prismaCli, ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1", NO_COLOR: "1" },
    timeoutMs,
    describe: `prisma ${args.join(" ")}`,
  });
}

/** A readable failure message: the command and everything it printed. */
export function describeRun(args: string[], result: CliResult): string {
  return `prisma ${args.join(" ")} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

/**
 * A migrated SQLite database in a fresh temp folder (the suites that run server actions, the admin CLI or the
 * progress store against the real schema). `remove()` deletes the folder; close any client on it first.
 */
export async function migratedSqlite(prefix: string): Promise<{ url: string; dir: string; remove: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `clusterlab-${prefix}-`));
  const url = `file:${path.join(dir, "app.db")}`;
  const result = await runPrisma(["migrate", "deploy"], url);
  if (result.code !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(describeRun(["migrate", "deploy"], result));
  }
  return { url, dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
