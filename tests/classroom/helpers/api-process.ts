/**
 * Start lib/progress/http/serve.ts as a child process (tsx) on a given database and wait for its
 * "listening on" line. The handle kills exactly that process (by its pid), with the signal asked for.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DatabaseProvider } from "@/lib/db-url";
import { repoRoot } from "@/tests/helpers/prisma-cli";
import { ensureClientModule } from "./prisma-clients";
import { demoLab } from "./world";

export type ApiProcess = {
  url: string;
  child: ChildProcess;
  output: () => string;
  kill: (signal: NodeJS.Signals) => Promise<void>;
};

/**
 * `node --import tsx` (not the tsx CLI): the CLI runs the script in a CHILD process, so SIGKILL to the CLI
 * would orphan the real server instead of killing it.
 */
export function serverCommand(args: ReadonlyArray<string>): { command: string; args: Array<string> } {
  return {
    command: process.execPath,
    args: ["--import", "tsx", path.join(repoRoot, "lib/progress/http/serve.ts"), ...args],
  };
}

export function writeDemoLabsJson(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-labs-")), "labs.json");
  fs.writeFileSync(file, JSON.stringify([demoLab]));
  return file;
}

export async function startApiProcess(input: {
  provider: DatabaseProvider;
  databaseUrl: string;
  labsJson: string;
  port?: number;
  startTimeoutMs?: number;
  extraArgs?: ReadonlyArray<string>;
}): Promise<ApiProcess> {
  const clientModule = await ensureClientModule(input.provider, input.databaseUrl);
  const command = serverCommand([
    "--database-url",
    input.databaseUrl,
    "--client-module",
    clientModule,
    "--labs-json",
    input.labsJson,
    "--port",
    String(input.port ?? 0),
    ...(input.extraArgs ?? []),
  ]);
  const child = spawn(command.command, command.args, {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  const { url, output } = await waitForListening(child, input.startTimeoutMs ?? 60_000, "the API server");
  return {
    url,
    child,
    output,
    kill: (signal) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill(signal);
      }),
  };
}

/**
 * Collect a serve.ts child's output and resolve with the URL of its "listening on http://..." line; reject
 * when it exits first or `timeoutMs` passes (the message carries everything it printed).
 */
export function waitForListening(
  child: ChildProcess,
  timeoutMs: number,
  what: string,
): Promise<{ url: string; output: () => string }> {
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${what} did not start within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1], output: () => output });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code} before listening:\n${output}`));
    });
  });
}
