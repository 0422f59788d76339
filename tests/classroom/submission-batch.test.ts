// PostgreSQL group commit in the raw submission path (lib/progress/submission-store.ts): submissions arriving in
// one event-loop turn are written by ONE statement (one transaction: their rows share xmin), retries inside and
// across batches are stored once, and token lookups of one turn share one query without mixing answers up.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { listAttemptsOfUsers } from "@/lib/progress/lab-attempts";
import { createSubmissionStore, PG_MAX_BATCH, type SubmissionStore } from "@/lib/progress/submission-store";
import { createApiToken, revokeApiToken } from "@/lib/progress/tokens";
import { availableProviders } from "./helpers/classroom-db";
import { seededClassroom } from "./helpers/seeded-classroom";
import { makeReport } from "./helpers/world";

const { providers, skipped } = await availableProviders();
const postgres = providers.includes("postgresql");
if (!postgres) test.skip(`PostgreSQL group commit [skipped: ${skipped ?? "no server"}]`, () => {});

describe.runIf(postgres)("PostgreSQL group commit", () => {
  const suite = seededClassroom("postgresql", "pg-batch");
  let store: SubmissionStore;

  beforeAll(() => {
    store = createSubmissionStore(suite.database.url);
  });

  // Runs before seededClassroom's afterAll (vitest runs afterAll hooks in reverse order): the store closes first.
  afterAll(async () => {
    await store?.close();
  }, 60_000);

  async function transactionsOf(attemptIds: ReadonlyArray<string>): Promise<number> {
    const rows = await suite.database.db.$queryRawUnsafe<Array<{ n: bigint | number }>>(
      `SELECT count(DISTINCT xmin::text) AS n FROM "LabAttempt" WHERE "id" = ANY($1::text[])`,
      [...attemptIds],
    );
    return Number(rows[0]?.n ?? 0);
  }

  test("one turn's submissions are one transaction; duplicates in and across batches are stored once", async () => {
    const { database, world } = suite;
    const userId = world.people.learner.id;
    const earlier = randomUUID();
    const before = await store.recordAttempt(userId, earlier, makeReport(), new Date());
    const twice = randomUUID();
    const fresh = Array.from({ length: 6 }, () => randomUUID());
    const results = await Promise.all([
      ...fresh.map((id, i) =>
        store.recordAttempt(
          i % 2 === 0 ? userId : world.people.anotherLearner.id,
          id,
          makeReport(["pass", "fail", "pass"]),
          new Date(),
        ),
      ),
      store.recordAttempt(userId, twice, makeReport(), new Date()),
      store.recordAttempt(userId, twice, makeReport(), new Date()),
      store.recordAttempt(userId, earlier, makeReport(), new Date()),
    ]);
    const freshResults = results.slice(0, 6);
    expect(freshResults.every((r) => !r.duplicate)).toBe(true);
    const [firstTwice, secondTwice, again] = results.slice(6);
    expect(firstTwice).toEqual({ attemptId: expect.any(String), duplicate: false });
    expect(secondTwice).toEqual({ attemptId: firstTwice?.attemptId, duplicate: true });
    expect(again).toEqual({ attemptId: before.attemptId, duplicate: true });

    const newIds = [...freshResults.map((r) => r.attemptId), firstTwice?.attemptId ?? ""];
    expect(await transactionsOf(newIds)).toBe(1);
    expect(await database.db.checkResult.count({ where: { attemptId: { in: newIds } } })).toBe(7 * 3);
    expect(await database.db.labAttempt.count({ where: { submissionId: twice } })).toBe(1);
    // What the batch wrote reads back through Prisma with the checks in report order.
    const records = await listAttemptsOfUsers(database.db, [world.people.anotherLearner.id]);
    const record = records.find((r) => r.id === freshResults[1]?.attemptId);
    expect(record?.checks.map((c) => c.status)).toEqual(["pass", "fail", "pass"]);
  });

  test("more than a batch at once is split, and every submission is acknowledged once stored", async () => {
    const { database, world } = suite;
    const userId = world.people.anotherLearner.id;
    const count = PG_MAX_BATCH * 2 + 7;
    const ids = Array.from({ length: count }, () => randomUUID());
    const results = await Promise.all(ids.map((id) => store.recordAttempt(userId, id, makeReport(), new Date())));
    expect(new Set(results.map((r) => r.attemptId)).size).toBe(count);
    expect(await database.db.labAttempt.count({ where: { submissionId: { in: ids } } })).toBe(count);
    const transactions = await transactionsOf(results.map((r) => r.attemptId));
    expect(transactions).toBeGreaterThanOrEqual(3);
    expect(transactions).toBeLessThan(count);
  });

  test("token lookups of one turn share a query and each gets its own answer", async () => {
    const { database, world } = suite;
    const learner = await createApiToken(database.db, world.people.learner.id, "batch a");
    const other = await createApiToken(database.db, world.people.anotherLearner.id, "batch b");
    const revoked = await createApiToken(database.db, world.people.learner.id, "batch revoked");
    await revokeApiToken(database.db, world.people.learner.id, revoked.summary.id, new Date());
    const [a, b, aAgain, gone, unknown] = await Promise.all([
      store.findTokenUser(learner.token),
      store.findTokenUser(other.token),
      store.findTokenUser(learner.token),
      store.findTokenUser(revoked.token),
      store.findTokenUser(`clt_${"B".repeat(43)}`),
    ]);
    expect(a).toMatchObject({ id: world.people.learner.id, tokenId: learner.summary.id });
    expect(aAgain).toMatchObject({ id: world.people.learner.id, tokenId: learner.summary.id });
    expect(b).toMatchObject({ id: world.people.anotherLearner.id, tokenId: other.summary.id });
    expect(gone).toBeUndefined();
    expect(unknown).toBeUndefined();
  });
});
