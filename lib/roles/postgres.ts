/** postgres: a shared PostgreSQL database (registry, user store) for Carbon nodes. */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { RuntimeError } from "@/lib/runtime/errors";
import { sqlShellProblems } from "@/lib/runtime/process/host-safety";
import {
  childEnv,
  hostPathIn,
  requireFile,
  runAs,
  type NodePlace,
  type Program,
  type ProgramOptions,
} from "@/lib/runtime/process/program-kit";
import { defineRole, IMAGE_ENTRYPOINT, portReadiness } from "./types";

const execFileAsync = promisify(execFile);

const HOME = "/docker-entrypoint-initdb.d";

export const postgresRole = defineRole({
  name: "postgres",
  summary: "a PostgreSQL server; SQL files in its folder run once, on first start, in name order",
  home: HOME,
  ports: [5432],
  // First: Carbon nodes connect to it as they start.
  stage: 0,
  startsAfter: "ready",
  readiness: portReadiness,
  nodeEnv: () => ({}),
  recogniseStartFailure: (lines) => {
    for (const line of lines) {
      const m = /^psql:(\/\S+?):(\d+): (ERROR: .*)$/.exec(line.trim());
      if (m) return { file: m[1] ?? "", line: Number(m[2]), message: `psql: ${m[3]}` };
    }
    return null;
  },
  image: {
    name: "postgres",
    packages: ["postgresql-15"],
    // postgresql-common's postinst would otherwise create and start a "main" cluster at build time.
    preInstallFiles: [
      { target: "/etc/postgresql-common/createcluster.d/clusterlab.conf", content: "create_main_cluster = false\n" },
    ],
    files: [{ source: "images/postgres/entrypoint.sh", target: IMAGE_ENTRYPOINT, mode: 0o755 }],
    setup: "images/postgres/setup.sh",
    user: "postgres",
    env: { PGDATA: "/var/lib/postgresql/data", LANG: "C.UTF-8" },
    expose: [5432],
    entrypoint: [IMAGE_ENTRYPOINT],
    workdir: "/var/lib/postgresql",
  },
  program: postgresProgram,
});

/**
 * initdb + socket-only init SQL on first start, then `postgres` listening on the node's address
 * (run as the "postgres" user when we are root: PostgreSQL refuses to run as root).
 */
async function postgresProgram(
  place: NodePlace,
  env: Record<string, string>,
  options: ProgramOptions,
): Promise<Program> {
  const bin = options.postgresBinDir ?? findPostgresBin();
  // An explicit postgresBinDir that lacks the server would otherwise surface as a bare spawn ENOENT from initdb.
  requireFile(path.join(bin, "postgres"), "PostgreSQL", "apt-get install postgresql");
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
    const opts = {
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
      env: childEnv({ PATH: "/usr/bin:/bin", LANG: "C.UTF-8" }),
      timeout: 120_000,
    };
    await execFileAsync(
      path.join(bin, "initdb"),
      [
        "-D",
        data,
        "-U",
        dbUser,
        `--pwfile=${pwfile}`,
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
      ],
      opts,
    );
    fs.rmSync(pwfile);
    fs.appendFileSync(path.join(data, "pg_hba.conf"), "host all all 127.0.0.0/8 scram-sha-256\n");
    const initDir = hostPathIn(place.root, HOME);
    const scripts = fs.existsSync(initDir)
      ? fs
          .readdirSync(initDir)
          .filter((f) => f.endsWith(".sql"))
          .sort()
      : [];
    // psql runs the learner's init SQL on the host here: no meta-commands (\!) or COPY … PROGRAM (security L13).
    for (const script of scripts) {
      const problems = sqlShellProblems(fs.readFileSync(path.join(initDir, script), "utf8"));
      if (problems.length > 0)
        throw new RuntimeError(
          `Init script ${script} of node "${place.spec.name}": ${problems.join(" ")}`,
          "invalid-topology",
        );
    }
    if (scripts.length > 0 || (place.spec.env.POSTGRES_DB && place.spec.env.POSTGRES_DB !== "postgres")) {
      // -l: the server must not inherit our pipes, or execFile would wait for it to exit.
      await execFileAsync(
        path.join(bin, "pg_ctl"),
        [
          "-D",
          data,
          "-l",
          path.join(sockets, "init.log"),
          "-o",
          `-c listen_addresses='' -k ${sockets}`,
          "-w",
          "-t",
          "60",
          "start",
        ],
        opts,
      );
      try {
        const db = place.spec.env.POSTGRES_DB ?? dbUser;
        if (db !== "postgres")
          await execFileAsync(
            path.join(bin, "psql"),
            [
              "-v",
              "ON_ERROR_STOP=1",
              "-h",
              sockets,
              "-U",
              dbUser,
              "-d",
              "postgres",
              "-q",
              "-c",
              `CREATE DATABASE "${db.replace(/"/g, '""')}"`,
            ],
            opts,
          );
        for (const script of scripts) {
          await execFileAsync(
            path.join(bin, "psql"),
            ["-v", "ON_ERROR_STOP=1", "-h", sockets, "-U", dbUser, "-d", db, "-q", "-f", path.join(initDir, script)],
            opts,
          ).catch((error: { stderr?: string }) => {
            throw new RuntimeError(
              `Init script ${script} of node "${place.spec.name}" failed: ${error.stderr?.trim() ?? String(error)}`,
              "failed",
            );
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
  const versions = fs.existsSync(base)
    ? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, "bin", "postgres")))
    : [];
  const latest = versions.sort((a, b) => Number(a) - Number(b)).at(-1);
  if (!latest)
    throw new RuntimeError(
      "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/postgres): `apt-get install postgresql`, or use --runtime docker.",
      "unavailable",
    );
  return path.join(base, latest, "bin");
}
