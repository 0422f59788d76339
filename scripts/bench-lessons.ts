/**
 * `npm run bench:lessons` — a lesson page under ClusterLab's server (scripts/server.mjs, as `npm start`) vs nginx serving the same rendered HTML, in one run.
 *
 * Both targets get the same open-loop load: RATE requests/s for DURATION s (bounded: RATE × DURATION requests, plus a
 * drain deadline), from a Node load generator in this process over keep-alive connections. Latency is measured per
 * request from send to the end of the body. Prints p50/p99/throughput for both; the LAST line is JSON with the ratios.
 * Targets (issue #3): next p50 ≤ 15 ms; next throughput ≥ 0.3 × nginx's.
 *
 * By default the app is built in a private copy of the tree (so a concurrent `next build` elsewhere cannot delete the
 * server's .next mid-run). Flags: --no-build (serve the repository's existing .next instead), --rate N, --seconds N,
 * --lesson <module>/<slug>.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { allLessons, loadCatalog } from "@/lib/content";
import { repoRoot } from "@/tests/helpers/prisma-cli";
import {
  buildApp,
  freePort,
  isolatedAppTree,
  migratedTempDatabase,
  startApp,
  type AppTree,
} from "@/tests/e2e/support/next-app";

type Options = { build: boolean; rate: number; seconds: number; lesson?: string };
type Result = {
  requests: number;
  ok: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  throughputRps: number;
  wallS: number;
};

function parseArgs(argv: string[]): Options {
  const options: Options = { build: true, rate: 200, seconds: 20 };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === "--no-build") options.build = false;
    else if (arg === "--rate" && value) {
      options.rate = Number(value);
      i += 1;
    } else if (arg === "--seconds" && value) {
      options.seconds = Number(value);
      i += 1;
    } else if (arg === "--lesson" && value) {
      options.lesson = value;
      i += 1;
    } else
      throw new Error(`unknown argument ${arg ?? ""}; use --no-build, --rate N, --seconds N, --lesson <module>/<slug>`);
  }
  if (!(options.rate > 0 && options.rate <= 5_000 && options.seconds > 0 && options.seconds <= 120)) {
    throw new Error("--rate must be 1..5000 and --seconds 1..120");
  }
  return options;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

function round(n: number, digits = 2): number {
  return Number(n.toFixed(digits));
}

/** Open-loop load: request k is sent at start + k/rate (catching up if the event loop was late), never more than total. */
async function drive(url: string, rate: number, seconds: number, expectBytes: number): Promise<Result> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  let sent = 0;
  let lastDone = 0;
  const start = performance.now();
  const inflight = new Set<Promise<void>>();

  function one(): Promise<void> {
    const t0 = performance.now();
    return new Promise<void>((resolve) => {
      const req = http.get(url, { agent, timeout: 5_000 }, (res) => {
        let bytes = 0;
        res.on("data", (c: Buffer) => (bytes += c.length));
        res.on("end", () => {
          const t1 = performance.now();
          latencies.push(t1 - t0);
          lastDone = t1;
          if (res.statusCode === 200 && bytes >= expectBytes * 0.9) ok += 1;
          else errors += 1;
          resolve();
        });
        res.on("error", () => {
          errors += 1;
          resolve();
        });
      });
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", () => {
        errors += 1;
        resolve();
      });
    });
  }

  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
      while (sent < due) {
        sent += 1;
        const p = one();
        inflight.add(p);
        void p.then(() => inflight.delete(p));
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });
  const drainDeadline = new Promise<void>((r) => setTimeout(r, 10_000));
  await Promise.race([Promise.all([...inflight]), drainDeadline]);
  errors += inflight.size; // still unanswered after the drain deadline
  agent.destroy();
  const wallS = ((lastDone || performance.now()) - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: total,
    ok,
    errors,
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    throughputRps: round(ok / wallS, 1),
    wallS: round(wallS, 2),
  };
}

type Nginx = { url: string; stop: () => Promise<void> };

/** nginx on a free port with its own prefix and conf, serving `html` for every GET (same bytes as Next sent). */
async function startNginx(html: string, urlPath: string): Promise<Nginx> {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-bench-nginx-"));
  // nginx workers run as an unprivileged user when started by root: the served tree must be world-readable
  // (mkdtemp creates 0700).
  fs.chmodSync(prefix, 0o755);
  for (const d of ["logs", "html", "tmp"]) fs.mkdirSync(path.join(prefix, d), { mode: 0o755 });
  fs.writeFileSync(path.join(prefix, "html", "lesson.html"), html);
  const port = await freePort();
  const conf = `
worker_processes auto;
error_log ${prefix}/logs/error.log warn;
pid ${prefix}/nginx.pid;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${prefix}/tmp/body;
  proxy_temp_path ${prefix}/tmp/proxy;
  fastcgi_temp_path ${prefix}/tmp/fastcgi;
  uwsgi_temp_path ${prefix}/tmp/uwsgi;
  scgi_temp_path ${prefix}/tmp/scgi;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:${port};
    root ${prefix}/html;
    location / { default_type "text/html; charset=utf-8"; try_files /lesson.html =404; }
  }
}`;
  fs.writeFileSync(path.join(prefix, "nginx.conf"), conf);
  const child = spawn("/usr/sbin/nginx", ["-p", prefix, "-c", path.join(prefix, "nginx.conf")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  if (child.pid === undefined) throw new Error("nginx did not start");
  const pid: number = child.pid;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const url = `http://127.0.0.1:${port}${urlPath}`;
  async function stop(): Promise<void> {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(pid, "SIGQUIT"); // graceful: the master stops its workers
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null && child.signalCode === null) process.kill(pid, "SIGKILL");
    }
    fs.rmSync(prefix, { recursive: true, force: true });
  }
  const deadline = Date.now() + 10_000;
  let lastProblem = "";
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nginx exited ${child.exitCode}: ${stderr}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return { url, stop };
      lastProblem = `HTTP ${res.status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error); // not yet listening
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const errorLog = fs.readFileSync(path.join(prefix, "logs", "error.log"), "utf8").slice(-2000);
  await stop();
  throw new Error(`nginx did not answer within 10 s (${lastProblem}): ${stderr}${errorLog}`);
}

function line(name: string, r: Result): string {
  return `${name.padEnd(6)} p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  throughput ${r.throughputRps} req/s  ok ${r.ok}/${r.requests}  errors ${r.errors}`;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const lessons = allLessons(loadCatalog());
  const lesson = options.lesson ? lessons.find((l) => l.id === options.lesson) : lessons[0];
  if (!lesson)
    throw new Error(`no lesson ${options.lesson ?? ""}; give --lesson <module>/<slug> of an existing lesson`);

  const db = await migratedTempDatabase("clusterlab-bench-");
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  let nginx: Nginx | undefined;
  let tree: AppTree | undefined;
  try {
    if (options.build) {
      tree = isolatedAppTree("clusterlab-bench-app-");
      console.error(`building (next build) in ${tree.root}…`);
      await buildApp(tree.root);
    }
    app = await startApp(tree?.root ?? repoRoot, db.url);
    const nextUrl = `${app.baseUrl}${lesson.href}`;
    const htmlRes = await fetch(nextUrl);
    const html = await htmlRes.text();
    if (htmlRes.status !== 200 || !html.includes(lesson.frontmatter.title.slice(0, 20))) {
      throw new Error(`the lesson page ${lesson.href} did not render (HTTP ${htmlRes.status})`);
    }
    nginx = await startNginx(html, lesson.href);
    console.error(
      `lesson ${lesson.href}: ${html.length} bytes; ${options.rate} req/s for ${options.seconds} s against each target`,
    );

    // Short warm-ups so neither side pays first-request costs inside the measurement.
    await drive(nginx.url, 50, 1, html.length);
    await drive(nextUrl, 50, 1, html.length);
    const nginxResult = await drive(nginx.url, options.rate, options.seconds, html.length);
    console.log(line("nginx", nginxResult));
    const nextResult = await drive(nextUrl, options.rate, options.seconds, html.length);
    console.log(line("next", nextResult));

    const throughputRatio = round(nextResult.throughputRps / nginxResult.throughputRps, 3);
    const summary = {
      bench: "lessons",
      lesson: lesson.href,
      htmlBytes: html.length,
      rate: options.rate,
      seconds: options.seconds,
      cpus: os.cpus().length,
      next: nextResult,
      nginx: nginxResult,
      ratio: {
        throughput: throughputRatio,
        p50: round(nextResult.p50Ms / nginxResult.p50Ms, 2),
        p99: round(nextResult.p99Ms / nginxResult.p99Ms, 2),
      },
      targets: { nextP50MsMax: 15, throughputRatioMin: 0.3 },
      met: { p50: nextResult.p50Ms <= 15, throughput: throughputRatio >= 0.3 },
    };
    console.log(JSON.stringify(summary));
  } finally {
    await nginx?.stop();
    await app?.stop();
    db.remove();
    tree?.remove();
  }
}

main().catch((error: unknown) => {
  console.error(`bench:lessons failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
