// kill -9 of the API server during a submission load: after a restart, every submission the server had
// acknowledged (201) is present with all of its check results, and nothing is stored twice when the
// unacknowledged ones are resent with their ids. SQLite and (when a server answers) PostgreSQL.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { createAccount } from "@/lib/progress/accounts";
import { createApiToken } from "@/lib/progress/tokens";
import type { DatabaseProvider } from "@/lib/db-url";
import { startApiProcess, writeDemoLabsJson, type ApiProcess } from "./helpers/api-process";
import { availableProviders, createMigratedDatabase } from "./helpers/classroom-db";
import { createClassroomClient } from "./helpers/prisma-clients";
import { envelope, makeReport } from "./helpers/world";

const WORKERS = 8;
const KILL_AFTER_ACKS = 120;
/** On a slow machine kill anyway after this long, as long as something was acknowledged. */
const KILL_AFTER_MS = 15_000;
const LOAD_DEADLINE_MS = 60_000;
/** One learner's reports as fast as possible: the per-learner rate limit (security review M8) would cut the load. */
const LOAD_HARNESS = ["--no-submission-limits"];

type Sent = { submissionId: string; body: string };

const { providers, skipped } = await availableProviders();
if (skipped) test.skip(`PostgreSQL durability [skipped: ${skipped}]`, () => {});

for (const provider of providers) {
  describe(`kill -9 during submissions on ${provider}`, () => {
    let database: { url: string; drop: () => Promise<void> };
    let token: string;
    const servers: Array<ApiProcess> = [];
    const labsJson = writeDemoLabsJson();

    beforeAll(async () => {
      database = await createMigratedDatabase(provider, "durability");
      const db = await createClassroomClient(provider as DatabaseProvider, database.url);
      try {
        const user = await createAccount(db, {
          email: "durable@example.test",
          name: "Durable",
          passwordHash: await hashPassword("long enough password"),
          role: "learner",
        });
        token = (await createApiToken(db, user.id, "load")).token;
      } finally {
        await db.$disconnect();
      }
    }, 180_000);

    afterAll(async () => {
      for (const server of servers) await server.kill("SIGKILL");
      await database?.drop();
    }, 60_000);

    test("every acknowledged submission survives; retries are not duplicated", { timeout: 240_000 }, async () => {
      const first = await startApiProcess({ provider, databaseUrl: database.url, labsJson, extraArgs: LOAD_HARNESS });
      servers.push(first);
      const acknowledged = new Map<string, string>();
      const unacknowledged: Array<Sent> = [];
      let killed = false;
      const loadStarted = Date.now();
      const deadline = loadStarted + LOAD_DEADLINE_MS;

      async function worker(): Promise<void> {
        while (!killed && Date.now() < deadline) {
          const sent: Sent = { ...envelope(makeReport(["pass", "fail", "pass"])), body: "" };
          sent.body = JSON.stringify({ submissionId: sent.submissionId, report: makeReport(["pass", "fail", "pass"]) });
          try {
            const response = await fetch(`${first.url}/api/submissions`, {
              method: "POST",
              headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
              body: sent.body,
            });
            const json = (await response.json()) as { attemptId?: string };
            if (response.status === 201 && json.attemptId) acknowledged.set(sent.submissionId, json.attemptId);
            else unacknowledged.push(sent);
          } catch {
            unacknowledged.push(sent);
          }
          if (
            !killed &&
            (acknowledged.size >= KILL_AFTER_ACKS ||
              (acknowledged.size > 0 && Date.now() - loadStarted >= KILL_AFTER_MS))
          ) {
            killed = true;
            await first.kill("SIGKILL");
          }
        }
      }
      await Promise.all(Array.from({ length: WORKERS }, () => worker()));
      expect(killed, `the load reached ${acknowledged.size} acknowledgements before the deadline`).toBe(true);
      expect(acknowledged.size).toBeGreaterThan(0);
      expect(first.child.signalCode).toBe("SIGKILL");
      // The killed process really is gone (no orphan still answering on its port).
      await expect(fetch(`${first.url}/api/me`)).rejects.toThrow();

      const second = await startApiProcess({ provider, databaseUrl: database.url, labsJson, extraArgs: LOAD_HARNESS });
      servers.push(second);
      const db = await createClassroomClient(provider, database.url);
      try {
        const stored = await db.labAttempt.findMany({
          select: { id: true, submissionId: true, _count: { select: { checks: true } } },
        });
        const bySubmission = new Map(stored.map((row) => [row.submissionId, row]));
        for (const [submissionId, attemptId] of acknowledged) {
          expect(bySubmission.get(submissionId)?.id, `acknowledged submission ${submissionId}`).toBe(attemptId);
        }
        // All-or-nothing: no attempt without its three check results.
        expect(stored.every((row) => row._count.checks === 3)).toBe(true);

        // The CLI's queue resends what was not acknowledged, with the same ids: each is stored exactly once.
        for (const sent of unacknowledged.slice(0, 50)) {
          const response = await fetch(`${second.url}/api/submissions`, {
            method: "POST",
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
            body: sent.body,
          });
          expect([200, 201]).toContain(response.status);
        }
        const resent = new Set(unacknowledged.slice(0, 50).map((s) => s.submissionId));
        const rows = await db.labAttempt.findMany({
          where: { submissionId: { in: [...resent] } },
          select: { submissionId: true },
        });
        expect(rows.length).toBe(resent.size);
      } finally {
        await db.$disconnect();
      }
    });
  });
}
