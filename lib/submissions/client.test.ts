import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { flushQueue, queuedCount, submitReport } from "./client";
import { writeCredentials } from "./credentials";
import { listQueue } from "./queue";
import { submissionPaths } from "./paths";

type Scripted = { status: number; body: unknown };

/** A throwaway server on 127.0.0.1 answering from a script and recording what it received. */
async function startServer(script: Array<Scripted>) {
  const received: Array<{ auth: string | undefined; body: { submissionId: string; report: unknown } }> = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
    req.on("end", () => {
      received.push({ auth: req.headers.authorization, body: JSON.parse(raw) });
      const next = script.shift() ?? { status: 500, body: { error: "script exhausted" } };
      res.writeHead(next.status, { "content-type": "application/json" }).end(JSON.stringify(next.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    [Symbol.asyncDispose]: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function tempDataDir(): { dir: string } & Disposable {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-submit-"));
  return { dir, [Symbol.dispose]: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const token = `clt_${"A".repeat(43)}`;
const report = { schemaVersion: 1, lab: "sample" };

function login(dataDir: string, server: string): void {
  writeCredentials(submissionPaths(dataDir).credentials, { server, token, savedAt: new Date().toISOString() });
}

test("without a login nothing is queued or sent", async () => {
  using data = tempDataDir();
  const result = await submitReport(report, { dataDir: data.dir });
  expect(result.loggedIn).toBe(false);
  expect(queuedCount({ dataDir: data.dir })).toBe(0);
});

test("an unreachable server leaves the report queued; a later flush sends it once with the same id", async () => {
  using data = tempDataDir();
  login(data.dir, "http://127.0.0.1:9"); // discard port: connection refused
  const first = await submitReport(report, { dataDir: data.dir, timeoutMs: 2000 });
  expect(first.outcomes[0]?.status).toBe("queued");
  const queued = listQueue(submissionPaths(data.dir).queueDir).entries;
  expect(queued).toHaveLength(1);
  expect(queued[0]?.lastError).toMatch(/could not reach/);

  await using server = await startServer([{ status: 201, body: { attemptId: "a1", duplicate: false } }]);
  login(data.dir, server.url);
  const flushed = await flushQueue({ dataDir: data.dir });
  expect(flushed.outcomes).toEqual([
    { submissionId: queued[0]?.submissionId, status: "submitted", attemptId: "a1", duplicate: false },
  ]);
  expect(server.received[0]?.auth).toBe(`Bearer ${token}`);
  expect(server.received[0]?.body).toEqual({ submissionId: queued[0]?.submissionId, report });
  expect(queuedCount({ dataDir: data.dir })).toBe(0);
});

test("a server error keeps the report queued; a refusal moves it to rejected/ with the reason", async () => {
  using data = tempDataDir();
  await using server = await startServer([
    { status: 503, body: { error: "database unavailable" } },
    { status: 422, body: { error: "report is for an outdated version of lab sample" } },
  ]);
  login(data.dir, server.url);
  const busy = await submitReport(report, { dataDir: data.dir });
  expect(busy.outcomes[0]).toMatchObject({ status: "queued", reason: expect.stringContaining("database unavailable") });
  const refused = await flushQueue({ dataDir: data.dir });
  const outcome = refused.outcomes[0];
  expect(outcome?.status).toBe("rejected");
  if (outcome?.status !== "rejected") return;
  expect(outcome.reason).toMatch(/outdated/);
  expect(JSON.parse(fs.readFileSync(outcome.keptAt, "utf8"))).toMatchObject({ reason: outcome.reason, report });
  expect(queuedCount({ dataDir: data.dir })).toBe(0);
});

test("the credentials file is private to its owner", () => {
  using data = tempDataDir();
  login(data.dir, "http://127.0.0.1:1");
  expect(fs.statSync(submissionPaths(data.dir).credentials).mode & 0o777).toBe(0o600);
});
