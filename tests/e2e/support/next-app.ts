/**
 * Build and serve the real app for browser suites and benchmarks: `next build` in the repo, a migrated temporary
 * SQLite database, and ClusterLab's own server (scripts/server.mjs, what `npm start` runs) on a free 127.0.0.1 port. Every wait has a deadline; the server is stopped by the
 * PID recorded here (its whole process group), never by name.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describeRun, repoRoot, runPrisma } from "@/tests/helpers/prisma-cli";

function nextBin(root: string): string {
  return path.join(root, "node_modules", "next", "dist", "bin", "next");
}

/** Top-level entries never copied into an isolated tree (build output, local state, VCS). */
const NOT_COPIED = new Set([".git", ".next", "node_modules", ".data", "workspaces", "test-results", "dist"]);

export type AppTree = { root: string; remove: () => void };

/**
 * A private copy of the working tree (node_modules hard-linked, ~5 s) so that our `next build`/`next start` never share
 * `.next/` with another build running in the repository at the same time (a concurrent build deletes it under a running
 * server). Removed by `remove()`.
 */
export function isolatedAppTree(prefix = "clusterlab-app-"): AppTree {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const entry of fs.readdirSync(repoRoot)) {
    if (NOT_COPIED.has(entry)) continue;
    fs.cpSync(path.join(repoRoot, entry), path.join(root, entry), { recursive: true, verbatimSymlinks: true });
  }
  const link = spawnSync("cp", ["-al", path.join(repoRoot, "node_modules"), path.join(root, "node_modules")], {
    encoding: "utf8",
  });
  if (link.status !== 0) throw new Error(`could not link node_modules into ${root}: ${link.stderr}`);
  return { root, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** Environment for build and server: no telemetry, no Prisma phone-home. */
function appEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1", ...extra };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(
          `${path.basename(args[0] ?? cmd)} ${args.slice(1).join(" ")} did not finish within ${timeoutMs} ms\n${output.slice(-4000)}`,
        ),
      );
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${args.slice(1).join(" ")} exited ${code}\n${output.slice(-6000)}`));
    });
  });
}

/** `npm run build` in `root`: `next build` (writes root/.next), then the submissions fast path. Generous deadline: on a loaded 2-core machine it took ~6 min. */
export async function buildApp(root: string, timeoutMs = 900_000): Promise<void> {
  await run(process.execPath, [nextBin(root), "build"], root, appEnv({ NODE_ENV: "production" }), timeoutMs);
  // What `npm run build` does next: the submissions fast path the server uses in classroom mode (ADR 0035).
  await run(process.execPath, [path.join(root, "scripts", "submission-fast-path.mjs")], root, appEnv({}), 120_000);
}

export type TempDatabase = { url: string; dir: string; remove: () => void };

/** A fresh SQLite file with every committed migration applied (`prisma migrate deploy`). */
export async function migratedTempDatabase(prefix = "clusterlab-e2e-"): Promise<TempDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const url = `file:${path.join(dir, "app.db")}`;
  const args = ["migrate", "deploy"];
  const result = await runPrisma(args, url);
  if (result.code !== 0) throw new Error(describeRun(args, result));
  return { url, dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** `consoleUrl()`: the newest one-time lab-console link the server printed (local mode). */
export type RunningApp = {
  baseUrl: string;
  pid: number;
  logs: () => string;
  consoleUrl: () => string;
  stop: () => Promise<void>;
};

/** scripts/server.mjs on the build in `root`, on a free 127.0.0.1 port; resolves once GET / answers 200 (deadline `readyMs`). */
export async function startApp(
  root: string,
  databaseUrl: string,
  readyMs = 60_000,
  extraEnv: Record<string, string> = {},
): Promise<RunningApp> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [path.join(root, "scripts", "server.mjs")], {
    cwd: root,
    env: appEnv({
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      ...extraEnv,
    }),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // own process group, so stop() can end the server and anything it spawned
  });
  let output = "";
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  if (child.pid === undefined) throw new Error("scripts/server.mjs did not start");
  const pid: number = child.pid;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;

  async function stop(): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      return; // already gone
    }
    const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 5_000));
    if ((await Promise.race([exited.then(() => "exited" as const), timeout])) === "timeout") {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // exited meanwhile
      }
    }
  }

  function consoleUrl(): string {
    const link = [...output.matchAll(/http:\/\/\S+\/console\/open\?key=[A-Za-z0-9_-]{43}/g)].at(-1)?.[0];
    if (!link) throw new Error(`the server printed no console link (classroom mode?):\n${output.slice(-2000)}`);
    return link;
  }

  const deadline = Date.now() + readyMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`scripts/server.mjs exited with ${child.exitCode}:\n${output.slice(-4000)}`);
    try {
      const res = await fetch(`${baseUrl}/`, { signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) return { baseUrl, pid, logs: () => output, consoleUrl, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`scripts/server.mjs did not answer 200 on / within ${readyMs} ms:\n${output.slice(-4000)}`);
}

export type ServedApp = { app: RunningApp; databaseUrl: string; close: () => Promise<void> };

/**
 * What a browser suite starts with: a migrated temp database, a private app tree, `next build` there and
 * scripts/server.mjs on it. `close()` stops the server and removes both; a failure half-way removes what was made.
 */
export async function serveIsolatedApp(
  prefixes: { database?: string; tree?: string } = {},
  env: Record<string, string> = {},
): Promise<ServedApp> {
  const db = await migratedTempDatabase(prefixes.database);
  let tree: AppTree | undefined;
  try {
    tree = isolatedAppTree(prefixes.tree);
    await buildApp(tree.root);
    const app = await startApp(tree.root, db.url, undefined, env);
    const built = tree;
    return {
      app,
      databaseUrl: db.url,
      async close() {
        await app.stop();
        db.remove();
        built.remove();
      },
    };
  } catch (error) {
    db.remove();
    tree?.remove();
    throw error;
  }
}
