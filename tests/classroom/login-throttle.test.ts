// Login throttle under concurrency (LOGIN_POLICY, lib/auth/rate-limit.ts; rows in LoginAttempt): wrong passwords
// sent all at once for one account cannot get past the per-account limit, on SQLite and (when a server answers)
// PostgreSQL, through the real handler. The sequential cases are in authorisation-matrix.test.ts.
import { describe, expect, test, vi } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { LOGIN_POLICY } from "@/lib/auth/rate-limit";
import { createAccount, normaliseEmail } from "@/lib/progress/accounts";
import type { ApiContext } from "@/lib/progress/http/context";
import { dispatchApiRequest } from "@/lib/progress/http/routes";
import { availableProviders } from "./helpers/classroom-db";
import { seededClassroom } from "./helpers/seeded-classroom";
import { apiRequest, type World } from "./helpers/world";

const PASSWORD = "a perfectly good password";

async function login(
  world: World,
  ctx: ApiContext,
  email: string,
  password: string,
  address?: string,
): Promise<Response> {
  const headers: Record<string, string> = address ? { "x-forwarded-for": address } : {};
  return dispatchApiRequest(
    apiRequest(world, "anonymous", "/api/auth/login", { method: "POST", body: { email, password }, headers }),
    ctx,
  );
}

/** An account nobody has tried to sign into (the throttle is per account, so each case starts from a clean slate). */
async function freshAccount(world: World, name: string): Promise<string> {
  const email = `${name.toLowerCase()}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`;
  await createAccount(world.ctx.db, { email, name, passwordHash: await hashPassword(PASSWORD), role: "learner" });
  return normaliseEmail(email);
}

async function failuresOf(world: World, email: string): Promise<number> {
  return world.ctx.db.loginAttempt.count({ where: { email, succeeded: false } });
}

const BURST = 25;

const { providers, skipped } = await availableProviders();
if (skipped) test.skip(`PostgreSQL login throttle [skipped: ${skipped}]`, () => {});

for (const provider of providers) {
  describe(`login throttle under a burst on ${provider}`, () => {
    const suite = seededClassroom(provider, "login-throttle");

    test(`${BURST} simultaneous wrong passwords for one account: at most ${LOGIN_POLICY.maxPerIdentity} are checked, the rest get 429, and only the checked ones count`, async () => {
      const { world } = suite;
      const email = await freshAccount(world, "Burst");
      const responses = await Promise.all(
        Array.from({ length: BURST }, (_, i) => login(world, world.ctx, email, `wrong-${i}`)),
      );
      const statuses = responses.map((r) => r.status);
      const checked = statuses.filter((s) => s === 401).length;
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
      expect(checked).toBeLessThanOrEqual(LOGIN_POLICY.maxPerIdentity);
      for (const refused of responses.filter((r) => r.status === 429))
        expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      // Refused attempts leave no row: the account has exactly the rest of its allowance left.
      expect(await failuresOf(world, email)).toBe(checked);
      expect(await world.ctx.db.loginAttempt.count({ where: { email } })).toBe(checked);
      for (let i = checked; i < LOGIN_POLICY.maxPerIdentity; i += 1)
        expect((await login(world, world.ctx, email, `later-wrong-${i}`)).status).toBe(401);
      const blocked = await login(world, world.ctx, email, PASSWORD);
      expect(blocked.status).toBe(429);
      expect(((await blocked.json()) as { error: string }).error).toMatch(
        /Too many failed sign-ins\. Wait \d+ minute\(s\) and try again/,
      );
      expect(await failuresOf(world, email)).toBe(LOGIN_POLICY.maxPerIdentity);
    });

    test("a burst mixing the right password with wrong ones: still at most the limit of wrong ones checked; a success is recorded as one", async () => {
      const { world } = suite;
      const email = await freshAccount(world, "Mixed");
      const passwords = Array.from({ length: BURST }, (_, i) => (i % 5 === 0 ? PASSWORD : `wrong-${i}`));
      const responses = await Promise.all(passwords.map((password) => login(world, world.ctx, email, password)));
      const statuses = responses.map((r) => r.status);
      expect(statuses.every((s) => s === 200 || s === 401 || s === 429)).toBe(true);
      const wrongChecked = statuses.filter((s) => s === 401).length;
      const signedIn = statuses.filter((s) => s === 200).length;
      expect(wrongChecked).toBeLessThanOrEqual(LOGIN_POLICY.maxPerIdentity);
      expect(await failuresOf(world, email)).toBe(wrongChecked);
      expect(await world.ctx.db.loginAttempt.count({ where: { email, succeeded: true } })).toBe(signedIn);
    });

    test("a burst on one account does not lock out another account, and the window's end lets the owner back in", async () => {
      const { world } = suite;
      const email = await freshAccount(world, "Locked");
      const bystander = await freshAccount(world, "Bystander");
      await Promise.all(Array.from({ length: BURST }, (_, i) => login(world, world.ctx, email, `wrong-${i}`)));
      // The burst may be refused as a whole (the price of counting in-flight attempts); top it up to the limit.
      for (let i = await failuresOf(world, email); i < LOGIN_POLICY.maxPerIdentity; i += 1)
        await login(world, world.ctx, email, `top-up-${i}`);
      expect((await login(world, world.ctx, email, PASSWORD)).status).toBe(429);
      expect((await login(world, world.ctx, bystander, PASSWORD)).status).toBe(200);
      const later: ApiContext = { ...world.ctx, now: () => new Date(Date.now() + LOGIN_POLICY.windowMs + 1_000) };
      expect((await login(world, later, email, PASSWORD)).status).toBe(200);
    });

    test("a sign-in whose check fails (the database goes away mid-request) is not counted against the account", async () => {
      const { world } = suite;
      const email = await freshAccount(world, "Unlucky");
      const db = world.ctx.db;
      // The account lookup fails after the attempt was recorded; everything else is the real database.
      const failingLookup = new Proxy(db, {
        get(target, property) {
          if (property === "user") return { findUnique: () => Promise.reject(new Error("connection lost")) };
          return Reflect.get(target, property, target);
        },
      });
      const broken = await login(world, { ...world.ctx, db: failingLookup }, email, "wrong");
      expect(broken.status).toBe(500);
      expect(await db.loginAttempt.count({ where: { email } })).toBe(0);
      expect((await login(world, world.ctx, email, PASSWORD)).status).toBe(200);
      expect(await db.loginAttempt.count({ where: { email, succeeded: true } })).toBe(1);
    });

    test("a right password still signs in when recording the success fails; the error is logged and the row stays a failure", async () => {
      const { world } = suite;
      const email = await freshAccount(world, "Settle");
      const db = world.ctx.db;
      // Only flipping the attempt to succeeded fails (settleLoginAttempt's updateMany); the rest is the real database.
      const failingSettle = new Proxy(db, {
        get(target, property) {
          const value = Reflect.get(target, property, target);
          if (property !== "loginAttempt") return value;
          return new Proxy(value, {
            get(rows, method) {
              if (method === "updateMany") return () => Promise.reject(new Error("connection lost while settling"));
              return Reflect.get(rows, method, rows);
            },
          });
        },
      });
      const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
      try {
        const response = await login(world, { ...world.ctx, db: failingSettle }, email, PASSWORD);
        expect(response.status).toBe(200);
        expect(response.headers.get("set-cookie")).toMatch(/clusterlab/i);
        expect(
          logged.mock.calls.some(
            (call) =>
              String(call[0]).includes("[throttle]") && String(call[1]).includes("connection lost while settling"),
          ),
        ).toBe(true);
      } finally {
        logged.mockRestore();
      }
      expect(await failuresOf(world, email)).toBe(1);
      expect(await db.loginAttempt.count({ where: { email, succeeded: true } })).toBe(0);
    });

    test(`the address bucket holds under a burst: ${BURST * 2} wrong passwords for many accounts from one address cannot pass ${LOGIN_POLICY.maxPerAddress}`, async () => {
      const { world } = suite;
      const behindProxy: ApiContext = { ...world.ctx, trustProxy: true };
      const address = "203.0.113.41";
      // Unknown emails: the same work as real accounts (a decoy hash) and the same bucket.
      const responses = await Promise.all(
        Array.from({ length: BURST * 2 }, (_, i) =>
          login(world, behindProxy, `nobody-${i}@example.test`, "wrong", address),
        ),
      );
      const statuses = responses.map((r) => r.status);
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
      const checked = statuses.filter((s) => s === 401).length;
      expect(checked).toBeLessThanOrEqual(LOGIN_POLICY.maxPerAddress);
      expect(await world.ctx.db.loginAttempt.count({ where: { address, succeeded: false } })).toBe(checked);
    });
  });
}
