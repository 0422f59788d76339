// M5 (security review): throttles keyed on the REAL client address, sign-up throttled, argon2 work bounded.
// Against a classroom API server process on PostgreSQL, over real sockets: forged X-Forwarded-For or
// x-clusterlab-peer headers must not give a client a fresh bucket.
import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { LOGIN_POLICY, SIGNUP_POLICY } from "@/lib/auth/rate-limit";
import { PEER_HEADER } from "@/lib/progress/http/peer";
import { dispatchApiRequest } from "@/lib/progress/http/routes";
import { seededClassroom } from "@/tests/classroom/helpers/seeded-classroom";
import { apiRequest } from "@/tests/classroom/helpers/world";
import { postJson, servedClassroom } from "./helpers/api-server";
import { postgresAvailable } from "./helpers/postgres-classroom";

const forged = (i: number) => ({ "x-forwarded-for": `203.0.113.${i % 250}`, [PEER_HEADER]: `198.51.100.${i % 250}` });

if (await postgresAvailable("M5 throttles")) {
  describe("M5: per-address throttles on the socket address (PostgreSQL, API server process)", () => {
    const served = servedClassroom("sec-m5");

    test(`password spraying over many accounts from one client is stopped after ${LOGIN_POLICY.maxPerAddress} failures, forged address headers or not`, async () => {
      const statuses: Array<number> = [];
      for (let i = 0; i < LOGIN_POLICY.maxPerAddress + 2; i += 1) {
        const response = await postJson(
          served.server,
          "/api/auth/login",
          { email: `spray-${i}-${randomUUID()}@example.test`, password: "Winter2026!!" },
          forged(i),
        );
        statuses.push(response.status);
      }
      expect(statuses.slice(0, LOGIN_POLICY.maxPerAddress).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(LOGIN_POLICY.maxPerAddress)).toEqual([429, 429]);
      // Stored under the socket's address, never under the forged ones.
      const addresses = await served.db.loginAttempt.groupBy({ by: ["address"], _count: true });
      expect(addresses.map((a) => a.address)).toEqual(["127.0.0.1"]);
    });

    test(`sign-up is throttled per client address (${SIGNUP_POLICY.maxPerAddress} an hour)`, async () => {
      const statuses: Array<number> = [];
      for (let i = 0; i < SIGNUP_POLICY.maxPerAddress + 1; i += 1) {
        const response = await postJson(
          served.server,
          "/api/auth/signup",
          { email: `signup-${i}-${randomUUID()}@example.test`, name: "Sprayer", password: "a long enough password" },
          forged(i),
        );
        statuses.push(response.status);
      }
      expect(statuses.filter((s) => s === 201)).toHaveLength(SIGNUP_POLICY.maxPerAddress);
      expect(statuses.at(-1)).toBe(429);
    });
  });

  describe("M5: argon2 work is bounded (PostgreSQL, in process)", () => {
    const suite = seededClassroom("postgresql", "sec-m5-argon2");

    test("a flood of sign-ups gets 503 with Retry-After for what the hashing pool cannot take, never a 500", async () => {
      const { world } = suite;
      const responses = await Promise.all(
        Array.from({ length: 120 }, (_, i) =>
          dispatchApiRequest(
            apiRequest(world, "anonymous", "/api/auth/signup", {
              method: "POST",
              body: {
                email: `flood-${i}-${randomUUID()}@example.test`,
                name: "Flood",
                password: "a long enough password",
              },
            }),
            world.ctx,
          ),
        ),
      );
      const statuses = responses.map((r) => r.status);
      expect(statuses.every((s) => s === 201 || s === 503)).toBe(true);
      const busy = responses.filter((r) => r.status === 503);
      expect(busy.length).toBeGreaterThan(0);
      expect(Number(busy[0]?.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(((await busy[0]?.json()) as { error: string }).error).toMatch(/busy.*Try again/);
    });
  });
}
