// The raw-SQL submission path (lib/progress/submission-store.ts) against SQLite and PostgreSQL: what it writes
// reads back through Prisma exactly as an attempt Prisma wrote; retries are stored once; a half-written attempt
// is never visible; token revocation and lastUsedAt take effect on the next request (nothing is cached).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { labReportSchema, type LabReport } from "@/lib/grading";
import { listAttemptsOfUsers, recordLabAttempt } from "@/lib/progress/lab-attempts";
import { createSubmissionStore, type SubmissionStore } from "@/lib/progress/submission-store";
import { validateSubmission } from "@/lib/progress/submission-validation";
import { createApiToken, listApiTokens, revokeApiToken } from "@/lib/progress/tokens";
import { availableProviders } from "./helpers/classroom-db";
import { seededClassroom } from "./helpers/seeded-classroom";
import { demoCatalog, makeReport } from "./helpers/world";

const { providers, skipped } = await availableProviders();
if (skipped) console.warn(`submission-store: PostgreSQL skipped (${skipped})`);

describe.each(providers)("submission store on %s", (provider) => {
  const suite = seededClassroom(provider, `store-${provider.slice(0, 2)}`);
  let store: SubmissionStore;

  beforeAll(() => {
    store = createSubmissionStore(suite.database.url);
  });

  // Runs before seededClassroom's afterAll (vitest runs afterAll hooks in reverse order): the store closes first.
  afterAll(async () => {
    await store?.close();
  }, 60_000);

  test("an attempt stored by SQL reads back through Prisma like one Prisma stored", async () => {
    const report = makeReport(["pass", "fail", "error"], new Date("2026-11-28T04:30:00.123Z"));
    const learner = suite.world.people.learner.id;
    const other = suite.world.people.anotherLearner.id;
    const viaSql = await store.recordAttempt(learner, randomUUID(), report, new Date());
    const viaPrisma = await recordLabAttempt(suite.database.db, other, randomUUID(), report);
    expect(viaSql.duplicate).toBe(false);
    expect(viaSql.attemptId).toMatch(/^[a-z0-9]{20,32}$/);
    const [sqlRecord] = await listAttemptsOfUsers(suite.database.db, [learner]);
    const [prismaRecord] = await listAttemptsOfUsers(suite.database.db, [other]);
    if (!sqlRecord || !prismaRecord) throw new Error("attempt not found");
    const comparable = ({ id: _id, learner: _learner, submittedAt: _submitted, ...rest }: typeof sqlRecord) => rest;
    expect(comparable(sqlRecord)).toEqual(comparable(prismaRecord));
    expect(sqlRecord.finishedAt.toISOString()).toBe("2026-11-28T04:30:00.123Z");
    expect(sqlRecord.checks.map((c) => c.checkId)).toEqual(report.checks.map((c) => c.id));
    expect(Math.abs(sqlRecord.submittedAt.getTime() - Date.now())).toBeLessThan(60_000);
    const stored = await suite.database.db.labAttempt.findUnique({
      where: { id: viaSql.attemptId },
      select: { report: true },
    });
    expect(stored?.report).toEqual(report);
    expect(viaPrisma.duplicate).toBe(false);
  });

  test("a report with NUL characters in its evidence is accepted and stored the same on either backend", async () => {
    const raw = makeReport(["pass", "fail", "pass"]);
    const [first, second, third] = raw.checks;
    if (!first || !second || !third) throw new Error("the demo report has three checks");
    const nul = {
      ...second,
      evidence: { expected: "2 members", observed: "HTTP/1.1 200 OK\r\n\r\n\u0000\u0000binary", log: ["x\u0000y"] },
    };
    const userId = suite.world.people.learner.id;
    const verdicts = [0, 1].map(() =>
      validateSubmission(
        { submissionId: randomUUID(), report: { ...raw, checks: [first, nul, third] } },
        demoCatalog,
        new Date(),
      ),
    );
    const valid = verdicts.flatMap((verdict) => (verdict.ok ? [verdict] : []));
    expect(valid).toHaveLength(2);
    // Two at once: on PostgreSQL they share the batch statement (json_to_recordset), the path NUL used to break.
    const stored = await Promise.all(
      valid.map((v) => store.recordAttempt(userId, v.submissionId, v.report, new Date())),
    );
    const expectedObserved = "HTTP/1.1 200 OK\r\n\r\n\uFFFD\uFFFDbinary";
    for (const { attemptId } of stored) {
      const row = await suite.database.db.labAttempt.findUnique({
        where: { id: attemptId },
        select: { report: true, checks: { select: { observed: true }, orderBy: { id: "asc" } } },
      });
      const report = labReportSchema.parse(row?.report);
      expect(report.checks[1]?.evidence).toEqual({
        expected: "2 members",
        observed: expectedObserved,
        log: ["x\uFFFDy"],
      });
      expect(row?.checks.map((c) => c.observed)).toEqual(["2 members", expectedObserved, "2 members"]);
    }
  });

  test("a retried submission id is stored once and answers with the first attempt", async () => {
    const submissionId = randomUUID();
    const userId = suite.world.people.anotherLearner.id;
    const before = await suite.database.db.labAttempt.count({ where: { userId } });
    const first = await store.recordAttempt(userId, submissionId, makeReport(), new Date());
    const again = await store.recordAttempt(userId, submissionId, makeReport(), new Date());
    expect(again).toEqual({ attemptId: first.attemptId, duplicate: true });
    expect(await suite.database.db.labAttempt.count({ where: { userId } })).toBe(before + 1);
    expect(await suite.database.db.checkResult.count({ where: { attemptId: first.attemptId } })).toBe(3);
  });

  test("the attempt and its checks are one transaction: a failing check row leaves nothing behind", async () => {
    const userId = suite.world.people.learner.id;
    const before = await suite.database.db.labAttempt.count();
    const base = makeReport();
    const [firstCheck] = base.checks;
    if (!firstCheck) throw new Error("no checks");
    // Two rows with one check id violate CheckResult's (attemptId, checkId) key after the attempt row went in.
    const broken: LabReport = { ...base, checks: [...base.checks, firstCheck] };
    await expect(store.recordAttempt(userId, randomUUID(), broken, new Date())).rejects.toThrow();
    expect(await suite.database.db.labAttempt.count()).toBe(before);
  });

  test("submissions arriving together are stored together, except the one that fails", async () => {
    const userId = suite.world.people.anotherLearner.id;
    const before = await suite.database.db.labAttempt.count({ where: { userId } });
    const base = makeReport();
    const [firstCheck] = base.checks;
    if (!firstCheck) throw new Error("no checks");
    const shared = randomUUID();
    const outcomes = await Promise.allSettled([
      store.recordAttempt(userId, randomUUID(), base, new Date()),
      store.recordAttempt(userId, randomUUID(), { ...base, checks: [...base.checks, firstCheck] }, new Date()),
      store.recordAttempt(userId, shared, base, new Date()),
      store.recordAttempt(userId, shared, base, new Date()),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
    const [, , third, fourth] = outcomes;
    if (third?.status !== "fulfilled" || fourth?.status !== "fulfilled") throw new Error("unexpected");
    // Same submission id twice at once: stored once, both answers name that attempt (which one wins is a race).
    expect(fourth.value.attemptId).toBe(third.value.attemptId);
    expect([third.value.duplicate, fourth.value.duplicate].sort()).toEqual([false, true]);
    expect(await suite.database.db.labAttempt.count({ where: { userId } })).toBe(before + 2);
  });

  test("token lookup: valid, unknown, malformed; revocation and lastUsedAt are seen by the next request", async () => {
    const { token, summary } = await createApiToken(suite.database.db, suite.world.people.learner.id, "store test");
    const found = await store.findTokenUser(token);
    expect(found).toMatchObject({
      id: suite.world.people.learner.id,
      email: "learner@example.test",
      role: "learner",
      tokenId: summary.id,
      lastUsedAt: null,
    });
    expect(await store.findTokenUser(`clt_${"A".repeat(43)}`)).toBeUndefined();
    expect(await store.findTokenUser("not a token")).toBeUndefined();

    const now = new Date("2026-11-28T05:00:00.000Z");
    await store.touchToken(summary.id, null, now);
    const touched = await store.findTokenUser(token);
    expect(touched?.lastUsedAt?.toISOString()).toBe(now.toISOString());
    const listed = (await listApiTokens(suite.database.db, suite.world.people.learner.id)).find(
      (t) => t.id === summary.id,
    );
    expect(listed?.lastUsedAt?.toISOString()).toBe(now.toISOString());
    // Within the interval nothing is written.
    await store.touchToken(summary.id, now, new Date(now.getTime() + 1_000));
    expect((await store.findTokenUser(token))?.lastUsedAt?.toISOString()).toBe(now.toISOString());

    expect(await revokeApiToken(suite.database.db, suite.world.people.learner.id, summary.id, new Date())).toBe(true);
    expect(await store.findTokenUser(token)).toBeUndefined();
  });
});
