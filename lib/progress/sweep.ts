/**
 * Deleting what no longer counts: expired sessions, and login / join / sign-up attempts older than their throttle window.
 * Nothing else ever deletes these rows, so without this the tables only grow.
 *
 * Bounded: at most `limit` rows per table per sweep (select the oldest ids through the age index, then delete by
 * id), so one request never pays for a backlog of millions; repeated sweeps catch up. Opportunistic: request
 * handlers (login, a failed join) call sweepOpportunistically, which runs a sweep at most once per
 * SWEEP_INTERVAL_MS per process and database. No timers: an idle process does no work and nothing keeps it alive.
 * Several instances sweeping at once is harmless: deleting rows another instance already deleted deletes nothing.
 */
import { JOIN_POLICY, LOGIN_POLICY, SIGNUP_POLICY, windowStart } from "@/lib/auth/rate-limit";
import type { ClassroomDb } from "./db-types";

/** Rows per table per sweep. Below SQLite's bound-parameter cap (999), since the ids go into one IN list. */
export const SWEEP_BATCH = 500;
export const SWEEP_INTERVAL_MS = 60_000;

export type SweepResult = { sessions: number; loginAttempts: number; joinAttempts: number; signupAttempts: number };

export async function sweepExpired(db: ClassroomDb, now: Date, limit: number = SWEEP_BATCH): Promise<SweepResult> {
  const take = Math.max(1, Math.min(SWEEP_BATCH, Math.floor(limit)));
  const sessions = await deleteByIds(
    db.session.findMany({
      where: { expiresAt: { lte: now } },
      orderBy: { expiresAt: "asc" },
      take,
      select: { id: true },
    }),
    (ids) => db.session.deleteMany({ where: { id: { in: ids } } }),
  );
  const loginAttempts = await deleteByIds(
    db.loginAttempt.findMany({
      where: { createdAt: { lt: windowStart(LOGIN_POLICY, now) } },
      orderBy: { createdAt: "asc" },
      take,
      select: { id: true },
    }),
    (ids) => db.loginAttempt.deleteMany({ where: { id: { in: ids } } }),
  );
  const joinAttempts = await deleteByIds(
    db.joinAttempt.findMany({
      where: { createdAt: { lt: windowStart(JOIN_POLICY, now) } },
      orderBy: { createdAt: "asc" },
      take,
      select: { id: true },
    }),
    (ids) => db.joinAttempt.deleteMany({ where: { id: { in: ids } } }),
  );
  const signupAttempts = await deleteByIds(
    db.signupAttempt.findMany({
      where: { createdAt: { lt: windowStart(SIGNUP_POLICY, now) } },
      orderBy: { createdAt: "asc" },
      take,
      select: { id: true },
    }),
    (ids) => db.signupAttempt.deleteMany({ where: { id: { in: ids } } }),
  );
  return { sessions, loginAttempts, joinAttempts, signupAttempts };
}

/** Delete the rows `selected` found (one table's oldest batch); no DELETE at all when it found none. */
async function deleteByIds(
  selected: PromiseLike<Array<{ id: string }>>,
  remove: (ids: Array<string>) => PromiseLike<{ count: number }>,
): Promise<number> {
  const rows = await selected;
  return rows.length === 0 ? 0 : (await remove(rows.map((row) => row.id))).count;
}

/**
 * "Has a sweep of this database run in the last interval?", per process. Keyed by the client object, so two
 * databases in one process (tests, a migration tool) each get swept. The slot is claimed before the sweep
 * starts: concurrent requests do not start a second one, and a failing sweep is retried after the interval,
 * not on every request.
 */
export type SweepGate = { claim(db: object, now: Date): boolean };

export function createSweepGate(intervalMs: number = SWEEP_INTERVAL_MS): SweepGate {
  const lastRun = new WeakMap<object, number>();
  return {
    claim(db, now) {
      const last = lastRun.get(db);
      if (last !== undefined && now.getTime() - last < intervalMs && now.getTime() >= last) return false;
      lastRun.set(db, now.getTime());
      return true;
    },
  };
}

const processGate = createSweepGate();

/**
 * Sweep if this process has not swept this database in the last minute. Never throws: a sweep that fails (a
 * busy database) is logged and must not fail the login or join that happened to trigger it.
 */
export async function sweepOpportunistically(
  db: ClassroomDb,
  now: Date,
  gate: SweepGate = processGate,
): Promise<SweepResult | undefined> {
  if (!gate.claim(db, now)) return undefined;
  try {
    return await sweepExpired(db, now);
  } catch (error) {
    console.error(
      "[sweep] deleting expired sessions and old attempts failed (retried in a minute):",
      error instanceof Error ? error.message : error,
    );
    return undefined;
  }
}
