// Walkthrough D5 and issue #18: the CLI and the lab console make the same lab desk calls, so a check run from the
// browser is recorded exactly like one run from a terminal. The CLI runs as a learner runs it (a tsx child
// process); the console is its real route handlers (POST /api/labs/sample/actions, guard and token included),
// in this process. Both write to one local-mode SQLite progress database; the recorded attempts must agree on
// everything but their ids and times. Without Docker: a configuration error is graded (config-lint fails, the
// runtime checks are skipped) without starting a cluster. With Docker: the reference solution, graded for real.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runClusterlab } from "@/tests/helpers/clusterlab-cli";
import { dockerSuiteTitle, probeDocker, withImages } from "@/tests/helpers/docker";
import { createMigratedDatabase } from "./helpers/classroom-db";
import { createClassroomClient } from "./helpers/prisma-clients";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-desk-parity-"));
const database = await createMigratedDatabase("sqlite", "desk-parity");
// lib/env reads these on first use, in this process (the console) and in each CLI child.
const env = {
  CLUSTERLAB_MODE: "local",
  DATABASE_URL: database.url,
  CLUSTERLAB_DATA_DIR: path.join(scratch, "data"),
  CLUSTERLAB_WORKSPACES_DIR: path.join(scratch, "console"),
};
Object.assign(process.env, env);

const { consoleHub } = await import("@/lib/console/hub");
const { consoleToken } = await import("@/lib/console/token");
const { installFrontServerForTests } = await import("@/lib/console/front-server");
// The console answers only behind ClusterLab's own server (ADR 0024): play its part, as lib/console/every-lab.test.ts does.
installFrontServerForTests();
const actionsRoute = await import("@/app/api/labs/[lab]/actions/route");
const { consoleDesk } = await import("@/app/api/_shared/console");
const { defaultImage } = await import("@/lib/runtime/types");
const db = await createClassroomClient("sqlite", database.url);

const probe = await withImages(
  await probeDocker(),
  consoleDesk()
    .registry.get("sample")
    .definition.topology.nodes.map((n) => n.image ?? defaultImage(n.role)),
);

afterAll(async () => {
  await db.$disconnect();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  await database.drop();
  fs.rmSync(scratch, { recursive: true, force: true });
}, 60_000);

function cli(args: Array<string>) {
  return runClusterlab(args, { env, timeoutMs: 240_000 });
}

/** Press a console button as the page does, and wait for the operation to finish; returns its finished event. */
async function consoleAction(
  action: string,
): Promise<{ outcome: string; message: string | null; lines: Array<string> }> {
  const ORIGIN = "http://127.0.0.1:3000";
  const request = new Request(`${ORIGIN}/api/labs/sample/actions`, {
    method: "POST",
    headers: {
      host: "127.0.0.1:3000",
      origin: ORIGIN,
      "sec-fetch-site": "same-origin",
      "content-type": "application/json",
      "x-clusterlab-peer": "127.0.0.1",
      "x-clusterlab-console-token": consoleToken(),
    },
    body: JSON.stringify({ action, force: true }),
  });
  const lines: Array<string> = [];
  let finished: { outcome: string; message: string | null } | undefined;
  const stop = consoleHub().subscribe("sample", (e) => {
    if (e.type === "progress") lines.push(e.line);
    if (e.type === "finished") finished = { outcome: e.outcome, message: e.message };
  });
  try {
    const res = await actionsRoute.POST(request, { params: Promise.resolve({ lab: "sample" }) });
    expect(res.status, await res.clone().text()).toBe(202);
    await consoleHub().idle("sample");
  } finally {
    stop();
  }
  if (!finished) throw new Error(`${action} never finished: ${lines.join("\n")}`);
  return { ...finished, lines };
}

/** Every recorded attempt of the local learner, newest last, without what must differ (ids, times). */
async function attempts() {
  const rows = await db.labAttempt.findMany({
    orderBy: { submittedAt: "asc" },
    select: {
      labId: true,
      contentHash: true,
      runtime: true,
      score: true,
      maxScore: true,
      user: { select: { email: true } },
      checks: { select: { checkId: true, status: true, points: true, maxPoints: true }, orderBy: { checkId: "asc" } },
    },
  });
  return rows;
}

function breakConfig(workspace: string): void {
  fs.appendFileSync(path.join(workspace, "node2/repository/conf/deployment.toml"), "[clustering\n");
}

test(
  "a check from the console is recorded exactly like one from the CLI (configuration error, no cluster needed)",
  { timeout: 600_000 },
  async () => {
    const cliWorkspace = path.join(scratch, "cli-ws");
    expect((await cli(["lab", "init", "sample", "--workspace", cliWorkspace])).code).toBe(0);
    breakConfig(cliWorkspace);
    const fromCli = await cli(["lab", "check", "sample", "--workspace", cliWorkspace, "--no-submit"]);
    expect(fromCli.code, fromCli.stderr).toBe(1);
    expect(fromCli.stderr).toContain("Recorded this attempt in your local progress");

    expect((await consoleAction("init")).outcome).toBe("ok");
    breakConfig(consoleDesk().workspaceFor("sample"));
    const fromConsole = await consoleAction("check");
    expect(fromConsole.outcome, fromConsole.message ?? "").toBe("ok");
    expect(fromConsole.lines).toContain(
      "Recorded this attempt in your local progress (see /progress in the course site).",
    );

    const [a, b, ...rest] = await attempts();
    expect(rest).toEqual([]);
    expect(a?.checks.find((c) => c.checkId === "config-lint")?.status).toBe("fail");
    expect(b).toEqual(a);
  },
);

describe.skipIf(!probe.ok)(dockerSuiteTitle("the same parity with a real grade on Docker", probe), () => {
  test(
    "the reference solution graded from the CLI and from the console: the same recorded attempt",
    { timeout: 900_000 },
    async () => {
      const before = (await attempts()).length;
      const cliWorkspace = path.join(scratch, "cli-ws");
      expect((await cli(["lab", "solve", "sample", "--workspace", cliWorkspace, "--force"])).code).toBe(0);
      const fromCli = await cli(["lab", "check", "sample", "--workspace", cliWorkspace, "--no-submit"]);
      expect(fromCli.code, fromCli.stderr).toBe(0);
      // A stopped lab: the check lints once, starts the cluster without linting again (issue #18).
      expect(fromCli.stderr.match(/^Static checks:/gm)).toHaveLength(1);

      expect((await consoleAction("solve")).outcome).toBe("ok");
      const fromConsole = await consoleAction("check");
      expect(fromConsole.outcome, `${fromConsole.message}\n${fromConsole.lines.join("\n")}`).toBe("ok");
      expect(fromConsole.lines.filter((l) => l.startsWith("Static checks:"))).toHaveLength(1);

      const recorded = (await attempts()).slice(before);
      expect(recorded).toHaveLength(2);
      expect(recorded[0]?.score).toBe(recorded[0]?.maxScore);
      expect(recorded[1]).toEqual(recorded[0]);
    },
  );
});
