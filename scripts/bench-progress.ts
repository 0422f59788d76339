/**
 * `npm run bench:progress`: lab-report submissions per second and p99 latency through the classroom API,
 *   1. SQLite, one API instance;
 *   2. PostgreSQL, two API instances behind nginx (127.0.0.1), the classroom deployment shape;
 *   3. PostgreSQL, two Next.js instances behind nginx: the deployment people run (`next build`, then
 *      scripts/server.mjs as `npm start` runs it), built in a copy of this tree (scripts/bench/next-deployment.ts);
 *      its production submission limits stay on (30 per learner per minute), so it seeds enough learners; measured
 *      as shipped (the submissions fast path, ADR 0035) and again with CLUSTERLAB_SUBMISSION_FAST_PATH=0 on the same
 *      build and database (`fastPathSpeedup` is the ratio);
 * each preceded by a BASELINE on the same stack: authenticated reads (GET /api/me with a token: one indexed
 * lookup, no write), so the figures are also reported as a ratio (submissions/s ÷ baseline reads/s).
 * After each run every acknowledged submission id is looked up in the database: `lost` must be 0.
 * Targets (issue #7): ≥ 500/s on SQLite, ≥ 2,000/s on PostgreSQL; (issue #18) ≥ 1,000/s on the Next deployment.
 * The last line of output is JSON; every phase reports the HTTP statuses it got.
 * PostgreSQL also reports the database backends' CPU per submission and per read (dbCpuMs*).
 * Options: --seconds N (per phase, default 8), --concurrency N (default 32), --skip-postgres, --skip-sqlite, --skip-next,
 *   --skip-side (no PostgreSQL side-server phase),
 *   --cpu-prof-dir DIR (run each API process under `node --cpu-prof`; profiles are written when they stop).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { hashPassword } from "@/lib/auth/password";
import type { DatabaseProvider } from "@/lib/db-url";
import { createAccount } from "@/lib/progress/accounts";
import { createApiToken } from "@/lib/progress/tokens";
import { serverCommand, waitForListening, writeDemoLabsJson } from "@/tests/classroom/helpers/api-process";
import { createMigratedDatabase } from "@/tests/classroom/helpers/classroom-db";
import { createClassroomClient, ensureClientModule } from "@/tests/classroom/helpers/prisma-clients";
import { makeReport } from "@/tests/classroom/helpers/world";
import { getLabRegistry } from "@/labs";
import { labCatalogFromRegistry } from "@/lib/progress/lab-catalog";
import { MAX_SUBMISSIONS_PER_WINDOW } from "@/lib/progress/http/handlers/submissions";
import type { LabReport } from "@/lib/grading";
import { buildNextDeployment, startNextInstance } from "./bench/next-deployment";
import { probePostgres } from "@/tests/helpers/postgres";
import { repoRoot } from "@/tests/helpers/prisma-cli";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "8" },
    concurrency: { type: "string", default: "32" },
    learners: { type: "string", default: "40" },
    "skip-postgres": { type: "boolean", default: false },
    "skip-sqlite": { type: "boolean", default: false },
    "skip-next": { type: "boolean", default: false },
    "skip-side": { type: "boolean", default: false },
    "cpu-prof-dir": { type: "string" },
  },
});
const SECONDS = Math.min(120, Math.max(1, Number(values.seconds)));
const CONCURRENCY = Math.min(256, Math.max(1, Number(values.concurrency)));
const LEARNERS = Math.min(500, Math.max(1, Number(values.learners)));

type Started = { url: string; stop: () => Promise<void>; pid?: number };
const children: Array<ChildProcess> = [];

function log(message: string): void {
  process.stderr.write(`[bench:progress] ${message}\n`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

function track(child: ChildProcess): ChildProcess {
  children.push(child);
  return child;
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

async function startApi(
  provider: DatabaseProvider,
  databaseUrl: string,
  labsJson: string,
  port: number,
): Promise<Started> {
  const clientModule = await ensureClientModule(provider, databaseUrl);
  const command = serverCommand([
    "--database-url",
    databaseUrl,
    "--client-module",
    clientModule,
    "--labs-json",
    labsJson,
    "--port",
    String(port),
    "--trust-proxy",
    "--no-submission-limits",
  ]);
  // node refuses --cpu-prof in NODE_OPTIONS, so it goes on the API process's own command line.
  if (values["cpu-prof-dir"])
    command.args.unshift("--cpu-prof", `--cpu-prof-dir=${path.resolve(values["cpu-prof-dir"])}`);
  const child = track(
    spawn(command.command, command.args, {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NODE_ENV: "production" },
    }),
  );
  const { url } = await waitForListening(child, 90_000, "API instance");
  return { url, stop: () => stopChild(child), pid: child.pid };
}

/**
 * CPU time (user + system, ms) the API processes have used so far, from /proc/<pid>/stat. On a shared,
 * oversubscribed machine wall-clock throughput mostly measures the neighbours; CPU per request does not.
 */
function cpuMs(pids: ReadonlyArray<number>): number {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  let total = 0;
  for (const pid of pids) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      total += (Number(fields[11]) + Number(fields[12])) * tick;
    } catch {
      // Not Linux, or the process is gone: report 0 rather than fail the benchmark.
    }
  }
  return total;
}

/**
 * PostgreSQL side (server CPU is part of the cost on a 2-core machine): the backends serving the bench database,
 * found in pg_stat_activity, and their CPU from /proc. Backends that exit during a phase are not counted (the
 * API pools keep theirs open under load); walwriter and other shared server processes are left out because
 * other databases on the same server would show up in them.
 */
type DbCpuProbe = { sample(): Promise<Map<number, number>>; close(): Promise<void> };

async function openDbCpuProbe(url: string): Promise<DbCpuProbe> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async sample() {
      const { rows } = await client.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
      );
      return new Map(rows.map((row) => [row.pid, cpuMs([row.pid])]));
    },
    close: () => client.end(),
  };
}

/** CPU the backends alive at `after` used since `before` (a backend started in between counts from zero). */
function dbCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

async function startNginx(upstreams: Array<string>): Promise<Started> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-bench-nginx-"));
  const port = await freePort();
  const servers = upstreams.map((u) => `    server ${new URL(u).host};`).join("\n");
  fs.writeFileSync(
    path.join(dir, "nginx.conf"),
    `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  client_max_body_size 512k;
  upstream api {
${servers}
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://api;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
    }
  }
}
`,
  );
  const child = track(
    spawn("/usr/sbin/nginx", ["-p", dir, "-c", path.join(dir, "nginx.conf")], { stdio: ["ignore", "ignore", "pipe"] }),
  );
  let stderr = "";
  child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i += 1) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${stderr}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (ok)
      return {
        url,
        stop: async () => {
          await stopChild(child);
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nginx did not listen on ${port} within 10 s: ${stderr}`);
}

type Phase = {
  requests: number;
  ok: number;
  failed: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  acknowledged: Array<string>;
  /** HTTP status (or "error") → count: a 429 here is the production submission limit, not a lost report. */
  statuses: Record<string, number>;
};

/** Closed-loop load: CONCURRENCY workers, each sending its next request as soon as the last one answered. */
async function runLoad(
  url: string,
  tokens: Array<string>,
  kind: "read" | "submit",
  labReport: LabReport,
): Promise<Phase> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const target = new URL(url);
  const latencies: Array<number> = [];
  const acknowledged: Array<string> = [];
  let failed = 0;
  const statuses: Record<string, number> = {};
  const end = Date.now() + SECONDS * 1000;
  const report = JSON.stringify(labReport);

  function once(token: string): Promise<void> {
    const submissionId = randomUUID();
    const body = kind === "submit" ? `{"submissionId":"${submissionId}","report":${report}}` : undefined;
    const started = performance.now();
    return new Promise((resolve) => {
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: kind === "submit" ? "POST" : "GET",
          path: kind === "submit" ? "/api/submissions" : "/api/me",
          headers: {
            authorization: `Bearer ${token}`,
            ...(body ? { "content-type": "application/json", "content-length": Buffer.byteLength(body) } : {}),
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => {
            latencies.push(performance.now() - started);
            statuses[String(res.statusCode)] = (statuses[String(res.statusCode)] ?? 0) + 1;
            const ok = kind === "submit" ? res.statusCode === 201 : res.statusCode === 200;
            if (ok && kind === "submit") acknowledged.push(submissionId);
            if (!ok) failed += 1;
            resolve();
          });
        },
      );
      req.on("error", () => {
        failed += 1;
        statuses.error = (statuses.error ?? 0) + 1;
        resolve();
      });
      req.setTimeout(30_000, () => req.destroy());
      req.end(body);
    });
  }

  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      let i = 0;
      while (Date.now() < end) {
        await once(tokens[(worker + i * CONCURRENCY) % tokens.length] ?? "");
        i += 1;
      }
    }),
  );
  const elapsed = (performance.now() - startedAt) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    Math.round((latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0) * 10) / 10;
  const ok = kind === "submit" ? acknowledged.length : latencies.length - failed;
  return {
    requests: latencies.length,
    ok,
    failed,
    perSecond: Math.round(ok / elapsed),
    p50Ms: pct(0.5),
    p99Ms: pct(0.99),
    acknowledged,
    statuses,
  };
}

async function seed(provider: DatabaseProvider, url: string, learners = LEARNERS): Promise<Array<string>> {
  const db = await createClassroomClient(provider, url);
  try {
    const passwordHash = await hashPassword("bench password, never used");
    const tokens: Array<string> = [];
    for (let i = 0; i < learners; i += 1) {
      const user = await createAccount(db, {
        email: `bench-${i}@example.test`,
        name: `Bench ${i}`,
        passwordHash,
        role: "learner",
      });
      tokens.push((await createApiToken(db, user.id, "bench")).token);
    }
    return tokens;
  } finally {
    await db.$disconnect();
  }
}

async function countStored(
  provider: DatabaseProvider,
  url: string,
  ids: Array<string>,
): Promise<{ stored: number; attempts: number; checks: number }> {
  const db = await createClassroomClient(provider, url);
  try {
    let stored = 0;
    // Prisma caps bound parameters per query on SQLite (999): count in chunks below that.
    const CHUNK = 500;
    for (let i = 0; i < ids.length; i += CHUNK) {
      stored += await db.labAttempt.count({ where: { submissionId: { in: ids.slice(i, i + CHUNK) } } });
    }
    return { stored, attempts: await db.labAttempt.count(), checks: await db.checkResult.count() };
  } finally {
    await db.$disconnect();
  }
}

type Result = {
  deployment: "side server" | "next";
  instances: number;
  learners: number;
  submissionStatuses: Record<string, number>;
  submissionsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  failed: number;
  acknowledged: number;
  stored: number;
  lost: number;
  baselineReadsPerSec: number;
  ratioToBaseline: number;
  /** API-process CPU per acknowledged submission / per baseline read (ms; excludes nginx and the database). */
  apiCpuMsPerSubmission: number;
  apiCpuMsPerRead: number;
  /** PostgreSQL backend CPU per acknowledged submission / per baseline read (ms; PostgreSQL only). */
  dbCpuMsPerSubmission?: number;
  dbCpuMsPerRead?: number;
  /**
   * Submissions one CPU core can serve at the measured API + database CPU per submission (nginx and the load generator
   * excluded): the figure that carries to another machine, where wall-clock throughput on a shared 2-core box does not.
   */
  submissionsPerCoreSecond?: number;
  target: number;
  meetsTarget: boolean;
};

/**
 * Learners to seed so the production limit (MAX_SUBMISSIONS_PER_WINDOW a minute each) is not what caps a Next
 * phase: twice the target rate for the phase's length (the fast path may well exceed the target), at most 1,000.
 */
function learnersForLimits(target: number): number {
  return Math.min(1000, Math.max(LEARNERS, Math.ceil((target * SECONDS * 2) / MAX_SUBMISSIONS_PER_WINDOW)));
}

type Deployment = Result["deployment"];

/**
 * One measurement on running API instances: nginx in front when there are several, a warm-up, the baseline
 * (authenticated reads), the submissions, then every acknowledged id looked up in the database.
 */
async function measure(
  provider: DatabaseProvider,
  databaseUrl: string,
  started: Array<Started>,
  tokens: Array<string>,
  labReport: LabReport,
  phase: { deployment: Deployment; instances: number; target: number; label: string },
): Promise<Result> {
  const { deployment, instances, target, label } = phase;
  const pids = started.flatMap((s) => (s.pid ? [s.pid] : []));
  let url = started[0]?.url ?? "";
  if (instances > 1) {
    const nginx = await startNginx(started.map((s) => s.url));
    started.push(nginx);
    url = nginx.url;
  }
  log(`${label}: ${instances} instance(s) at ${url}; warming up`);
  await runLoad(url, tokens, "read", labReport);
  log(`${label}: baseline (authenticated reads) for ${SECONDS} s at concurrency ${CONCURRENCY}`);
  const dbProbe = provider === "postgresql" ? await openDbCpuProbe(databaseUrl) : undefined;
  const db0 = await dbProbe?.sample();
  const cpu0 = cpuMs(pids);
  const baseline = await runLoad(url, tokens, "read", labReport);
  const cpu1 = cpuMs(pids);
  const db1 = await dbProbe?.sample();
  log(`${label}: submissions for ${SECONDS} s at concurrency ${CONCURRENCY}`);
  const load = await runLoad(url, tokens, "submit", labReport);
  const cpu2 = cpuMs(pids);
  const db2 = await dbProbe?.sample();
  await dbProbe?.close();
  const counted = await countStored(provider, databaseUrl, load.acknowledged);
  const result: Result = {
    deployment,
    instances,
    learners: tokens.length,
    submissionStatuses: load.statuses,
    submissionsPerSec: load.perSecond,
    p50Ms: load.p50Ms,
    p99Ms: load.p99Ms,
    failed: load.failed,
    acknowledged: load.acknowledged.length,
    stored: counted.stored,
    lost: load.acknowledged.length - counted.stored,
    baselineReadsPerSec: baseline.perSecond,
    ratioToBaseline: baseline.perSecond > 0 ? Math.round((load.perSecond / baseline.perSecond) * 1000) / 1000 : 0,
    apiCpuMsPerSubmission:
      load.acknowledged.length > 0 ? Math.round(((cpu2 - cpu1) / load.acknowledged.length) * 100) / 100 : 0,
    apiCpuMsPerRead: baseline.ok > 0 ? Math.round(((cpu1 - cpu0) / baseline.ok) * 100) / 100 : 0,
    ...(db0 && db1 && db2
      ? {
          dbCpuMsPerSubmission:
            load.acknowledged.length > 0
              ? Math.round((dbCpuBetween(db1, db2) / load.acknowledged.length) * 100) / 100
              : 0,
          dbCpuMsPerRead: baseline.ok > 0 ? Math.round((dbCpuBetween(db0, db1) / baseline.ok) * 100) / 100 : 0,
        }
      : {}),
    target,
    meetsTarget: load.perSecond >= target,
  };
  const perSubmissionCpu = result.apiCpuMsPerSubmission + (result.dbCpuMsPerSubmission ?? 0);
  if (perSubmissionCpu > 0) result.submissionsPerCoreSecond = Math.round(1000 / perSubmissionCpu);
  log(`${label}: ${JSON.stringify(result)}`);
  const perAttempt = labReport.checks.length;
  if (counted.checks !== counted.attempts * perAttempt)
    throw new Error(
      `${label}: ${counted.attempts} attempts but ${counted.checks} check rows (expected ${perAttempt} each)`,
    );
  return result;
}

async function stopAll(started: Array<Started>): Promise<void> {
  for (const s of started.splice(0).reverse()) await s.stop();
}

/** The report every phase submits: the wka lab's, as the real catalogue defines it (the Next app reads it itself). */
function wkaReport(): { labReport: LabReport; labsJson: string } {
  const wka = labCatalogFromRegistry(getLabRegistry()).find("wka");
  if (!wka) throw new Error("the lab catalogue has no wka lab to build reports for");
  const labsJson = writeDemoLabsJson();
  fs.writeFileSync(labsJson, JSON.stringify([wka]));
  return { labReport: makeReport(["pass", "fail"], new Date(), wka), labsJson };
}

/** Side-server phase: `instances` classroom API processes (lib/progress/http/serve.ts), nginx in front of two. */
async function benchSideServer(provider: DatabaseProvider, instances: number, target: number): Promise<Result> {
  const database = await createMigratedDatabase(provider, "bench");
  const { labReport, labsJson } = wkaReport();
  const started: Array<Started> = [];
  try {
    const tokens = await seed(provider, database.url, LEARNERS);
    for (let i = 0; i < instances; i += 1)
      started.push(await startApi(provider, database.url, labsJson, await freePort()));
    return await measure(provider, database.url, started, tokens, labReport, {
      deployment: "side server",
      instances,
      target,
      label: provider,
    });
  } finally {
    await stopAll(started);
    await database.drop();
    fs.rmSync(path.dirname(labsJson), { recursive: true, force: true });
  }
}

/**
 * Next-deployment phase on PostgreSQL: one build, measured twice on the same database with fresh learners each
 * time (the production limits stay on): as shipped (the submissions fast path, ADR 0035) and with
 * CLUSTERLAB_SUBMISSION_FAST_PATH=0 (every report through Next's route), so the fast path's gain is a ratio
 * measured in the same command.
 */
async function benchNext(instances: number, target: number): Promise<{ fastPath: Result; viaNext: Result }> {
  const provider: DatabaseProvider = "postgresql";
  const database = await createMigratedDatabase(provider, "bench");
  const { labReport, labsJson } = wkaReport();
  const started: Array<Started> = [];
  let nextBuild: ReturnType<typeof buildNextDeployment> | undefined;
  try {
    const learners = learnersForLimits(target);
    const tokens = await seed(provider, database.url, learners * 2);
    nextBuild = buildNextDeployment(repoRoot, database.url, log);
    const results: Partial<Record<"fastPath" | "viaNext", Result>> = {};
    for (const [variant, flag, own] of [
      ["fastPath", "1", tokens.slice(0, learners)],
      ["viaNext", "0", tokens.slice(learners)],
    ] as const) {
      for (let i = 0; i < instances; i += 1) {
        const profile = values["cpu-prof-dir"]
          ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(values["cpu-prof-dir"], variant)}`]
          : [];
        const instance = await startNextInstance(nextBuild, await freePort(), track, profile, {
          CLUSTERLAB_SUBMISSION_FAST_PATH: flag,
        });
        started.push({ url: instance.url, stop: () => stopChild(instance.child), pid: instance.child.pid });
        // The label must be true: the server says at start which path answers lab reports.
        const expected = flag === "1" ? "answered by the submissions fast path" : "Lab reports go through Next.js";
        for (let waited = 0; waited < 5_000 && !instance.logs().includes(expected); waited += 100)
          await new Promise((resolve) => setTimeout(resolve, 100));
        if (!instance.logs().includes(expected))
          throw new Error(`the Next instance did not report "${expected}":\n${instance.logs()}`);
      }
      results[variant] = await measure(provider, database.url, started, [...own], labReport, {
        deployment: "next",
        instances,
        target,
        label: `next (${variant === "fastPath" ? "submissions fast path" : "CLUSTERLAB_SUBMISSION_FAST_PATH=0"})`,
      });
      await stopAll(started);
    }
    return { fastPath: results.fastPath as Result, viaNext: results.viaNext as Result };
  } finally {
    await stopAll(started);
    await database.drop();
    fs.rmSync(path.dirname(labsJson), { recursive: true, force: true });
    nextBuild?.remove();
  }
}

async function main(): Promise<void> {
  const results: Record<string, Result | { skipped: string }> = {};
  /** Next deployment: submissions/s with the fast path ÷ without it, same build, database and command. */
  let fastPathSpeedup: number | undefined;
  results.sqlite = values["skip-sqlite"] ? { skipped: "--skip-sqlite" } : await benchSideServer("sqlite", 1, 500);
  if (values["skip-postgres"]) results.postgresql = { skipped: "--skip-postgres" };
  else {
    const probe = await probePostgres();
    if (values["skip-side"]) results.postgresql = { skipped: "--skip-side" };
    else results.postgresql = probe.ok ? await benchSideServer("postgresql", 2, 2000) : { skipped: probe.reason };
    if (values["skip-next"]) results.nextPostgresql = { skipped: "--skip-next" };
    else if (!probe.ok) results.nextPostgresql = { skipped: probe.reason };
    else {
      const next = await benchNext(2, 1000);
      results.nextPostgresql = next.fastPath;
      results.nextPostgresqlViaNextRoute = next.viaNext;
      fastPathSpeedup =
        next.viaNext.submissionsPerSec > 0
          ? Math.round((next.fastPath.submissionsPerSec / next.viaNext.submissionsPerSec) * 100) / 100
          : undefined;
    }
  }
  const lost = Object.values(results).reduce((sum, r) => sum + ("lost" in r ? r.lost : 0), 0);
  process.stdout.write(
    `${JSON.stringify({ bench: "progress", seconds: SECONDS, concurrency: CONCURRENCY, cpus: os.cpus().length, results, fastPathSpeedup, lost })}\n`,
  );
  process.exitCode = lost === 0 ? 0 : 1;
}

function cleanup(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}
process.on("exit", cleanup);
process.on("SIGINT", () => {
  cleanup();
  process.exit(130);
});

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  cleanup();
  process.exit(2);
});
