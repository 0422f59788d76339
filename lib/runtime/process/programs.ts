/**
 * What a node of each role runs as a local process. Node files are re-rooted under the node's root
 * folder, so the same topology works here and in Docker:
 * - carbon: `node dist/carbon-node/carbon-node.mjs --carbon-home <root>/opt/clusterlab/carbon --name <n> --bind <address>`
 * - nginx: /usr/sbin/nginx with prefix <root>, config <root>/etc/nginx/nginx.conf, in the foreground
 * - postgres: initdb + socket-only init SQL on first start, then `postgres` listening on the node's address
 *   (run as the "postgres" user when we are root: PostgreSQL refuses to run as root)
 * - mariadb: not supported here (not installed by default); use the Docker runtime.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { nginxListenProblems, sqlShellProblems } from "./host-safety";
import { ROLE_HOMES, RuntimeError, UnsupportedOperationError, type NodeSpec } from "../types";

const execFileAsync = promisify(execFile);

export type ProgramOptions = { carbonNodeBundle: string; nginxBinary: string; postgresBinDir?: string };

export type Program = { command: string; args: Array<string>; env: Record<string, string>; uid?: number; gid?: number };

export type NodePlace = { spec: NodeSpec; address: string; root: string };

/** Map an absolute in-node path to the host. */
export function hostPathIn(root: string, nodePath: string): string {
  return path.join(root, nodePath.replace(/^\/+/, ""));
}

/** Prepare (first start only where relevant) and describe the program of a node. */
export async function programFor(place: NodePlace, options: ProgramOptions): Promise<Program> {
  const { spec, address, root } = place;
  const env = { ...spec.env, CLUSTERLAB_NODE_NAME: spec.name, CLUSTERLAB_NODE_ADDRESS: address, CLUSTERLAB_NODE_ROOT: root };
  if (spec.command) {
    const [command, ...args] = spec.command;
    return { command: command ?? "true", args, env };
  }
  switch (spec.role) {
    case "carbon": {
      if (!fs.existsSync(options.carbonNodeBundle)) {
        throw new RuntimeError(`${options.carbonNodeBundle} not found: build the training node with \`npm run build:carbon-node\`.`, "unavailable");
      }
      const home = hostPathIn(root, ROLE_HOMES.carbon);
      fs.mkdirSync(home, { recursive: true });
      return {
        command: process.execPath,
        args: [options.carbonNodeBundle, "--carbon-home", home, "--name", spec.name, "--bind", address],
        env: { ...env, CARBON_HOME: home },
      };
    }
    case "nginx": {
      requireFile(options.nginxBinary, "nginx", "apt-get install nginx-light");
      const conf = hostPathIn(root, "/etc/nginx/nginx.conf");
      if (!fs.existsSync(conf)) {
        throw new RuntimeError(`Node "${spec.name}" has no /etc/nginx/nginx.conf among its files: put nginx.conf back in the node's workspace folder (it becomes /etc/nginx).`, "invalid-topology");
      }
      for (const dir of ["logs", "tmp"]) fs.mkdirSync(path.join(root, dir), { recursive: true });
      const text = fs.readFileSync(conf, "utf8");
      const listens = nginxListenProblems(text, address);
      if (listens.length > 0) throw new RuntimeError(`Node "${spec.name}": ${listens.join(" ")}`, "invalid-topology");
      const globals = ["daemon off;", ...(/^\s*pid\s/m.test(text) ? [] : [`pid ${path.join(root, "nginx.pid")};`])];
      return { command: options.nginxBinary, args: ["-e", "stderr", "-p", `${root}/`, "-c", conf, "-g", globals.join(" ")], env };
    }
    case "postgres":
      return postgresProgram(place, env, options);
    case "mariadb":
      throw new UnsupportedOperationError("A mariadb node", "process", "MariaDB is not part of the process runtime");
  }
}

async function postgresProgram(place: NodePlace, env: Record<string, string>, options: ProgramOptions): Promise<Program> {
  const bin = options.postgresBinDir ?? findPostgresBin();
  const data = path.join(place.root, "pgdata");
  const sockets = path.join(place.root, "run");
  const user = runAs("postgres");
  const port = place.spec.ports[0] ?? 5432;
  if (!fs.existsSync(path.join(data, "PG_VERSION"))) {
    fs.mkdirSync(data, { recursive: true, mode: 0o700 });
    fs.mkdirSync(sockets, { recursive: true });
    if (user) {
      // The session folders are 0755 (created by us), so the postgres user can reach its own two.
      fs.chownSync(data, user.uid, user.gid);
      fs.chownSync(sockets, user.uid, user.gid);
    }
    const dbUser = place.spec.env.POSTGRES_USER ?? "postgres";
    const password = place.spec.env.POSTGRES_PASSWORD ?? "clusterlab";
    const pwfile = path.join(sockets, "pwfile");
    fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (user) fs.chownSync(pwfile, user.uid, user.gid);
    const opts = { ...(user ? { uid: user.uid, gid: user.gid } : {}), env: childEnv({ PATH: "/usr/bin:/bin", LANG: "C.UTF-8" }), timeout: 120_000 };
    await execFileAsync(path.join(bin, "initdb"), ["-D", data, "-U", dbUser, `--pwfile=${pwfile}`, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"], opts);
    fs.rmSync(pwfile);
    fs.appendFileSync(path.join(data, "pg_hba.conf"), "host all all 127.0.0.0/8 scram-sha-256\n");
    const initDir = hostPathIn(place.root, ROLE_HOMES.postgres);
    const scripts = fs.existsSync(initDir) ? fs.readdirSync(initDir).filter((f) => f.endsWith(".sql")).sort() : [];
    for (const script of scripts) {
      const problems = sqlShellProblems(fs.readFileSync(path.join(initDir, script), "utf8"));
      if (problems.length > 0) throw new RuntimeError(`Init script ${script} of node "${place.spec.name}": ${problems.join(" ")}`, "invalid-topology");
    }
    if (scripts.length > 0 || (place.spec.env.POSTGRES_DB && place.spec.env.POSTGRES_DB !== "postgres")) {
      // -l: the server must not inherit our pipes, or execFile would wait for it to exit.
      await execFileAsync(path.join(bin, "pg_ctl"), ["-D", data, "-l", path.join(sockets, "init.log"), "-o", `-c listen_addresses='' -k ${sockets}`, "-w", "-t", "60", "start"], opts);
      try {
        const db = place.spec.env.POSTGRES_DB ?? dbUser;
        if (db !== "postgres") await execFileAsync(path.join(bin, "psql"), ["-v", "ON_ERROR_STOP=1", "-h", sockets, "-U", dbUser, "-d", "postgres", "-q", "-c", `CREATE DATABASE "${db.replace(/"/g, '""')}"`], opts);
        for (const script of scripts) {
          await execFileAsync(path.join(bin, "psql"), ["-v", "ON_ERROR_STOP=1", "-h", sockets, "-U", dbUser, "-d", db, "-q", "-f", path.join(initDir, script)], opts).catch((error: { stderr?: string }) => {
            throw new RuntimeError(`Init script ${script} of node "${place.spec.name}" failed: ${error.stderr?.trim() ?? String(error)}`, "failed");
          });
        }
      } finally {
        await execFileAsync(path.join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "-t", "60", "stop"], opts);
      }
    }
  }
  return {
    command: path.join(bin, "postgres"),
    args: ["-D", data, "-k", sockets, "-c", `listen_addresses=${place.address}`, "-p", String(port)],
    env: { ...env, LANG: "C.UTF-8" },
    uid: user?.uid,
    gid: user?.gid,
  };
}

function findPostgresBin(): string {
  const base = "/usr/lib/postgresql";
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, "bin", "postgres"))) : [];
  const latest = versions.sort((a, b) => Number(a) - Number(b)).at(-1);
  if (!latest) throw new RuntimeError("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/postgres): `apt-get install postgresql`, or use --runtime docker.", "unavailable");
  return path.join(base, latest, "bin");
}

/** When we are root, the unprivileged account to run a server as. */
function runAs(name: string): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return undefined;
  const line = fs.readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith(`${name}:`));
  const [, , uid, gid] = line?.split(":") ?? [];
  if (!uid || !gid) throw new RuntimeError(`Running as root but there is no "${name}" user to run the server as: create it (\`useradd --system ${name}\`), run as a normal user, or use --runtime docker.`, "unavailable");
  return { uid: Number(uid), gid: Number(gid) };
}

function requireFile(file: string, what: string, install: string): void {
  if (!fs.existsSync(file)) throw new RuntimeError(`${what} not found at ${file}: \`${install}\`, or use --runtime docker.`, "unavailable");
}

export const DEFAULT_NGINX = "/usr/sbin/nginx";

/**
 * A child's complete environment. Children get exactly these variables, never our own environment
 * (lib/env.ts is the only reader of process.env). The cast: ProcessEnv is augmented elsewhere with
 * required keys (NODE_ENV) that a child does not need.
 */
export function childEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  return vars as NodeJS.ProcessEnv;
}
