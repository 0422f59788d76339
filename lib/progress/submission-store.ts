/**
 * The POST /api/submissions hot path in plain SQL, on a raw connection lib/db.ts opens to the same database:
 * the bearer-token lookup (one indexed SELECT joined to the user) and the attempt + check results written in
 * ONE transaction. Both engines group-commit: submissions that arrive together share one transaction (SQLite: a
 * better-sqlite3 transaction with a savepoint each; PostgreSQL: one INSERT ... WITH statement for the batch) and
 * each is acknowledged only after that commit. PostgreSQL also shares one token query between the lookups of
 * one event-loop turn.
 * Profiling showed Prisma's query interpretation and per-query statement preparation costing more than the
 * writes themselves; here statements are prepared once per connection.
 *
 * It writes exactly the rows lib/progress/lab-attempts.ts writes (same columns, same value formats; Prisma reads
 * them back: tests/classroom/submission-store.test.ts) and caches nothing: a revoked token is refused by the
 * very next request on every instance.
 */
import { randomBytes } from "node:crypto";
import type pg from "pg";
import type Database from "better-sqlite3";
import { hashSecret, looksLikeApiToken } from "@/lib/auth/secrets";
import { closeRawConnection, openRawConnection, type RawConnection } from "@/lib/db";
import type { LabReport } from "@/lib/grading";
import { toAccountUser, type AccountUser } from "./accounts";
import { checkResultColumns, type CheckResultColumns, type StoredAttempt } from "./lab-attempts";
import { touchStaleBefore } from "./tokens";

export type TokenUser = AccountUser & { tokenId: string; lastUsedAt: Date | null };

export type SubmissionStore = {
  /** The user a bearer token belongs to; undefined for a malformed, unknown or revoked token. */
  findTokenUser(token: string): Promise<TokenUser | undefined>;
  /** lastUsedAt, written at most once per TOUCH_INTERVAL_MS per token (tokens.ts touchStaleBefore, as touchApiToken). */
  touchToken(tokenId: string, lastUsedAt: Date | null, now: Date): Promise<void>;
  /**
   * The learner's stored reports: all, and those submitted after `since` (the per-minute limit, security review M8).
   * One indexed statement (@@index([userId, submittedAt])) instead of two Prisma counts on every submission.
   */
  countSubmissions(userId: string, since: Date): Promise<{ total: number; recent: number }>;
  /** Idempotent on (userId, submissionId), like recordLabAttempt. */
  recordAttempt(userId: string, submissionId: string, report: LabReport, now: Date): Promise<StoredAttempt>;
  close(): Promise<void>;
};

/** Ids in the shape the routes accept (idParamSchema: 20-32 lowercase alphanumerics), like Prisma's cuids. */
export function newRowId(): string {
  return `c${randomBytes(12).toString("hex")}`;
}

/** Check rows sort by id in report order ("checks of this attempt" are read ordered by id). */
function checkRowId(attemptId: string, index: number): string {
  return `${attemptId}${String(index).padStart(3, "0")}`;
}

/**
 * The LabAttempt column values of one submission, in the order both INSERTs list them ("id" ... "configHash");
 * `time` writes a DateTime the way the driver stores it.
 */
function attemptValues(
  attemptId: string,
  userId: string,
  submissionId: string,
  report: LabReport,
  now: Date,
  time: (date: Date) => string,
) {
  return [
    attemptId,
    userId,
    submissionId,
    report.lab,
    report.contentHash,
    report.runtime,
    report.score,
    report.maxScore,
    time(new Date(report.startedAt)),
    time(new Date(report.finishedAt)),
    time(now),
    JSON.stringify(report),
    report.workspaceSource ?? null,
    report.configHash ?? null,
  ] as const;
}

type CheckRow = CheckResultColumns & { id: string };

/** The CheckResult rows of one submission, with ids in report order (the attempt's id and labId are added by the INSERT). */
function checkRows(attemptId: string, report: LabReport): Array<CheckRow> {
  return checkResultColumns(report).map((columns, index) => ({ id: checkRowId(attemptId, index), ...columns }));
}

export function createSubmissionStore(url: string): SubmissionStore {
  const connection: RawConnection = openRawConnection(url);
  return connection.provider === "sqlite"
    ? sqliteStore(connection.db, connection)
    : postgresStore(connection.pool, connection);
}

// ---------------------------------------------------------------------------------------------------------------
// SQLite. DateTime values are stored as the Prisma adapter stores them (ISO 8601 with "+00:00"), so Prisma reads
// them back and string comparison orders them.

function sqliteTime(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

type SqliteTokenRow = {
  tokenId: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  id: string;
  email: string | null;
  name: string;
  role: string;
};

function sqliteStore(db: Database.Database, connection: RawConnection): SubmissionStore {
  const findToken = db.prepare<[string], SqliteTokenRow>(
    `SELECT t."id" AS tokenId, t."revokedAt" AS revokedAt, t."lastUsedAt" AS lastUsedAt, u."id" AS id, u."email" AS email, u."name" AS name, u."role" AS role
       FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId" WHERE t."tokenHash" = ?`,
  );
  const touch = db.prepare(
    `UPDATE "ApiToken" SET "lastUsedAt" = ? WHERE "id" = ? AND ("lastUsedAt" IS NULL OR "lastUsedAt" < ?)`,
  );
  const insertAttempt = db.prepare(
    `INSERT INTO "LabAttempt" ("id", "userId", "submissionId", "labId", "contentHash", "runtime", "score", "maxScore", "startedAt", "finishedAt", "submittedAt", "report", "workspaceSource", "configHash")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("userId", "submissionId") DO NOTHING`,
  );
  const insertCheck = db.prepare(
    `INSERT INTO "CheckResult" ("id", "attemptId", "labId", "checkId", "status", "points", "maxPoints", "observed") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const countOf = db.prepare<[string, string], { total: number; recent: number | null }>(
    `SELECT count(*) AS total, sum(CASE WHEN "submittedAt" > ? THEN 1 ELSE 0 END) AS recent
       FROM "LabAttempt" WHERE "userId" = ?`,
  );
  const findAttempt = db.prepare<[string, string], { id: string }>(
    `SELECT "id" AS id FROM "LabAttempt" WHERE "userId" = ? AND "submissionId" = ?`,
  );

  // Nested inside recordBatch's transaction, so this runs as a SAVEPOINT: a failing attempt rolls back alone.
  const record = db.transaction((userId: string, submissionId: string, report: LabReport, now: Date): StoredAttempt => {
    const attemptId = newRowId();
    const inserted = insertAttempt.run(...attemptValues(attemptId, userId, submissionId, report, now, sqliteTime));
    if (inserted.changes === 0) {
      const existing = findAttempt.get(userId, submissionId);
      if (!existing) throw new Error("submission conflict without a stored attempt");
      return { attemptId: existing.id, duplicate: true };
    }
    for (const check of checkRows(attemptId, report)) {
      insertCheck.run(
        check.id,
        attemptId,
        report.lab,
        check.checkId,
        check.status,
        check.points,
        check.maxPoints,
        check.observed,
      );
    }
    return { attemptId, duplicate: false };
  });

  /*
   * Group commit. With synchronous = FULL every COMMIT waits for an fsync (~2 ms here), and better-sqlite3 waits
   * on the event loop's thread, so one transaction per submission caps a process at a few hundred per second.
   * Submissions that arrive in the same event-loop turn are written in ONE transaction (each in its own
   * savepoint) and every one is acknowledged only after that COMMIT returned: as durable as one by one, one fsync.
   */
  type Pending = {
    userId: string;
    submissionId: string;
    report: LabReport;
    now: Date;
    resolve: (stored: StoredAttempt) => void;
    reject: (error: unknown) => void;
  };
  let pending: Array<Pending> = [];
  type Outcome = { ok: true; stored: StoredAttempt } | { ok: false; error: unknown };
  // IMMEDIATE: take the write lock at BEGIN, so a busy database waits (busy_timeout) instead of failing mid-way.
  const recordBatch = db.transaction((batch: ReadonlyArray<Pending>): Array<Outcome> =>
    batch.map((item): Outcome => {
      try {
        return { ok: true, stored: record(item.userId, item.submissionId, item.report, item.now) };
      } catch (error) {
        return { ok: false, error };
      }
    }),
  );
  function flush(): void {
    const batch = pending;
    pending = [];
    let outcomes: Array<Outcome>;
    try {
      outcomes = recordBatch.immediate(batch);
    } catch (error) {
      // The COMMIT itself failed (disk full, lock timeout): nothing of the batch is stored, nothing acknowledged.
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok) item.resolve(outcome.stored);
      else item.reject(outcome ? outcome.error : new Error("missing batch outcome"));
    });
  }

  return {
    async findTokenUser(token) {
      if (!looksLikeApiToken(token)) return undefined;
      const row = findToken.get(hashSecret(token));
      if (!row || row.revokedAt !== null) return undefined;
      return {
        ...toAccountUser(row),
        tokenId: row.tokenId,
        lastUsedAt: row.lastUsedAt === null ? null : new Date(row.lastUsedAt),
      };
    },
    async touchToken(tokenId, lastUsedAt, now) {
      const staleBefore = touchStaleBefore(lastUsedAt, now);
      if (staleBefore) touch.run(sqliteTime(now), tokenId, sqliteTime(staleBefore));
    },
    async countSubmissions(userId, since) {
      const row = countOf.get(sqliteTime(since), userId);
      return { total: row?.total ?? 0, recent: row?.recent ?? 0 };
    },
    recordAttempt(userId, submissionId, report, now) {
      return new Promise<StoredAttempt>((resolve, reject) => {
        pending.push({ userId, submissionId, report, now, resolve, reject });
        if (pending.length === 1) setImmediate(flush);
      });
    },
    close: () => closeRawConnection(connection),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL. Prisma's DateTime columns are timestamp(3) WITHOUT time zone holding UTC: values go in and come out
// through `AT TIME ZONE 'UTC'`, so the server's or the client's time zone never shifts them.
//
// Profiling two instances under `npm run bench:progress` showed a third of the API's busy CPU in socket writes
// (writev), half of them sending queries to the database (on loopback the sender also pays for the receiver's
// TCP work), plus pg's per-query bookkeeping: two round trips per submission (token lookup, insert). So both are
// batched like SQLite's group commit: token lookups that arrive in one event-loop turn share ONE query, and
// submissions share ONE INSERT statement (one transaction, one WAL flush) while at most
// PG_BATCHES_IN_FLIGHT such statements are running; whatever arrives meanwhile forms the next batch, so batches
// grow with the load. Every submission is acknowledged only after its statement returned (committed).

type PgTokenRow = {
  tokenHash: string;
  tokenId: string;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  id: string;
  email: string | null;
  name: string;
  role: string;
};

// Named statements are parsed once per pooled connection.
const PG_FIND_TOKENS = `SELECT t."tokenHash", t."id" AS "tokenId", t."revokedAt" AT TIME ZONE 'UTC' AS "revokedAt", t."lastUsedAt" AT TIME ZONE 'UTC' AS "lastUsedAt",
       u."id", u."email", u."name", u."role"
  FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId" WHERE t."tokenHash" = ANY($1::text[])`;

const PG_COUNT_SUBMISSIONS = `SELECT count(*)::int AS "total",
       count(*) FILTER (WHERE "submittedAt" > $2::timestamptz AT TIME ZONE 'UTC')::int AS "recent"
  FROM "LabAttempt" WHERE "userId" = $1`;

const PG_TOUCH = `UPDATE "ApiToken" SET "lastUsedAt" = $2::timestamptz AT TIME ZONE 'UTC'
  WHERE "id" = $1 AND ("lastUsedAt" IS NULL OR "lastUsedAt" < $3::timestamptz AT TIME ZONE 'UTC')`;

// One statement is one transaction: the attempt and its checks are stored together or not at all. A retried
// submission id conflicts, inserts nothing and returns no row. Used alone when a batch failed (see below).
const PG_RECORD = `WITH attempt AS (
    INSERT INTO "LabAttempt" ("id", "userId", "submissionId", "labId", "contentHash", "runtime", "score", "maxScore", "startedAt", "finishedAt", "submittedAt", "report", "workspaceSource", "configHash")
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamptz AT TIME ZONE 'UTC', $10::timestamptz AT TIME ZONE 'UTC', $11::timestamptz AT TIME ZONE 'UTC', $12::jsonb, $13, $14)
    ON CONFLICT ("userId", "submissionId") DO NOTHING
    RETURNING "id"
  ), checks AS (
    INSERT INTO "CheckResult" ("id", "attemptId", "labId", "checkId", "status", "points", "maxPoints", "observed")
    SELECT c.row_id, attempt."id", $4, c.check_id, c.status, c.points, c.max_points, c.observed
      FROM attempt, unnest($15::text[], $16::text[], $17::text[], $18::int[], $19::int[], $20::text[]) AS c(row_id, check_id, status, points, max_points, observed)
  )
  SELECT "id" FROM attempt`;

// A whole batch in one statement: $1 is a JSON array of PgBatchItem (one JSON.stringify on our side, one parse
// on the server's, no per-value parameters). Attempts whose (userId, submissionId) already exists insert nothing
// and are not returned; check rows are inserted only for the attempts that were.
const PG_RECORD_BATCH = `WITH input AS (
    SELECT * FROM json_to_recordset($1::json) AS a("id" text, "userId" text, "submissionId" text, "labId" text, "contentHash" text, "runtime" text,
      "score" int, "maxScore" int, "startedAt" timestamptz, "finishedAt" timestamptz, "submittedAt" timestamptz, "report" jsonb, "workspaceSource" text, "configHash" text, "checks" json)
  ), attempt AS (
    INSERT INTO "LabAttempt" ("id", "userId", "submissionId", "labId", "contentHash", "runtime", "score", "maxScore", "startedAt", "finishedAt", "submittedAt", "report", "workspaceSource", "configHash")
    SELECT "id", "userId", "submissionId", "labId", "contentHash", "runtime", "score", "maxScore",
           "startedAt" AT TIME ZONE 'UTC', "finishedAt" AT TIME ZONE 'UTC', "submittedAt" AT TIME ZONE 'UTC', "report",
           "workspaceSource", "configHash"
      FROM input
    ON CONFLICT ("userId", "submissionId") DO NOTHING
    RETURNING "id", "labId"
  ), checks AS (
    INSERT INTO "CheckResult" ("id", "attemptId", "labId", "checkId", "status", "points", "maxPoints", "observed")
    SELECT c."id", attempt."id", attempt."labId", c."checkId", c."status", c."points", c."maxPoints", c."observed"
      FROM attempt JOIN input ON input."id" = attempt."id",
           json_to_recordset(input."checks") AS c("id" text, "checkId" text, "status" text, "points" int, "maxPoints" int, "observed" text)
  )
  SELECT "id" FROM attempt`;

const PG_FIND_ATTEMPTS = `SELECT a."userId", a."submissionId", a."id" FROM "LabAttempt" a
  JOIN unnest($1::text[], $2::text[]) AS k("userId", "submissionId") ON a."userId" = k."userId" AND a."submissionId" = k."submissionId"`;

/** Statements running at once per store; more batches would only make each smaller. */
export const PG_BATCHES_IN_FLIGHT = 2;
/** Submissions per statement (bounded so one statement's JSON stays a few MB at most). */
export const PG_MAX_BATCH = 50;

type PgBatchItem = {
  id: string;
  userId: string;
  submissionId: string;
  labId: string;
  contentHash: string;
  runtime: string;
  score: number;
  maxScore: number;
  startedAt: string;
  finishedAt: string;
  submittedAt: string;
  report: LabReport;
  workspaceSource: string | null;
  configHash: string | null;
  checks: Array<CheckRow>;
};

function pgBatchItem(
  attemptId: string,
  userId: string,
  submissionId: string,
  report: LabReport,
  now: Date,
): PgBatchItem {
  const iso = (date: Date) => date.toISOString();
  return {
    id: attemptId,
    userId,
    submissionId,
    labId: report.lab,
    contentHash: report.contentHash,
    runtime: report.runtime,
    score: report.score,
    maxScore: report.maxScore,
    startedAt: iso(new Date(report.startedAt)),
    finishedAt: iso(new Date(report.finishedAt)),
    submittedAt: iso(now),
    report,
    workspaceSource: report.workspaceSource ?? null,
    configHash: report.configHash ?? null,
    checks: checkRows(attemptId, report),
  };
}

type PgPending = {
  userId: string;
  submissionId: string;
  report: LabReport;
  now: Date;
  resolve: (stored: StoredAttempt) => void;
  reject: (error: unknown) => void;
};

function submissionKey(userId: string, submissionId: string): string {
  return `${userId}\u0000${submissionId}`;
}

/**
 * Whether a PostgreSQL error is about the data of the statement: SQLSTATE class 22 (data exception: a bad value,
 * e.g. "\u0000 cannot be converted to text") or 23 (integrity constraint violation, e.g. a user deleted meanwhile).
 */
export function isPgDataError(error: unknown): boolean {
  if (error === null || typeof error !== "object" || !("code" in error)) return false;
  const { code } = error;
  return typeof code === "string" && /^2[23][0-9A-Z]{3}$/.test(code);
}

/** The part of pg.Pool the store uses (a fake of it drives the unit tests of the group commit). */
export type PgQueryable = {
  query<R extends pg.QueryResultRow>(config: pg.QueryConfig<Array<unknown>>): Promise<{ rows: Array<R> }>;
};

function postgresStore(pool: pg.Pool, connection: RawConnection): SubmissionStore {
  return postgresSubmissionStore(pool, () => closeRawConnection(connection));
}

/** The PostgreSQL store on any pool-like client; createSubmissionStore is the entry point, this is exported for tests. */
export function postgresSubmissionStore(pool: PgQueryable, close: () => Promise<void>): SubmissionStore {
  // ---- token lookups: one query per event-loop turn --------------------------------------------------------
  let lookups = new Map<
    string,
    Array<{ resolve: (row: PgTokenRow | undefined) => void; reject: (error: unknown) => void }>
  >();
  async function flushLookups(): Promise<void> {
    const batch = lookups;
    lookups = new Map();
    try {
      const { rows } = await pool.query<PgTokenRow>({
        name: "clusterlab_find_tokens",
        text: PG_FIND_TOKENS,
        values: [[...batch.keys()]],
      });
      const byHash = new Map(rows.map((row) => [row.tokenHash, row]));
      for (const [hash, waiters] of batch) for (const waiter of waiters) waiter.resolve(byHash.get(hash));
    } catch (error) {
      for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
    }
  }
  function lookupToken(hash: string): Promise<PgTokenRow | undefined> {
    return new Promise((resolve, reject) => {
      if (lookups.size === 0) setImmediate(() => void flushLookups());
      const waiters = lookups.get(hash);
      if (waiters) waiters.push({ resolve, reject });
      else lookups.set(hash, [{ resolve, reject }]);
    });
  }

  // ---- submissions: group commit ---------------------------------------------------------------------------
  let pending: Array<PgPending> = [];
  let inFlight = 0;
  let scheduled = false;

  function schedule(): void {
    if (scheduled || inFlight >= PG_BATCHES_IN_FLIGHT || pending.length === 0) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      while (inFlight < PG_BATCHES_IN_FLIGHT && pending.length > 0) {
        const batch = pending.slice(0, PG_MAX_BATCH);
        pending = pending.slice(batch.length);
        inFlight += 1;
        // recordBatch settles every item itself; this catch only guards against a bug leaving one hanging.
        void recordBatch(batch)
          .catch((error: unknown) => {
            for (const item of batch) item.reject(error);
          })
          .finally(() => {
            inFlight -= 1;
            schedule();
          });
      }
    });
  }

  /** One submission alone (its own statement): the fallback when a batch failed, so only the bad one fails. */
  async function recordOne(item: PgPending): Promise<StoredAttempt> {
    const attemptId = newRowId();
    const checks = checkRows(attemptId, item.report);
    const { rows } = await pool.query<{ id: string }>({
      name: "clusterlab_record_attempt",
      text: PG_RECORD,
      values: [
        ...attemptValues(attemptId, item.userId, item.submissionId, item.report, item.now, (date) =>
          date.toISOString(),
        ),
        checks.map((c) => c.id),
        checks.map((c) => c.checkId),
        checks.map((c) => c.status),
        checks.map((c) => c.points),
        checks.map((c) => c.maxPoints),
        checks.map((c) => c.observed),
      ],
    });
    if (rows[0]) return { attemptId: rows[0].id, duplicate: false };
    const existing = await findAttempts([item]);
    const id = existing.get(submissionKey(item.userId, item.submissionId));
    if (!id) throw new Error("submission conflict without a stored attempt");
    return { attemptId: id, duplicate: true };
  }

  async function findAttempts(
    items: ReadonlyArray<{ userId: string; submissionId: string }>,
  ): Promise<Map<string, string>> {
    const { rows } = await pool.query<{ userId: string; submissionId: string; id: string }>({
      name: "clusterlab_find_attempts",
      text: PG_FIND_ATTEMPTS,
      values: [items.map((i) => i.userId), items.map((i) => i.submissionId)],
    });
    return new Map(rows.map((row) => [submissionKey(row.userId, row.submissionId), row.id]));
  }

  async function recordBatch(batch: ReadonlyArray<PgPending>): Promise<void> {
    if (batch.length === 1) {
      const [only] = batch;
      if (only) await recordOne(only).then(only.resolve, only.reject);
      return;
    }
    // The same submission id twice in one batch (a retry racing its original) goes in once; the copies answer
    // with that attempt as duplicates, exactly as if they had arrived after it.
    const firsts = new Map<string, { item: PgPending; attemptId: string; copies: Array<PgPending> }>();
    for (const item of batch) {
      const key = submissionKey(item.userId, item.submissionId);
      const first = firsts.get(key);
      if (first) first.copies.push(item);
      else firsts.set(key, { item, attemptId: newRowId(), copies: [] });
    }
    let inserted: Set<string>;
    try {
      const payload = JSON.stringify(
        [...firsts.values()].map(({ item, attemptId }) =>
          pgBatchItem(attemptId, item.userId, item.submissionId, item.report, item.now),
        ),
      );
      const { rows } = await pool.query<{ id: string }>({
        name: "clusterlab_record_batch",
        text: PG_RECORD_BATCH,
        values: [payload],
      });
      inserted = new Set(rows.map((row) => row.id));
    } catch (error) {
      // Nothing of the batch was stored (one statement). A data error (one submission's values were refused) is
      // retried per item, so only the bad submission fails; anything else (a lost connection, a shutdown, a
      // timeout) would fail each retry the same way, so the whole batch fails with it at once, in one query.
      if (!isPgDataError(error)) {
        for (const item of batch) item.reject(error);
        return;
      }
      await Promise.all(batch.map((item) => recordOne(item).then(item.resolve, item.reject)));
      return;
    }
    const conflicted = [...firsts.values()].filter((entry) => !inserted.has(entry.attemptId));
    let existing = new Map<string, string>();
    if (conflicted.length > 0) {
      try {
        existing = await findAttempts(conflicted.map((entry) => entry.item));
      } catch (error) {
        for (const entry of conflicted) for (const item of [entry.item, ...entry.copies]) item.reject(error);
        return;
      }
    }
    for (const [key, entry] of firsts) {
      const fresh = inserted.has(entry.attemptId);
      const attemptId = fresh ? entry.attemptId : existing.get(key);
      if (attemptId === undefined) {
        const error = new Error("submission conflict without a stored attempt");
        for (const item of [entry.item, ...entry.copies]) item.reject(error);
        continue;
      }
      entry.item.resolve({ attemptId, duplicate: !fresh });
      for (const copy of entry.copies) copy.resolve({ attemptId, duplicate: true });
    }
  }

  return {
    async findTokenUser(token) {
      if (!looksLikeApiToken(token)) return undefined;
      const row = await lookupToken(hashSecret(token));
      if (!row || row.revokedAt !== null) return undefined;
      return { ...toAccountUser(row), tokenId: row.tokenId, lastUsedAt: row.lastUsedAt };
    },
    async touchToken(tokenId, lastUsedAt, now) {
      const staleBefore = touchStaleBefore(lastUsedAt, now);
      if (staleBefore)
        await pool.query({
          name: "clusterlab_touch_token",
          text: PG_TOUCH,
          values: [tokenId, now.toISOString(), staleBefore.toISOString()],
        });
    },
    async countSubmissions(userId, since) {
      const { rows } = await pool.query<{ total: number; recent: number }>({
        name: "clusterlab_count_submissions",
        text: PG_COUNT_SUBMISSIONS,
        values: [userId, since.toISOString()],
      });
      return { total: rows[0]?.total ?? 0, recent: rows[0]?.recent ?? 0 };
    },
    recordAttempt(userId, submissionId, report, now) {
      return new Promise<StoredAttempt>((resolve, reject) => {
        pending.push({ userId, submissionId, report, now, resolve, reject });
        schedule();
      });
    },
    close,
  };
}
