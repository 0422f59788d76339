/**
 * The POST /api/submissions hot path in plain SQL, on a raw connection lib/db.ts opens to the same database:
 * the bearer-token lookup (one indexed SELECT joined to the user) and the attempt + check results written in
 * ONE transaction (SQLite: a better-sqlite3 transaction; PostgreSQL: a single INSERT ... WITH statement, so one
 * round trip). SQLite also commits submissions that arrive together in one transaction ("Group commit" below).
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
import { roleSchema } from "@/lib/auth/roles";
import { closeRawConnection, openRawConnection, type RawConnection } from "@/lib/db";
import type { LabReport } from "@/lib/grading";
import type { AccountUser } from "./accounts";
import { OBSERVED_MAX_CHARS, type StoredAttempt } from "./lab-attempts";
import { TOUCH_INTERVAL_MS } from "./tokens";

export type TokenUser = AccountUser & { tokenId: string; lastUsedAt: Date | null };

export type SubmissionStore = {
  /** The user a bearer token belongs to; undefined for a malformed, unknown or revoked token. */
  findTokenUser(token: string): Promise<TokenUser | undefined>;
  /** lastUsedAt, written at most once per TOUCH_INTERVAL_MS per token (as tokens.ts touchApiToken). */
  touchToken(tokenId: string, lastUsedAt: Date | null, now: Date): Promise<void>;
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
 * The LabAttempt column values of one submission, in the order both INSERTs list them ("id" ... "report");
 * `time` writes a DateTime the way the driver stores it.
 */
function attemptValues(attemptId: string, userId: string, submissionId: string, report: LabReport, now: Date, time: (date: Date) => string) {
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
  ] as const;
}

type CheckRow = { id: string; checkId: string; status: string; points: number; maxPoints: number; observed: string };

/** The CheckResult rows of one submission (the columns besides "attemptId" and "labId", which are the attempt's). */
function checkRows(attemptId: string, report: LabReport): Array<CheckRow> {
  return report.checks.map((check, index) => ({
    id: checkRowId(attemptId, index),
    checkId: check.id,
    status: check.status,
    points: check.points,
    maxPoints: check.maxPoints,
    observed: check.evidence.observed.slice(0, OBSERVED_MAX_CHARS),
  }));
}

function toAccountUser(row: { id: string; email: string | null; name: string; role: string }): AccountUser {
  const role = roleSchema.safeParse(row.role);
  return { id: row.id, email: row.email, name: row.name, role: role.success ? role.data : "learner" };
}

export function createSubmissionStore(url: string): SubmissionStore {
  const connection: RawConnection = openRawConnection(url);
  return connection.provider === "sqlite" ? sqliteStore(connection.db, connection) : postgresStore(connection.pool, connection);
}

// ---------------------------------------------------------------------------------------------------------------
// SQLite. DateTime values are stored as the Prisma adapter stores them (ISO 8601 with "+00:00"), so Prisma reads
// them back and string comparison orders them.

function sqliteTime(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

type SqliteTokenRow = { tokenId: string; revokedAt: string | null; lastUsedAt: string | null; id: string; email: string | null; name: string; role: string };

function sqliteStore(db: Database.Database, connection: RawConnection): SubmissionStore {
  const findToken = db.prepare<[string], SqliteTokenRow>(
    `SELECT t."id" AS tokenId, t."revokedAt" AS revokedAt, t."lastUsedAt" AS lastUsedAt, u."id" AS id, u."email" AS email, u."name" AS name, u."role" AS role
       FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId" WHERE t."tokenHash" = ?`,
  );
  const touch = db.prepare(`UPDATE "ApiToken" SET "lastUsedAt" = ? WHERE "id" = ? AND ("lastUsedAt" IS NULL OR "lastUsedAt" < ?)`);
  const insertAttempt = db.prepare(
    `INSERT INTO "LabAttempt" ("id", "userId", "submissionId", "labId", "contentHash", "runtime", "score", "maxScore", "startedAt", "finishedAt", "submittedAt", "report")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("userId", "submissionId") DO NOTHING`,
  );
  const insertCheck = db.prepare(
    `INSERT INTO "CheckResult" ("id", "attemptId", "labId", "checkId", "status", "points", "maxPoints", "observed") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const findAttempt = db.prepare<[string, string], { id: string }>(`SELECT "id" AS id FROM "LabAttempt" WHERE "userId" = ? AND "submissionId" = ?`);

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
      insertCheck.run(check.id, attemptId, report.lab, check.checkId, check.status, check.points, check.maxPoints, check.observed);
    }
    return { attemptId, duplicate: false };
  });

  /*
   * Group commit. With synchronous = FULL every COMMIT waits for an fsync (~2 ms here), and better-sqlite3 waits
   * on the event loop's thread, so one transaction per submission caps a process at a few hundred per second.
   * Submissions that arrive in the same event-loop turn are written in ONE transaction (each in its own
   * savepoint) and every one is acknowledged only after that COMMIT returned: as durable as one by one, one fsync.
   */
  type Pending = { userId: string; submissionId: string; report: LabReport; now: Date; resolve: (stored: StoredAttempt) => void; reject: (error: unknown) => void };
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
      return { ...toAccountUser(row), tokenId: row.tokenId, lastUsedAt: row.lastUsedAt === null ? null : new Date(row.lastUsedAt) };
    },
    async touchToken(tokenId, lastUsedAt, now) {
      if (lastUsedAt && now.getTime() - lastUsedAt.getTime() < TOUCH_INTERVAL_MS) return;
      touch.run(sqliteTime(now), tokenId, sqliteTime(new Date(now.getTime() - TOUCH_INTERVAL_MS)));
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

type PgTokenRow = { tokenId: string; revokedAt: Date | null; lastUsedAt: Date | null; id: string; email: string | null; name: string; role: string };

const PG_FIND_TOKEN = `SELECT t."id" AS "tokenId", t."revokedAt" AT TIME ZONE 'UTC' AS "revokedAt", t."lastUsedAt" AT TIME ZONE 'UTC' AS "lastUsedAt",
       u."id", u."email", u."name", u."role"
  FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId" WHERE t."tokenHash" = $1`;

const PG_TOUCH = `UPDATE "ApiToken" SET "lastUsedAt" = $2::timestamptz AT TIME ZONE 'UTC'
  WHERE "id" = $1 AND ("lastUsedAt" IS NULL OR "lastUsedAt" < $3::timestamptz AT TIME ZONE 'UTC')`;

// One statement is one transaction: the attempt and its checks are stored together or not at all. A retried
// submission id conflicts, inserts nothing and returns no row.
const PG_RECORD = `WITH attempt AS (
    INSERT INTO "LabAttempt" ("id", "userId", "submissionId", "labId", "contentHash", "runtime", "score", "maxScore", "startedAt", "finishedAt", "submittedAt", "report")
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamptz AT TIME ZONE 'UTC', $10::timestamptz AT TIME ZONE 'UTC', $11::timestamptz AT TIME ZONE 'UTC', $12::jsonb)
    ON CONFLICT ("userId", "submissionId") DO NOTHING
    RETURNING "id"
  ), checks AS (
    INSERT INTO "CheckResult" ("id", "attemptId", "labId", "checkId", "status", "points", "maxPoints", "observed")
    SELECT c.row_id, attempt."id", $4, c.check_id, c.status, c.points, c.max_points, c.observed
      FROM attempt, unnest($13::text[], $14::text[], $15::text[], $16::int[], $17::int[], $18::text[]) AS c(row_id, check_id, status, points, max_points, observed)
  )
  SELECT "id" FROM attempt`;

const PG_FIND_ATTEMPT = `SELECT "id" FROM "LabAttempt" WHERE "userId" = $1 AND "submissionId" = $2`;

function postgresStore(pool: pg.Pool, connection: RawConnection): SubmissionStore {
  return {
    async findTokenUser(token) {
      if (!looksLikeApiToken(token)) return undefined;
      // Named statements are parsed once per pooled connection.
      const { rows } = await pool.query<PgTokenRow>({ name: "clusterlab_find_token", text: PG_FIND_TOKEN, values: [hashSecret(token)] });
      const row = rows[0];
      if (!row || row.revokedAt !== null) return undefined;
      return { ...toAccountUser(row), tokenId: row.tokenId, lastUsedAt: row.lastUsedAt };
    },
    async touchToken(tokenId, lastUsedAt, now) {
      if (lastUsedAt && now.getTime() - lastUsedAt.getTime() < TOUCH_INTERVAL_MS) return;
      await pool.query({ name: "clusterlab_touch_token", text: PG_TOUCH, values: [tokenId, now.toISOString(), new Date(now.getTime() - TOUCH_INTERVAL_MS).toISOString()] });
    },
    async recordAttempt(userId, submissionId, report, now) {
      const attemptId = newRowId();
      const checks = checkRows(attemptId, report);
      const { rows } = await pool.query<{ id: string }>({
        name: "clusterlab_record_attempt",
        text: PG_RECORD,
        values: [
          ...attemptValues(attemptId, userId, submissionId, report, now, (date) => date.toISOString()),
          checks.map((c) => c.id),
          checks.map((c) => c.checkId),
          checks.map((c) => c.status),
          checks.map((c) => c.points),
          checks.map((c) => c.maxPoints),
          checks.map((c) => c.observed),
        ],
      });
      if (rows[0]) return { attemptId: rows[0].id, duplicate: false };
      const existing = await pool.query<{ id: string }>({ name: "clusterlab_find_attempt", text: PG_FIND_ATTEMPT, values: [userId, submissionId] });
      if (!existing.rows[0]) throw new Error("submission conflict without a stored attempt");
      return { attemptId: existing.rows[0].id, duplicate: true };
    },
    close: () => closeRawConnection(connection),
  };
}
