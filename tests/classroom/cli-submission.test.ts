// The learner's path end to end: `clusterlab login --server --token` against a running API, then
// `clusterlab submit --report` while the server is down (queued), then `clusterlab submit` once it is back
// (sent, stored once). Real CLI processes, a real server on 127.0.0.1, a SQLite classroom database.
import fs from "node:fs";
import type http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createApiServer } from "@/lib/progress/http/node-server";
import { runClusterlab, type CliResult } from "@/tests/helpers/clusterlab-cli";
import { seededClassroom } from "./helpers/seeded-classroom";
import { makeReport } from "./helpers/world";

const suite = seededClassroom("sqlite", "cli");
let dataDir: string;

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-cli-data-"));
});

afterAll(() => {
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

function cli(args: Array<string>): Promise<CliResult> {
  return runClusterlab(args, { env: { CLUSTERLAB_DATA_DIR: dataDir } });
}

async function listen(server: http.Server, port = 0): Promise<number> {
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address();
  return typeof address === "object" && address ? address.port : 0;
}

test(
  "login checks the token, submit queues while offline and delivers once the server is back",
  { timeout: 180_000 },
  async () => {
    const server = createApiServer(suite.world.ctx);
    const port = await listen(server);
    const url = `http://127.0.0.1:${port}`;

    const badLogin = await cli(["login", "--server", url, "--token", `clt_${"x".repeat(43)}`]);
    expect(badLogin.code).toBe(2);
    expect(badLogin.stderr).toMatch(/does not accept this token/);

    const login = await cli(["login", "--server", url, "--token", suite.world.people.learner.token]);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toMatch(/Logged in .* as Learner <learner@example.test>/);

    await new Promise<void>((resolve) => server.close(() => resolve()));
    const reportFile = path.join(dataDir, "report.json");
    fs.writeFileSync(reportFile, JSON.stringify(makeReport(["pass", "fail", "pass"])));
    const offline = await cli(["submit", "--report", reportFile]);
    expect(offline.code).toBe(1);
    expect(offline.stdout).toMatch(/queued .*could not reach/);
    expect(await suite.database.db.labAttempt.count({ where: { userId: suite.world.people.learner.id } })).toBe(0);

    const again = createApiServer(suite.world.ctx);
    await listen(again, port);
    try {
      const flushed = await cli(["submit"]);
      expect(flushed.code, flushed.stdout + flushed.stderr).toBe(0);
      expect(flushed.stdout).toMatch(/1 of 1 report\(s\) submitted/);
      const attempts = await suite.database.db.labAttempt.findMany({
        where: { userId: suite.world.people.learner.id },
        select: { score: true },
      });
      expect(attempts).toEqual([{ score: 8 }]);
      const empty = await cli(["submit"]);
      expect(empty.stdout).toMatch(/queue is empty/);
    } finally {
      await new Promise<void>((resolve) => again.close(() => resolve()));
    }
  },
);
