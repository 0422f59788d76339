// `clusterlab lab check` end to end with a class server: real CLI processes grading the sample lab on Docker,
// a real API server process (serve.ts) on 127.0.0.1 with a SQLite classroom database, and a local-mode
// progress database for the CLI. Logged in: the check submits by itself and records locally; server down:
// the report queues (the check's exit code is unchanged), and `clusterlab submit` later sends it exactly once.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getLabRegistry } from "@/labs";
import { labCatalogFromRegistry } from "@/lib/progress/lab-catalog";
import { listAttemptsOfUsers } from "@/lib/progress/lab-attempts";
import { getLocalLearner } from "@/lib/progress/lessons";
import { probeDocker, dockerSuiteTitle } from "@/tests/helpers/docker";
import { runClusterlab, type CliResult } from "@/tests/helpers/clusterlab-cli";
import { startApiProcess, type ApiProcess } from "./helpers/api-process";
import { openClassroomDb, type ClassroomTestDb } from "./helpers/classroom-db";
import { seedWorld, type World } from "./helpers/world";

const probe = await probeDocker();

let server: ClassroomTestDb;
let local: ClassroomTestDb;
let world: World;
let scratch: string;
let labsJson: string;
let api: ApiProcess | undefined;

function cli(args: Array<string>): Promise<CliResult> {
  // A `lab check` grades the sample lab on Docker: allow it well over a minute.
  return runClusterlab(args, {
    env: { CLUSTERLAB_DATA_DIR: path.join(scratch, "data"), CLUSTERLAB_MODE: "local", DATABASE_URL: local.url },
    timeoutMs: 150_000,
  });
}

describe.skipIf(!probe.ok)(dockerSuiteTitle("lab check submits to the class server", probe), () => {
  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-check-submit-"));
    server = await openClassroomDb("sqlite", "check-submit-server");
    local = await openClassroomDb("sqlite", "check-submit-local");
    world = await seedWorld(server.db);
    const sample = labCatalogFromRegistry(getLabRegistry()).find("sample");
    if (!sample) throw new Error("the sample lab is missing from the catalogue");
    labsJson = path.join(scratch, "labs.json");
    fs.writeFileSync(labsJson, JSON.stringify([sample]));
    api = await startApiProcess({ provider: "sqlite", databaseUrl: server.url, labsJson });
  }, 300_000);

  afterAll(async () => {
    await api?.kill("SIGTERM");
    await server?.[Symbol.asyncDispose]();
    await local?.[Symbol.asyncDispose]();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  }, 60_000);

  test(
    "logged in: check submits and records locally; server down: queued, then `submit` sends it once",
    { timeout: 600_000 },
    async () => {
      if (!api) throw new Error("no API server");
      const workspace = path.join(scratch, "ws");
      const init = await cli(["lab", "init", "sample", "--workspace", workspace]);
      expect(init.code, init.stderr).toBe(0);
      const login = await cli(["login", "--server", api.url, "--token", world.people.learner.token]);
      expect(login.code, login.stderr).toBe(0);

      // The starter files fail the load-balancer check: exit code 1, the grade's own.
      const first = await cli(["lab", "check", "sample", "--workspace", workspace, "--json"]);
      expect(first.code, first.stderr).toBe(1);
      const report = JSON.parse(first.stdout) as { score: number; lab: string };
      expect(first.stderr).toMatch(/Submitted to http:\/\/127\.0\.0\.1:\d+/);
      expect(first.stderr).toMatch(/Recorded this attempt in your local progress/);
      const onServer = await server.db.labAttempt.findMany({
        where: { userId: world.people.learner.id },
        select: { labId: true, score: true },
      });
      expect(onServer).toEqual([{ labId: "sample", score: report.score }]);
      const learner = await getLocalLearner(local.db);
      const recorded = await listAttemptsOfUsers(local.db, [learner.id]);
      expect(recorded.map((a) => [a.labId, a.score, a.checks.length])).toEqual([["sample", report.score, 3]]);

      const url = api.url;
      await api.kill("SIGKILL");
      api = undefined;
      const offline = await cli(["lab", "check", "sample", "--workspace", workspace]);
      expect(offline.code, offline.stderr).toBe(1);
      expect(offline.stderr).toMatch(/Queued, not submitted yet: could not reach/);
      expect(offline.stdout).toMatch(/sample/);
      expect(await listAttemptsOfUsers(local.db, [learner.id])).toHaveLength(2);

      // --no-submit leaves the queue alone even when logged in.
      const quiet = await cli(["lab", "check", "sample", "--workspace", workspace, "--no-submit"]);
      expect(quiet.code, quiet.stderr).toBe(1);
      expect(quiet.stderr).not.toMatch(/Submitted|Queued/);

      api = await startApiProcess({
        provider: "sqlite",
        databaseUrl: server.url,
        labsJson,
        port: Number(new URL(url).port),
      });
      const flushed = await cli(["submit"]);
      expect(flushed.code, flushed.stdout + flushed.stderr).toBe(0);
      expect(flushed.stdout).toMatch(/1 of 1 report\(s\) submitted/);
      const again = await cli(["submit"]);
      expect(again.stdout).toMatch(/queue is empty/);
      expect(await server.db.labAttempt.count({ where: { userId: world.people.learner.id } })).toBe(2);
    },
  );

  test(
    "--submit without a login says how to log in; the check's exit code is unchanged and the attempt is still recorded",
    { timeout: 300_000 },
    async () => {
      const dataDir = path.join(scratch, "data");
      fs.rmSync(path.join(dataDir, "classroom.json"), { force: true });
      const workspace = path.join(scratch, "ws");
      const learner = await getLocalLearner(local.db);
      const before = (await listAttemptsOfUsers(local.db, [learner.id])).length;
      const run = await cli(["lab", "check", "sample", "--workspace", workspace, "--submit"]);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(/Not submitted: you are not logged in.*`npm run clusterlab -- login --server/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(await listAttemptsOfUsers(local.db, [learner.id])).toHaveLength(before + 1);
    },
  );
});
