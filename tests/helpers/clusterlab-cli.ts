/**
 * Run the real `clusterlab` CLI (cli/index.ts through tsx) from the repository root, as a learner runs it,
 * with extra environment variables chosen by the test. Bounded by a timeout (the child is killed and the
 * promise rejects with its output); returns exit code and output instead of throwing.
 */
import path from "node:path";
import { repoRoot } from "./prisma-cli";
import { runProcess, type CliResult } from "./run-process";

export type { CliResult } from "./run-process";

export type ClusterlabCliOptions = {
  /** Added to (and overriding) this process's environment. */
  env?: Record<string, string>;
  /** Each run starts tsx: a few seconds on a busy 2-core machine, more when it grades a lab. */
  timeoutMs?: number;
};

const cliEntry = path.join(repoRoot, "cli", "index.ts");

export function runClusterlab(args: ReadonlyArray<string>, options: ClusterlabCliOptions = {}): Promise<CliResult> {
  return runProcess(process.execPath, ["--import", "tsx", cliEntry, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...options.env },
    timeoutMs: options.timeoutMs ?? 60_000,
    describe: `clusterlab ${args.join(" ")}`,
  });
}
