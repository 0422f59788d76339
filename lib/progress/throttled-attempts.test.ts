// The record-first helper on an in-memory table (the database-backed cases, bursts included, are in
// tests/classroom/login-throttle.test.ts and join-throttle.test.ts).
import { expect, test } from "vitest";
import type { ThrottlePolicy } from "@/lib/auth/rate-limit";
import { beginThrottledAttempt, type AttemptRows, type ThrottledAttempt } from "./throttled-attempts";

type Row = { id: string; who: string; address: string; createdAt: Date };
type Where = (row: Row) => boolean;

const policy: ThrottlePolicy = { windowMs: 60_000, maxPerIdentity: 2, maxPerAddress: 3 };

function memoryTable(): { rows: Array<Row>; table: AttemptRows<Where> } {
  const rows: Array<Row> = [];
  return {
    rows,
    table: {
      count: async ({ where }) => rows.filter(where).length,
      findFirst: async ({ where, skip }) => {
        const match = rows.filter(where).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[skip];
        return match ? { createdAt: match.createdAt } : null;
      },
      deleteMany: async ({ where }) => {
        const index = rows.findIndex((row) => row.id === where.id);
        if (index >= 0) rows.splice(index, 1);
      },
    },
  };
}

function attempt(
  store: ReturnType<typeof memoryTable>,
  who: string,
  address: string,
  now: Date,
): ThrottledAttempt<Where> {
  return {
    policy,
    rows: store.table,
    record: async () => {
      const id = `a${store.rows.length}-${Math.random()}`;
      store.rows.push({ id, who, address, createdAt: now });
      return id;
    },
    buckets: (selfId, since) => ({
      identity: (row) => row.who === who && row.createdAt > since && row.id !== selfId,
      address: address ? (row) => row.address === address && row.createdAt > since && row.id !== selfId : undefined,
    }),
  };
}

test("an attempt does not count itself; past the limit it is refused with the reopening time and leaves no row", async () => {
  const store = memoryTable();
  const start = new Date("2026-11-28T08:00:00Z");
  const first = await beginThrottledAttempt(attempt(store, "ann", "", start), start);
  const second = await beginThrottledAttempt(
    attempt(store, "ann", "", new Date(start.getTime() + 10_000)),
    new Date(start.getTime() + 10_000),
  );
  expect([first.verdict, second.verdict]).toEqual([{ allowed: true }, { allowed: true }]);
  const now = new Date(start.getTime() + 20_000);
  const refused = await beginThrottledAttempt(attempt(store, "ann", "", now), now);
  // The oldest failure (at start) leaves the window at start + 60 s, 40 s from now.
  expect(refused.verdict).toEqual({ allowed: false, retryAfterSeconds: 40 });
  expect(store.rows.map((row) => row.id)).toEqual([first.attemptId, second.attemptId]);
  expect((await beginThrottledAttempt(attempt(store, "bob", "", now), now)).verdict).toEqual({ allowed: true });
});

test("the address bucket applies only when the address is known", async () => {
  const store = memoryTable();
  const now = new Date("2026-11-28T08:00:00Z");
  for (const who of ["a", "b", "c"])
    expect((await beginThrottledAttempt(attempt(store, who, "10.0.0.1", now), now)).verdict.allowed).toBe(true);
  expect((await beginThrottledAttempt(attempt(store, "d", "10.0.0.1", now), now)).verdict.allowed).toBe(false);
  expect((await beginThrottledAttempt(attempt(store, "d", "", now), now)).verdict.allowed).toBe(true);
  expect((await beginThrottledAttempt(attempt(store, "e", "10.0.0.2", now), now)).verdict.allowed).toBe(true);
});
