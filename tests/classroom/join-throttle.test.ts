// Join-code guessing throttle (JOIN_POLICY, lib/auth/rate-limit.ts; rows in JoinAttempt): per user and per client
// address, counted in the database, on SQLite and (when a server answers) PostgreSQL, through the real handlers.
import { describe, expect, test, vi } from "vitest";
import { SESSION_COOKIE } from "@/lib/auth/cookies";
import { JOIN_POLICY } from "@/lib/auth/rate-limit";
import { createAccount, createSession } from "@/lib/progress/accounts";
import { createCohort } from "@/lib/progress/cohorts";
import type { ApiContext } from "@/lib/progress/http/context";
import { dispatchApiRequest } from "@/lib/progress/http/routes";
import { availableProviders } from "./helpers/classroom-db";
import { seededClassroom } from "./helpers/seeded-classroom";
import { apiRequest, type World } from "./helpers/world";

// Well-formed codes no cohort has (createCohort draws 8 random characters; these cannot collide in practice
// and every wrong answer is asserted to be a 404).
const CODE_CHARS = "23456789ABCDEFGHJKMNPQRSTUVWXY";
function wrongCode(i: number): string {
  return `ZZZZZZ${CODE_CHARS[i % CODE_CHARS.length]}${CODE_CHARS[Math.floor(i / CODE_CHARS.length) % CODE_CHARS.length]}`;
}

type Joiner = { id: string; cookie: string };

async function join(world: World, ctx: ApiContext, who: Joiner, code: string, address?: string): Promise<Response> {
  const headers: Record<string, string> = { cookie: who.cookie };
  if (address) headers["x-forwarded-for"] = address;
  return dispatchApiRequest(
    apiRequest(world, "anonymous", "/api/cohorts/join", { method: "POST", body: { code }, headers }),
    ctx,
  );
}

/** A signed-in learner with no history (the throttle is per user, so each case starts from a clean slate). */
async function freshLearner(world: World, name: string): Promise<Joiner> {
  // No one logs in with this account, so the hash is never verified.
  const user = await createAccount(world.ctx.db, {
    email: `${name}-${Date.now()}-${Math.random()}@example.test`,
    name,
    passwordHash: "unused",
    role: "learner",
  });
  const session = await createSession(world.ctx.db, user.id, new Date());
  return { id: user.id, cookie: `${SESSION_COOKIE}=${session.secret}` };
}

const { providers, skipped } = await availableProviders();
if (skipped) test.skip(`PostgreSQL join throttle [skipped: ${skipped}]`, () => {});

for (const provider of providers) {
  describe(`join-code throttle on ${provider}`, () => {
    const suite = seededClassroom(provider, "join-throttle");

    test("a correct code works between wrong ones; the 11th wrong code gets 429 with Retry-After; another user is not blocked", async () => {
      const { world } = suite;
      const learner = await freshLearner(world, "Guesser");
      const first = await createCohort(world.ctx.db, world.people.instructor.id, "First class");
      const second = await createCohort(world.ctx.db, world.people.instructor.id, "Second class");
      for (let i = 0; i < 5; i += 1) expect((await join(world, world.ctx, learner, wrongCode(i))).status).toBe(404);
      // Five failures so far: a correct code still works, and does not count as a failure.
      expect((await join(world, world.ctx, learner, first.joinCode)).status).toBe(201);
      for (let i = 5; i < 10; i += 1) {
        const wrong = await join(world, world.ctx, learner, wrongCode(i));
        expect(wrong.status).toBe(404);
        expect(((await wrong.json()) as { error: string }).error).toMatch(/No cohort has this join code/);
      }
      const blocked = await join(world, world.ctx, learner, wrongCode(10));
      expect(blocked.status).toBe(429);
      const retryAfter = Number(blocked.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(JOIN_POLICY.windowMs / 1000 - 120);
      expect(retryAfter).toBeLessThanOrEqual(JOIN_POLICY.windowMs / 1000);
      expect(((await blocked.json()) as { error: string }).error).toMatch(
        /Too many wrong join codes.*Wait \d+ minute\(s\) and try again/,
      );
      // Blocked means blocked: a right code is refused too (otherwise 429 vs 201 would still tell codes apart).
      expect((await join(world, world.ctx, learner, second.joinCode)).status).toBe(429);
      // Refused attempts are not recorded, so hammering does not extend the lock-out.
      expect(await world.ctx.db.joinAttempt.count({ where: { userId: learner.id } })).toBe(10);
      // A second app instance on the same database sees the same count.
      expect((await join(world, { ...world.ctx }, learner, second.joinCode)).status).toBe(429);

      const other = await freshLearner(world, "Bystander");
      expect((await join(world, world.ctx, other, wrongCode(11))).status).toBe(404);
      expect((await join(world, world.ctx, other, second.joinCode)).status).toBe(201);

      // Once the window has passed, the learner may try again.
      const later: ApiContext = { ...world.ctx, now: () => new Date(Date.now() + JOIN_POLICY.windowMs + 1_000) };
      expect((await join(world, later, learner, second.joinCode)).status).toBe(201);
    });

    test("the address bucket: 60 failures from one address block a new user there, not one elsewhere", async () => {
      const { world } = suite;
      const behindProxy: ApiContext = { ...world.ctx, trustProxy: true };
      const address = "203.0.113.7";
      const cohort = await createCohort(world.ctx.db, world.people.instructor.id, "Address class");
      for (let user = 0; user < JOIN_POLICY.maxPerAddress / JOIN_POLICY.maxPerIdentity; user += 1) {
        const guesser = await freshLearner(world, `Sprayer ${user}`);
        for (let i = 0; i < JOIN_POLICY.maxPerIdentity; i += 1)
          expect((await join(world, behindProxy, guesser, wrongCode(i), address)).status).toBe(404);
      }
      const sameAddress = await freshLearner(world, "Same address");
      const refused = await join(world, behindProxy, sameAddress, cohort.joinCode, address);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      const elsewhere = await freshLearner(world, "Elsewhere");
      expect((await join(world, behindProxy, elsewhere, cohort.joinCode, "198.51.100.9")).status).toBe(201);
    });

    test("wrong codes sent all at once cannot get past the limit, and a refused burst leaves no lock-out behind", async () => {
      const { world } = suite;
      const learner = await freshLearner(world, "Burst");
      const responses = await Promise.all(
        Array.from({ length: 25 }, (_, i) => join(world, world.ctx, learner, wrongCode(i))),
      );
      const statuses = responses.map((r) => r.status);
      const looked = statuses.filter((s) => s === 404).length;
      expect(statuses.every((s) => s === 404 || s === 429)).toBe(true);
      expect(looked).toBeLessThanOrEqual(JOIN_POLICY.maxPerIdentity);
      expect(await world.ctx.db.joinAttempt.count({ where: { userId: learner.id } })).toBe(looked);
      // Only the looked-up (failed) guesses count: the learner has exactly the rest of the allowance left.
      for (let i = looked; i < JOIN_POLICY.maxPerIdentity; i += 1)
        expect((await join(world, world.ctx, learner, wrongCode(100 + i))).status).toBe(404);
      expect((await join(world, world.ctx, learner, wrongCode(200))).status).toBe(429);
    });

    test("a right code still joins when recording the success fails; the error is logged and the row stays a failure", async () => {
      const { world } = suite;
      const learner = await freshLearner(world, "Settle");
      const cohort = await createCohort(world.ctx.db, world.people.instructor.id, "Settle class");
      const db = world.ctx.db;
      // Only forgetting the attempt after a successful join fails (settleJoinAttempt's deleteMany).
      const failingSettle = new Proxy(db, {
        get(target, property) {
          const value = Reflect.get(target, property, target);
          if (property !== "joinAttempt") return value;
          return new Proxy(value, {
            get(rows, method) {
              if (method === "deleteMany") return () => Promise.reject(new Error("connection lost while settling"));
              return Reflect.get(rows, method, rows);
            },
          });
        },
      });
      const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
      try {
        const response = await join(world, { ...world.ctx, db: failingSettle }, learner, cohort.joinCode);
        expect(response.status).toBe(201);
        expect(await response.json()).toMatchObject({ status: "joined" });
        expect(
          logged.mock.calls.some(
            (call) =>
              String(call[0]).includes("[throttle]") && String(call[1]).includes("connection lost while settling"),
          ),
        ).toBe(true);
      } finally {
        logged.mockRestore();
      }
      expect(await db.joinAttempt.count({ where: { userId: learner.id } })).toBe(1);
      expect((await join(world, world.ctx, learner, cohort.joinCode)).status).toBe(200);
    });

    test("a malformed code is a 400 and is not counted", async () => {
      const { world } = suite;
      const learner = await freshLearner(world, "Typo");
      expect((await join(world, world.ctx, learner, "AB")).status).toBe(400);
      expect(await world.ctx.db.joinAttempt.count({ where: { userId: learner.id } })).toBe(0);
    });
  });
}
