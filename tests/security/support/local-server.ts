/**
 * The attack suite's target: the real built app served by ClusterLab's own server (scripts/server.mjs, what `npm start`
 * runs after its build) in local mode on a free 127.0.0.1 port. The build is made once in a private copy of the tree
 * and reused while the sources are unchanged (a fingerprint of every copied file's path, size and mtime names the
 * copy; tests, docs and Markdown do not count), so the local-*.test.ts files and repeated runs share one `next build`. Every wait has a deadline; the server
 * is stopped by the PID recorded here (its process group), never by name.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  buildApp,
  freePort,
  isolatedAppTree,
  migratedTempDatabase,
  type TempDatabase,
} from "@/tests/e2e/support/next-app";
import { repoRoot } from "@/tests/helpers/prisma-cli";

const PREFIX = "clusterlab-security-local-";
const SKIPPED = new Set([".git", ".next", "node_modules", ".data", "workspaces", "test-results", "dist"]);
/** Not part of the build: editing them (or these tests) does not need a new `next build`. */
const NOT_BUILT = new Set(["tests", "docs"]);
const notBuiltFile = (name: string) =>
  name.endsWith(".md") || name.endsWith(".tsbuildinfo") || /\.test\.tsx?$/.test(name);

/** path + size + mtime of every file the isolated copy would take: a changed source means a new build. */
function sourceFingerprint(): string {
  const hash = createHash("sha256");
  const walk = (dir: string, rel: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (rel === "" && (SKIPPED.has(entry.name) || NOT_BUILT.has(entry.name))) continue;
      // Hidden folders (.ci, generated/.classroom-clients that the classroom suites regenerate) are not built.
      if (entry.isDirectory() && entry.name.startsWith(".")) continue;
      if (notBuiltFile(entry.name)) continue;
      const abs = path.join(dir, entry.name);
      const r = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) walk(abs, r);
      else if (entry.isFile()) {
        const s = fs.statSync(abs);
        hash.update(`${r}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  };
  walk(repoRoot, "");
  return hash.digest("hex").slice(0, 16);
}

/** A built tree for the current sources: reused when its .next/BUILD_ID exists, else copied and built (~3-6 min). */
export async function builtTree(): Promise<string> {
  const target = path.join(os.tmpdir(), `${PREFIX}${sourceFingerprint()}`);
  if (fs.existsSync(path.join(target, ".next", "BUILD_ID"))) return target;
  // Older builds of this suite are stale now; a half-built copy of this fingerprint is redone.
  for (const entry of fs.readdirSync(os.tmpdir())) {
    if (entry.startsWith(PREFIX)) fs.rmSync(path.join(os.tmpdir(), entry), { recursive: true, force: true });
  }
  const tree = isolatedAppTree(`${PREFIX}tmp-`);
  try {
    await buildApp(tree.root);
    fs.renameSync(tree.root, target);
  } catch (error) {
    tree.remove();
    throw error;
  }
  return target;
}

export type LocalServer = {
  baseUrl: string;
  port: number;
  root: string;
  workspaces: string;
  /** The newest one-time console link the server printed. */
  openUrl: () => string;
  logs: () => string;
  /** Exchange the newest link for the console cookie ("name=value"), as a browser would. */
  signIn: () => Promise<string>;
  stop: () => Promise<void>;
};

const OPEN_URL = /(http:\/\/[^\s]+\/console\/open\?key=[A-Za-z0-9_-]{43})/g;

/** Start `node scripts/server.mjs` in `root` (local mode) with a migrated temp database and a temp workspaces folder. */
export async function startLocalServer(
  root: string,
  extraEnv: Record<string, string> = {},
  readyMs = 90_000,
): Promise<LocalServer> {
  const port = await freePort();
  const db: TempDatabase = await migratedTempDatabase(`${PREFIX}db-`);
  const workspaces = fs.mkdtempSync(path.join(os.tmpdir(), `${PREFIX}ws-`));
  const child: ChildProcess = spawn(process.execPath, [path.join(root, "scripts", "server.mjs")], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      CHECKPOINT_DISABLE: "1",
      CLUSTERLAB_MODE: "local",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_URL: db.url,
      CLUSTERLAB_WORKSPACES_DIR: workspaces,
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  const pid = child.pid;
  if (pid === undefined) throw new Error("scripts/server.mjs did not start");
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;

  async function stop(): Promise<void> {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-(pid as number), "SIGTERM");
        const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 5_000));
        if ((await Promise.race([exited.then(() => "exited" as const), timeout])) === "timeout")
          process.kill(-(pid as number), "SIGKILL");
      } catch {
        // already gone
      }
    }
    db.remove();
    fs.rmSync(workspaces, { recursive: true, force: true });
  }

  const openUrl = () => {
    const all = [...output.matchAll(OPEN_URL)].map((m) => m[1] ?? "");
    const last = all.at(-1);
    if (!last) throw new Error(`the server printed no console link:\n${output.slice(-3000)}`);
    return last;
  };

  async function signIn(): Promise<string> {
    const res = await fetch(openUrl(), { redirect: "manual" });
    const cookie = res.headers.get("set-cookie");
    if (res.status !== 303 || !cookie) throw new Error(`console sign-in answered ${res.status}: ${await res.text()}`);
    return cookie.split(";")[0] ?? "";
  }

  const deadline = Date.now() + readyMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`scripts/server.mjs exited with ${child.exitCode}:\n${output.slice(-4000)}`);
    }
    if (/console\/open\?key=/.test(output)) {
      try {
        const res = await fetch(`${baseUrl}/`, { signal: AbortSignal.timeout(10_000) });
        if (res.status === 200) return { baseUrl, port, root, workspaces, openUrl, logs: () => output, signIn, stop };
      } catch {
        // not answering yet
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`scripts/server.mjs did not answer 200 on / within ${readyMs} ms:\n${output.slice(-4000)}`);
}

/** Run a short-lived command in `root` and collect its exit code and output (bounded by `timeoutMs`). */
export function runBriefly(
  cmd: string,
  args: Array<string>,
  root: string,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<{ code: number | null; output: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(cmd, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output, ms: Date.now() - started });
    });
  });
}
