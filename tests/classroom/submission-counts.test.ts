// The submission limits (security review M8) count a learner's reports through the raw submission store: one
// statement per engine (lib/progress/submission-store.ts countSubmissions). It must agree with the Prisma counts it
// replaced (lib/progress/lab-attempts.ts countSubmissionsOf) on both engines, window edge included.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { countSubmissionsOf } from "@/lib/progress/lab-attempts";
import { createSubmissionStore, type SubmissionStore } from "@/lib/progress/submission-store";
import { availableProviders } from "./helpers/classroom-db";
import { seededClassroom } from "./helpers/seeded-classroom";
import { makeReport } from "./helpers/world";

const { providers } = await availableProviders();

describe.each(providers)("countSubmissions on %s", (provider) => {
  const suite = seededClassroom(provider, "submission-counts");
  let store: SubmissionStore;

  beforeAll(() => {
    store = createSubmissionStore(suite.database.url);
  });
  // Runs before seededClassroom's afterAll (hooks run in reverse order): the store closes first.
  afterAll(async () => {
    await store?.close();
  }, 60_000);

  test("counts all of a learner's reports and those after the window start, like the Prisma counts", async () => {
    const { database, world } = suite;
    const userId = world.people.learner.id;
    const other = world.people.anotherLearner.id;
    const base = Date.now() - 10 * 60_000;
    const since = new Date(base + 5 * 60_000);
    // Three before the window start, one exactly at it (not "after"), two after; another learner's never count.
    const times = [0, 1, 2, 5, 6, 7].map((minutes) => new Date(base + minutes * 60_000));
    for (const at of times) await store.recordAttempt(userId, randomUUID(), makeReport(), at);
    await store.recordAttempt(other, randomUUID(), makeReport(), new Date(base + 6 * 60_000));

    const counted = await store.countSubmissions(userId, since);
    expect(counted).toEqual(await countSubmissionsOf(database.db, userId, since));
    expect(counted).toEqual({ total: 6, recent: 2 });
    expect(await store.countSubmissions("cnobody000000000000000001", since)).toEqual({ total: 0, recent: 0 });
  });
});
