// The bounded sweep (lib/progress/sweep.ts): expired sessions and login / join attempts older than their window
// are deleted, at most `limit` rows per table per sweep, and logins run it at most once a minute per process.
import { describe, expect, test } from "vitest";
import { SESSION_COOKIE } from "@/lib/auth/cookies";
import { JOIN_POLICY, LOGIN_POLICY } from "@/lib/auth/rate-limit";
import { createSession } from "@/lib/progress/accounts";
import type { ClassroomDb } from "@/lib/progress/db-types";
import type { ApiContext } from "@/lib/progress/http/context";
import { dispatchApiRequest } from "@/lib/progress/http/routes";
import { createSweepGate, sweepExpired, sweepOpportunistically, SWEEP_INTERVAL_MS } from "@/lib/progress/sweep";
import { availableProviders } from "./helpers/classroom-db";
import { seededClassroom } from "./helpers/seeded-classroom";
import { apiRequest } from "./helpers/world";

const { providers, skipped } = await availableProviders();
if (skipped) test.skip(`PostgreSQL sweep [skipped: ${skipped}]`, () => {});

async function addExpiredSession(db: ClassroomDb, userId: string, expiresAt: Date): Promise<string> {
  const row = await db.session.create({
    data: { tokenHash: `expired-${Math.random()}-${expiresAt.getTime()}`, userId, expiresAt },
    select: { id: true },
  });
  return row.id;
}

for (const provider of providers) {
  describe(`sweep on ${provider}`, () => {
    const suite = seededClassroom(provider, "sweep");

    test("deletes exactly what expired or left its window, at most `limit` rows per table per sweep", async () => {
      const { world } = suite;
      const db = world.ctx.db;
      const now = new Date();
      const userId = world.people.learner.id;
      const before = {
        sessions: await db.session.count(),
        logins: await db.loginAttempt.count(),
        joins: await db.joinAttempt.count(),
      };
      for (let i = 0; i < 5; i += 1) await addExpiredSession(db, userId, new Date(now.getTime() - (i + 1) * 60_000));
      const live = await createSession(db, userId, now);
      const oldLogin = new Date(now.getTime() - LOGIN_POLICY.windowMs - 1_000);
      const oldJoin = new Date(now.getTime() - JOIN_POLICY.windowMs - 1_000);
      for (let i = 0; i < 3; i += 1) {
        await db.loginAttempt.create({
          data: { email: "old@example.test", address: "10.0.0.1", succeeded: false, createdAt: oldLogin },
        });
        await db.joinAttempt.create({ data: { userId, address: "10.0.0.1", createdAt: oldJoin } });
      }
      await db.loginAttempt.create({
        data: { email: "recent@example.test", address: "10.0.0.1", succeeded: false, createdAt: now },
      });
      await db.joinAttempt.create({ data: { userId, address: "10.0.0.1", createdAt: now } });

      // Bounded: two rows per table per sweep.
      expect(await sweepExpired(db, now, 2)).toEqual({
        sessions: 2,
        loginAttempts: 2,
        joinAttempts: 2,
        signupAttempts: 0,
      });
      expect(await sweepExpired(db, now, 2)).toEqual({
        sessions: 2,
        loginAttempts: 1,
        joinAttempts: 1,
        signupAttempts: 0,
      });
      expect(await sweepExpired(db, now, 2)).toEqual({
        sessions: 1,
        loginAttempts: 0,
        joinAttempts: 0,
        signupAttempts: 0,
      });
      expect(await sweepExpired(db, now, 2)).toEqual({
        sessions: 0,
        loginAttempts: 0,
        joinAttempts: 0,
        signupAttempts: 0,
      });

      // What is still valid stays: the live session (it still signs in), the recent attempts, the seeded rows.
      expect(await db.session.count()).toBe(before.sessions + 1);
      const me = await dispatchApiRequest(
        apiRequest(world, "anonymous", "/api/me", { headers: { cookie: `${SESSION_COOKIE}=${live.secret}` } }),
        world.ctx,
      );
      expect(me.status).toBe(200);
      expect(await db.loginAttempt.count()).toBe(before.logins + 1);
      expect(await db.joinAttempt.count()).toBe(before.joins + 1);
    });

    test("a login sweeps, at most once a minute per process and database", async () => {
      const { world } = suite;
      const db = world.ctx.db;
      const start = new Date();
      const login = (ctx: ApiContext) =>
        dispatchApiRequest(
          apiRequest(world, "anonymous", "/api/auth/login", {
            method: "POST",
            body: { email: world.people.admin.email, password: world.people.admin.password },
          }),
          ctx,
        );
      const first = await addExpiredSession(db, world.people.admin.id, new Date(start.getTime() - 1_000));
      // The login answers without waiting for its sweep, so the checks poll (bounded: 50 × 20 ms).
      const sessionsLeft = async (id: string, until: number) => {
        let count = await db.session.count({ where: { id } });
        for (let i = 0; i < 50 && count !== until; i += 1) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          count = await db.session.count({ where: { id } });
        }
        return count;
      };
      expect((await login(world.ctx)).status).toBe(200);
      expect(await sessionsLeft(first, 0)).toBe(0);

      // Within the minute: a login does not sweep again (waits the full second for a sweep that must not come).
      const second = await addExpiredSession(db, world.people.admin.id, new Date(start.getTime() - 1_000));
      expect((await login(world.ctx)).status).toBe(200);
      expect(await sessionsLeft(second, 0)).toBe(1);

      // A minute later it does.
      const later: ApiContext = { ...world.ctx, now: () => new Date(Date.now() + SWEEP_INTERVAL_MS + 1_000) };
      expect((await login(later)).status).toBe(200);
      expect(await sessionsLeft(second, 0)).toBe(0);
    });

    test("a failing sweep is logged, never thrown, and waits for the next interval", async () => {
      const { world } = suite;
      const gate = createSweepGate();
      const broken = {
        ...world.ctx.db,
        session: { findMany: () => Promise.reject(new Error("database is locked")) },
      } as unknown as ClassroomDb;
      const errors: Array<unknown> = [];
      const original = console.error;
      console.error = (...args: Array<unknown>) => errors.push(args);
      try {
        expect(await sweepOpportunistically(broken, new Date(), gate)).toBeUndefined();
        expect(await sweepOpportunistically(broken, new Date(), gate)).toBeUndefined();
      } finally {
        console.error = original;
      }
      expect(errors).toHaveLength(1);
    });
  });
}
