// Lows of the security review fixed on this branch, each reproduced first: L7 (local mode answered any Host, so
// DNS rebinding could read /api/progress) and L10 (a demoted instructor kept seeing the join codes of their cohorts).
// The lows that stay are recorded with their risk in docs/decisions/0023-classroom-security-lows.md.
import { describe, expect, test } from "vitest";
import { setUserRole } from "@/lib/progress/accounts";
import { dispatchApiRequest } from "@/lib/progress/http/routes";
import { resolvePagePrincipal } from "@/lib/progress/http/page-principal";
import { seededClassroom } from "@/tests/classroom/helpers/seeded-classroom";
import { apiRequest } from "@/tests/classroom/helpers/world";
import { postgresAvailable } from "./helpers/postgres-classroom";

if (await postgresAvailable("security lows")) {
  describe("lows (PostgreSQL)", () => {
    const suite = seededClassroom("postgresql", "sec-lows");

    test("L7: in local mode a rebound name (Host and Origin both evil) gets 403 from the API and no learner on pages", async () => {
      const local = { ...suite.world.ctx, mode: "local" as const };
      const rebound = { host: "rebind.evil.example:3000", origin: "http://rebind.evil.example:3000" };
      const read = await dispatchApiRequest(
        new Request("http://rebind.evil.example:3000/api/progress", { headers: { host: rebound.host } }),
        local,
      );
      expect(read.status).toBe(403);
      expect(((await read.json()) as { error: string }).error).toMatch(/only on this machine's own address/);
      const write = await dispatchApiRequest(
        apiRequest(suite.world, "anonymous", "/api/submissions", { method: "POST", body: {}, headers: rebound }),
        local,
      );
      expect(write.status).toBe(403);
      expect(await resolvePagePrincipal(new Headers({ host: rebound.host }), local)).toEqual({ kind: "anonymous" });
      // This machine's own names still work.
      for (const host of ["127.0.0.1:3000", "localhost:3000", "[::1]:3000"]) {
        const own = await dispatchApiRequest(new Request(`http://${host}/api/progress`, { headers: { host } }), local);
        expect(own.status, host).toBe(200);
      }
    });

    test("L10: an instructor demoted to learner no longer sees the join codes of the cohorts they taught", async () => {
      const { world } = suite;
      const before = await dispatchApiRequest(apiRequest(world, "instructor", "/api/cohorts"), world.ctx);
      const listed = ((await before.json()) as { cohorts: Array<{ id: string; joinCode: string | null }> }).cohorts;
      expect(listed.find((c) => c.id === world.cohortA.id)?.joinCode).toBe(world.cohortA.joinCode);
      await setUserRole(world.ctx.db, world.people.instructor.id, "learner");
      const after = await dispatchApiRequest(apiRequest(world, "instructor", "/api/cohorts"), world.ctx);
      const relisted = ((await after.json()) as { cohorts: Array<{ id: string; joinCode: string | null }> }).cohorts;
      expect(relisted.find((c) => c.id === world.cohortA.id)?.joinCode).toBeNull();
    });
  });
}
