/**
 * Run the real Prisma CLI (node_modules/prisma) from the repository root, as `npx prisma ...` would, with
 * DATABASE_URL chosen by the test. prisma.config.ts then selects the schema, the migrations and the wasm
 * schema-engine stand-in. Bounded by a timeout; returns exit code and output instead of throwing.
 */
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
