// The PostgreSQL group commit's failure handling, on a fake pool (the real-database behaviour is in
// tests/classroom/submission-batch.test.ts): only a data error in the batch statement is retried per item.
import { randomUUID } from "node:crypto";
import { expect, test } from "vitest";
import { makeReport } from "./report-fixtures";
import { isPgDataError, postgresSubmissionStore, type PgQueryable } from "./submission-store";

type FakeAnswer = (name: string | undefined, values: ReadonlyArray<unknown>) => Array<{ id: string }>;

function pgError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}

/** A pool whose query answers by statement name; it records every statement it was asked to run. */
function fakePool(answer: FakeAnswer): PgQueryable & { names: Array<string | undefined> } {
  const names: Array<string | undefined> = [];
  return {
    names,
    async query<R>(config: { name?: string; values?: Array<unknown> }): Promise<{ rows: Array<R> }> {
      names.push(config.name);
      await Promise.resolve();
      return { rows: answer(config.name, config.values ?? []) as Array<R> };
    },
  };
}

function submitFive(pool: PgQueryable) {
  const store = postgresSubmissionStore(pool, async () => {});
  return Promise.allSettled(
    Array.from({ length: 5 }, () =>
      store.recordAttempt("cuser0000000000000000001", randomUUID(), makeReport(), new Date()),
    ),
  );
}

test("a non-data error in the batch statement rejects the whole batch with it, without per-item retries", async () => {
  const lost = pgError("57P01", "terminating connection due to administrator command");
  const pool = fakePool(() => {
    throw lost;
  });
  const results = await submitFive(pool);
  expect(results.map((r) => r.status)).toEqual(Array(5).fill("rejected"));
  for (const result of results) if (result.status === "rejected") expect(result.reason).toBe(lost);
  expect(pool.names).toEqual(["clusterlab_record_batch"]);
});

test("an error without a SQLSTATE (a dropped socket) is not retried per item either", async () => {
  const pool = fakePool(() => {
    throw new Error("Connection terminated unexpectedly");
  });
  const results = await submitFive(pool);
  expect(results.every((r) => r.status === "rejected")).toBe(true);
  expect(pool.names).toEqual(["clusterlab_record_batch"]);
});

test("a data error in the batch statement retries each submission alone, so only the bad one fails", async () => {
  let singles = 0;
  const pool = fakePool((name, values) => {
    if (name === "clusterlab_record_batch") throw pgError("22P05", "unsupported Unicode escape sequence");
    singles += 1;
    if (singles === 3) throw pgError("23503", "insert or update on table violates foreign key constraint");
    return [{ id: String(values[0]) }];
  });
  const results = await submitFive(pool);
  expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(4);
  expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
  expect(pool.names).toEqual(["clusterlab_record_batch", ...Array(5).fill("clusterlab_record_attempt")]);
});

test("data errors are SQLSTATE classes 22 and 23 only", () => {
  expect(isPgDataError(pgError("22P05", "x"))).toBe(true);
  expect(isPgDataError(pgError("23505", "x"))).toBe(true);
  expect(isPgDataError(pgError("57P01", "x"))).toBe(false);
  expect(isPgDataError(pgError("08006", "x"))).toBe(false);
  expect(isPgDataError(pgError("ECONNRESET", "x"))).toBe(false);
  expect(isPgDataError(new Error("no code"))).toBe(false);
  expect(isPgDataError("22000")).toBe(false);
});
