/**
 * Runs training nodes as real local processes (the bundled dist file, exactly what the image runs)
 * on 127.x.y.z addresses, for the cluster tests and the membership benchmark. Every spawned process
 * is recorded and `stopAll()` kills it by PID; every wait is bounded.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { makeCarbonConfig, type CarbonConfigOverrides } from "@/lib/carbon-node/config-factory";
import type { CarbonConfig } from "@/lib/wso2-config/model";
// The graders' parser of GET /carbon/cluster: the tests read a node's view exactly as the labs do.
import { clusterViewSchema, memberNames, type ClusterView } from "@/lib/grading/probes/cluster-view";

const repoRoot = path.resolve(import.meta.dirname, "..", "..");
let bundlePath: string | null = null;
/** Created on first use, so a file whose tests all skip leaves nothing behind. */
const workDir = path.join(os.tmpdir(), `clusterlab-carbon-node-${process.pid}-${Date.now().toString(36)}`);
// The bundle, node configs and Carbon homes made by tests live here; test files call removeScratch()
// in afterAll (vitest workers do not always run "exit" handlers), scripts rely on the exit handler.
export function removeScratch(): void {
  fs.rmSync(workDir, { recursive: true, force: true });
  bundlePath = null;
}
process.on("exit", removeScratch);

/** A scratch folder inside this run's work dir (removed at exit), e.g. for a Carbon home. */
export function scratchDir(prefix: string): string {
  fs.mkdirSync(workDir, { recursive: true });
  return fs.mkdtempSync(path.join(workDir, prefix));
}

/** Bundle once per test file with the real build script. */
export function bundle(): string {
  if (!bundlePath) {
    fs.mkdirSync(workDir, { recursive: true });
    const out = path.join(workDir, "carbon-node.mjs");
    execFileSync(process.execPath, [path.join(repoRoot, "scripts", "build-carbon-node.mjs"), "--outfile", out], {
      stdio: "pipe",
    });
    bundlePath = out;
  }
  return bundlePath;
}

/**
 * Short timings so behaviour shows up in seconds: heartbeat 1 s, max-no-heartbeat 4 s (a little
 * margin over 3 missed beats, for a 2-core machine shared by several test runs).
 */
export const FAST_HAZELCAST: Record<string, string> = {
  "hazelcast.heartbeat.interval.seconds": "1",
  "hazelcast.max.no.heartbeat.seconds": "4",
  "hazelcast.max.wait.seconds.before.join": "2",
  "hazelcast.merge.first.run.delay.seconds": "1",
  "hazelcast.merge.next.run.delay.seconds": "1",
};

/** A fresh 127.a.b.0/24 per call so tests (and other engineers' processes) never share addresses. */
let subnetCounter = 0;
export function freshSubnet(): (n: number) => string {
  subnetCounter += 1;
  const a = 100 + (process.pid % 100);
  const b = (Math.floor(process.pid / 100) * 7 + subnetCounter) % 250;
  return (n) => `127.${a}.${b}.${n}`;
}

export function randomPort(): number {
  return 20_000 + Math.floor(Math.random() * 30_000);
}

export type NodeProcess = {
  name: string;
  host: string;
  httpPort: number;
  memberPort: number;
  proc: ChildProcess;
  lines: string[];
  stderr: string[];
  exited: Promise<number | null>;
  url(p: string): string;
  cluster(): Promise<ClusterView | null>;
  hasLog(pattern: RegExp): boolean;
  signal(sig: NodeJS.Signals): void;
};

const running = new Set<NodeProcess>();

export type StartNodeOptions = {
  name: string;
  host: string;
  httpPort: number;
  config?: CarbonConfigOverrides;
  /** A complete config instead of overrides. */
  fullConfig?: CarbonConfig;
  extraArgs?: string[];
  carbonHome?: string;
};

export function nodeConfig(opts: {
  host: string;
  memberPort: number;
  httpPort: number;
  wka: string[];
  overrides?: CarbonConfigOverrides;
}): CarbonConfig {
  const o = opts.overrides ?? {};
  return makeCarbonConfig({
    ...o,
    clustering: {
      localMemberHost: opts.host,
      localMemberPort: opts.memberPort,
      members: opts.wka.map((h) => ({ host: h, port: opts.memberPort })),
      ...o.clustering,
    },
    hazelcast: { ...FAST_HAZELCAST, ...o.hazelcast },
    ports: { http: opts.httpPort, ...o.ports },
  });
}

export function startNode(opts: StartNodeOptions): NodeProcess {
  const config = opts.fullConfig ?? makeCarbonConfig(opts.config);
  fs.mkdirSync(workDir, { recursive: true });
  const configFile = path.join(workDir, `${opts.name}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(configFile, JSON.stringify(config));
  const args = [
    bundle(),
    "--name",
    opts.name,
    "--bind",
    opts.host,
    ...(opts.carbonHome ? ["--carbon-home", opts.carbonHome] : ["--config-json", configFile]),
    ...(opts.extraArgs ?? []),
  ];
  const proc = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const stderr: string[] = [];
  proc.stdout?.setEncoding("utf8").on("data", (d: string) => lines.push(...d.split("\n").filter(Boolean)));
  proc.stderr?.setEncoding("utf8").on("data", (d: string) => stderr.push(...d.split("\n").filter(Boolean)));
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  const node: NodeProcess = {
    name: opts.name,
    host: opts.host,
    httpPort: opts.httpPort,
    memberPort: config.clustering.localMemberPort,
    proc,
    lines,
    stderr,
    exited,
    url: (p) => `http://${opts.host}:${opts.httpPort}${p}`,
    async cluster() {
      try {
        const res = await fetch(node.url("/carbon/cluster"), { signal: AbortSignal.timeout(2000) });
        return clusterViewSchema.parse(await res.json());
      } catch {
        return null;
      }
    },
    hasLog: (pattern) => lines.some((l) => pattern.test(l)),
    signal(sig) {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(sig);
    },
  };
  running.add(node);
  void exited.then(() => running.delete(node));
  return node;
}

/** Kill every node this process started (by its recorded PID) and wait for the exits. */
export async function stopAll(): Promise<void> {
  const nodes = [...running];
  for (const n of nodes) n.signal("SIGKILL");
  await Promise.all(nodes.map((n) => Promise.race([n.exited, sleep(5000)])));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Poll `check` until it returns a value other than undefined/false, or fail after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (error) {
      last = error;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ""}`);
}

/** Resolves when every node reports exactly `names` as members. */
export async function waitForMembers(
  nodes: NodeProcess[],
  names: string[],
  timeoutMs = 30_000,
): Promise<ClusterView[]> {
  const want = [...names].sort().join(",");
  return waitFor(
    `members [${want}] on ${nodes.map((n) => n.name).join(", ")}`,
    async () => {
      const views = await Promise.all(nodes.map((n) => n.cluster()));
      const agreeing = views.filter(
        (v): v is ClusterView => v !== null && v.joined && memberNames(v).join(",") === want,
      );
      return agreeing.length === nodes.length ? agreeing : undefined;
    },
    timeoutMs,
  );
}

export async function httpJson(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: res.status, body, headers: res.headers };
}
