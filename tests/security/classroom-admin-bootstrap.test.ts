// H1 (security review): signing up with an address the server lists as an admin address made that account admin,
// with no proof that the person owns the address. Now no role is ever raised at sign-up; admins are made with
// `clusterlab admin grant <email>` against the database (lib/progress/admins.ts).
import { describe, expect, test } from "vitest";
import { dispatchApiRequest } from "@/lib/progress/http/routes";
import { adminBootstrapWarning, grantAdmin } from "@/lib/progress/admins";
import { seededClassroom } from "@/tests/classroom/helpers/seeded-classroom";
import { apiRequest } from "@/tests/classroom/helpers/world";
import { postgresAvailable } from "./helpers/postgres-classroom";

const PASSWORD = "correct horse battery staple";

if (await postgresAvailable("H1 admin bootstrap")) {
  describe("H1: no admin by sign-up (PostgreSQL)", () => {
    const suite = seededClassroom("postgresql", "sec-h1");

    test("signing up with the address of the server's configured admin gives a learner account", async () => {
      const { world } = suite;
      // root@example.test is the address the seeded classroom context used to list as an admin address.
      const response = await dispatchApiRequest(
        apiRequest(world, "anonymous", "/api/auth/signup", {
          method: "POST",
          body: { email: "Root@Example.test", name: "Not root", password: PASSWORD },
        }),
        world.ctx,
      );
      expect(response.status).toBe(201);
      const body = (await response.json()) as { user: { role: string } };
      expect(body.user.role).toBe("learner");
      const cookie = response.headers.get("set-cookie")?.split(";")[0] ?? "";
      const cohorts = await dispatchApiRequest(
        apiRequest(world, "anonymous", "/api/cohorts", { headers: { cookie } }),
        world.ctx,
      );
      const listed = (await cohorts.json()) as { cohorts: Array<{ joinCode?: string | null }> };
      expect(listed.cohorts.filter((c) => c.joinCode)).toEqual([]);
    });

    test("`admin grant` makes an existing account admin; an unknown address is refused with what to do", async () => {
      const { world } = suite;
      expect(await grantAdmin(world.ctx.db, "nobody@example.test")).toEqual({
        ok: false,
        error: expect.stringMatching(/No account .*sign up/),
      });
      const granted = await grantAdmin(world.ctx.db, world.people.learner.email.toUpperCase());
      expect(granted).toMatchObject({ ok: true, user: { email: world.people.learner.email, role: "admin" } });
      const me = await dispatchApiRequest(apiRequest(world, "learner", "/api/me"), world.ctx);
      expect(((await me.json()) as { user: { role: string } }).user.role).toBe("admin");
    });

    test("the start-up warning names the missing admin and the command, and is silent once one exists", async () => {
      const { world } = suite;
      await world.ctx.db.user.updateMany({ where: { role: "admin" }, data: { role: "learner" } });
      expect(await adminBootstrapWarning(world.ctx.db)).toMatch(/no admin.*clusterlab -- admin grant/is);
      await grantAdmin(world.ctx.db, world.people.admin.email);
      expect(await adminBootstrapWarning(world.ctx.db)).toBeUndefined();
    });
  });
}
