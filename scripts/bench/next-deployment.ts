/**
 * The deployment people run for a class (README "Classroom server"): `next build` for PostgreSQL, then several
 * `node scripts/server.mjs` (what `npm start` runs after building) behind a load balancer. The bench builds it in a
 * copy of this working tree under .data/bench-next, because the generated Prisma client and `.next` are built for one
 * DATABASE_URL and must not replace the checkout's own (the same reason README gives a classroom server its own
 * checkout). node_modules is a hard-linked copy (no download, a few seconds; nothing in a build writes into it).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

export type NextBuild = { dir: string; env: NodeJS.ProcessEnv; remove: () => void };

/** Copy the working tree (tracked and untracked-but-not-ignored files, as they are now) and build it for `databaseUrl`. */
export function buildNextDeployment(repoRoot: string, databaseUrl: string, log: (message: string) => void): NextBuild {
  const dir = path.join(repoRoot, ".data", "bench-next");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: repoRoot,
    maxBuffer: 64 * 1024 * 1024,
  })
    .toString("utf8")
    .split("\0")
    .filter((file) => file.length > 0 && fs.existsSync(path.join(repoRoot, file)));
  for (const file of files) {
    const target = path.join(dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, file), target);
  }
  execFileSync("cp", ["-al", path.join(repoRoot, "node_modules"), path.join(dir, "node_modules")]);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    CLUSTERLAB_MODE: "classroom",
    CLUSTERLAB_DATA_DIR: path.join(dir, ".data"),
    NEXT_TELEMETRY_DISABLED: "1",
    CHECKPOINT_DISABLE: "1",
  };
  const step = (title: string, bin: string, args: Array<string>) => {
    log(`next deployment: ${title}`);
    const started = Date.now();
    const result = spawnSync(path.join(dir, "node_modules", ".bin", bin), args, { cwd: dir, env, encoding: "utf8" });
    if (result.status !== 0) {
      throw new Error(
        `${title} failed (exit ${result.status ?? result.signal}) in ${dir}:\n${(result.stdout ?? "").slice(-2000)}\n${(result.stderr ?? "").slice(-4000)}`,
      );
    }
    log(`next deployment: ${title} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  log(`next deployment: copied ${files.length} files and node_modules to ${path.relative(repoRoot, dir)}`);
  step("prisma generate (PostgreSQL client)", "prisma", ["generate"]);
  step("next build (about a minute on 2 cores)", "next", ["build"]);
  // As `npm start` does in classroom mode: the bundle scripts/server.mjs answers POST /api/submissions with (ADR 0035).
  log("next deployment: bundling the submissions fast path");
  execFileSync(process.execPath, [path.join(dir, "scripts", "submission-fast-path.mjs")], {
    cwd: dir,
    env,
    stdio: "pipe",
  });
  return { dir, env, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * One instance as `npm start` runs it after its build steps: scripts/server.mjs in production mode, classroom mode,
 * CLUSTERLAB_TRUST_PROXY=1 because it sits behind nginx. Resolves once it answers HTTP (GET /api/me → 401).
 */
export async function startNextInstance(
  build: NextBuild,
  port: number,
  track: (child: ChildProcess) => ChildProcess,
  nodeArgs: ReadonlyArray<string> = [],
  extraEnv: Record<string, string> = {},
): Promise<{ url: string; child: ChildProcess; logs: () => string }> {
  const child = track(
    spawn(process.execPath, [...nodeArgs, path.join(build.dir, "scripts", "server.mjs")], {
      cwd: build.dir,
      env: {
        ...build.env,
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: String(port),
        CLUSTERLAB_TRUST_PROXY: "1",
        ...extraEnv,
      },
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the Next instance on ${port} exited (${child.exitCode}):\n${output}`);
    const status = await new Promise<number | null>((resolve) => {
      const req = http.get(`${url}/api/me`, (res) => {
        res.resume();
        resolve(res.statusCode ?? null);
      });
      req.on("error", () => resolve(null));
      req.setTimeout(5_000, () => req.destroy());
    });
    if (status !== null) return { url, child, logs: () => output };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the Next instance on ${port} did not answer within 60 s:\n${output}`);
}
