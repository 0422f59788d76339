// The authorisation matrix: every classroom API route and page × {anonymous, learner, another learner, instructor of
// another cohort, instructor, admin}, each cell asserted, on SQLite and (when a server answers) PostgreSQL.
// "learner" acts on their own things; "anotherLearner" tries the same things on the learner's resources.
import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { apiRoutes } from "@/lib/progress/http/routes";
import { dispatchApiRequest } from "@/lib/progress/http/routes";
import { createApiToken } from "@/lib/progress/tokens";
import { createCohort } from "@/lib/progress/cohorts";
import { createSession } from "@/lib/progress/accounts";
import { SESSION_COOKIE } from "@/lib/auth/cookies";
import { instructorPageAccess, progressPageAccess, type InstructorPageAccess } from "@/lib/progress/http/page-access";
import { resolvePagePrincipal, type PagePrincipal } from "@/lib/progress/http/page-principal";
import { availableProviders } from "./helpers/classroom-db";
import { seededClassroom } from "./helpers/seeded-classroom";
import { apiRequest, envelope, PERSONAS, type Persona, type World } from "./helpers/world";

type Cell = Record<Persona, number>;
type MatrixRow = { route: string; request: (world: World, who: Persona) => Promise<Request> | Request; expect: Cell };

const everyoneSignedIn = (ok: number): Cell => ({
  anonymous: 401,
  learner: ok,
  anotherLearner: ok,
  otherInstructor: ok,
  instructor: ok,
  admin: ok,
});
const cohortStaffOnly: Cell = {
  anonymous: 401,
  learner: 403,
  anotherLearner: 403,
  otherInstructor: 403,
  instructor: 200,
  admin: 200,
};

const matrix: Array<MatrixRow> = [
  {
    route: "POST /api/auth/signup",
    request: (w, who) =>
      apiRequest(w, who, "/api/auth/signup", {
        method: "POST",
        body: { email: `new-${randomUUID()}@example.test`, name: "New", password: "a long enough password" },
      }),
    expect: { anonymous: 201, learner: 201, anotherLearner: 201, otherInstructor: 201, instructor: 201, admin: 201 },
  },
  {
    route: "POST /api/auth/login",
    request: (w, who) =>
      apiRequest(w, who, "/api/auth/login", {
        method: "POST",
        body: { email: w.people.learner.email, password: w.people.learner.password },
      }),
    expect: { anonymous: 200, learner: 200, anotherLearner: 200, otherInstructor: 200, instructor: 200, admin: 200 },
  },
  {
    // A throwaway session per cell, so signing out does not sign the persona out of the rest of the matrix.
    route: "POST /api/auth/logout",
    request: async (w, who) => {
      if (who === "anonymous") return apiRequest(w, who, "/api/auth/logout", { method: "POST" });
      const session = await createSession(w.ctx.db, w.people[who].id, new Date());
      return apiRequest(w, "anonymous", "/api/auth/logout", {
        method: "POST",
        headers: { cookie: `${SESSION_COOKIE}=${session.secret}` },
      });
    },
    expect: { anonymous: 200, learner: 200, anotherLearner: 200, otherInstructor: 200, instructor: 200, admin: 200 },
  },
  { route: "GET /api/me", request: (w, who) => apiRequest(w, who, "/api/me"), expect: everyoneSignedIn(200) },
  { route: "GET /api/tokens", request: (w, who) => apiRequest(w, who, "/api/tokens"), expect: everyoneSignedIn(200) },
  {
    route: "POST /api/tokens",
    request: (w, who) => apiRequest(w, who, "/api/tokens", { method: "POST", body: { name: "desktop" } }),
    expect: everyoneSignedIn(201),
  },
  {
    // Always the LEARNER's token: only its owner may revoke it (others get the same 404 as a missing id).
    route: "DELETE /api/tokens/[tokenId]",
    request: async (w, who) => {
      const { summary } = await createApiToken(w.ctx.db, w.people.learner.id, "to revoke");
      return apiRequest(w, who, `/api/tokens/${summary.id}`, { method: "DELETE" });
    },
    expect: { anonymous: 401, learner: 200, anotherLearner: 404, otherInstructor: 404, instructor: 404, admin: 404 },
  },
  { route: "GET /api/cohorts", request: (w, who) => apiRequest(w, who, "/api/cohorts"), expect: everyoneSignedIn(200) },
  {
    route: "POST /api/cohorts",
    request: (w, who) => apiRequest(w, who, "/api/cohorts", { method: "POST", body: { name: "Spring class" } }),
    expect: { anonymous: 401, learner: 403, anotherLearner: 403, otherInstructor: 201, instructor: 201, admin: 201 },
  },
  {
    // A fresh cohort per cell, so every persona joins as a newcomer.
    route: "POST /api/cohorts/join",
    request: async (w, who) => {
      const cohort = await createCohort(w.ctx.db, w.people.admin.id, `Join ${randomUUID()}`);
      return apiRequest(w, who, "/api/cohorts/join", { method: "POST", body: { code: cohort.joinCode } });
    },
    expect: { anonymous: 401, learner: 201, anotherLearner: 201, otherInstructor: 201, instructor: 201, admin: 200 },
  },
  {
    route: "GET /api/cohorts/[cohortId]/matrix",
    request: (w, who) => apiRequest(w, who, `/api/cohorts/${w.cohortA.id}/matrix`),
    expect: cohortStaffOnly,
  },
  {
    route: "GET /api/cohorts/[cohortId]/analytics",
    request: (w, who) => apiRequest(w, who, `/api/cohorts/${w.cohortA.id}/analytics`),
    expect: cohortStaffOnly,
  },
  {
    route: "GET /api/cohorts/[cohortId]/learners/[userId]",
    request: (w, who) => apiRequest(w, who, `/api/cohorts/${w.cohortA.id}/learners/${w.people.learner.id}`),
    expect: cohortStaffOnly,
  },
  {
    route: "GET /api/cohorts/[cohortId]/export/csv",
    request: (w, who) => apiRequest(w, who, `/api/cohorts/${w.cohortA.id}/export/csv?kind=attempts`),
    expect: cohortStaffOnly,
  },
  {
    route: "GET /api/cohorts/[cohortId]/export/xapi",
    request: (w, who) => apiRequest(w, who, `/api/cohorts/${w.cohortA.id}/export/xapi`),
    expect: cohortStaffOnly,
  },
  {
    route: "GET /api/progress",
    request: (w, who) => apiRequest(w, who, "/api/progress"),
    expect: everyoneSignedIn(200),
  },
  {
    route: "POST /api/submissions",
    request: (w, who) => apiRequest(w, who, "/api/submissions", { method: "POST", auth: "token", body: envelope() }),
    expect: everyoneSignedIn(201),
  },
  {
    route: "PUT /api/admin/users/[userId]/role",
    request: (w, who) =>
      apiRequest(w, who, `/api/admin/users/${w.people.anotherLearner.id}/role`, {
        method: "PUT",
        body: { role: "learner" },
      }),
    expect: { anonymous: 401, learner: 403, anotherLearner: 403, otherInstructor: 403, instructor: 403, admin: 200 },
  },
];

// The server-rendered pages (security review M1): what each persona gets with its session cookie, with its API
// token (a token never opens a page), and with a bad token (signed out, never a 500: walkthrough D8).
type PageOutcome = "sign-in" | "not-staff" | "page" | "cohort A" | "cohort refused" | "drill-down";
type PageRow = {
  page: string;
  visit: (world: World, principal: PagePrincipal) => Promise<PageOutcome>;
  cookie: Record<Persona, PageOutcome>;
};

const pageRows: Array<PageRow> = [
  {
    page: "/progress",
    visit: async (_w, p) => (progressPageAccess(p).kind === "sign-in" ? "sign-in" : "page"),
    cookie: {
      anonymous: "sign-in",
      learner: "page",
      anotherLearner: "page",
      otherInstructor: "page",
      instructor: "page",
      admin: "page",
    },
  },
  {
    page: "/instructor?cohort=A",
    visit: async (w, p) => instructorOutcome(await instructorPageAccess(p, w.ctx, { cohort: w.cohortA.id }), w),
    cookie: {
      anonymous: "sign-in",
      learner: "not-staff",
      anotherLearner: "not-staff",
      otherInstructor: "cohort refused",
      instructor: "cohort A",
      admin: "cohort A",
    },
  },
  {
    page: "/instructor?cohort=A&learner=<learner>",
    visit: async (w, p) =>
      instructorOutcome(
        await instructorPageAccess(p, w.ctx, { cohort: w.cohortA.id, learner: w.people.learner.id }),
        w,
      ),
    cookie: {
      anonymous: "sign-in",
      learner: "not-staff",
      anotherLearner: "not-staff",
      otherInstructor: "cohort refused",
      instructor: "drill-down",
      admin: "drill-down",
    },
  },
];

function instructorOutcome(access: InstructorPageAccess, w: World): PageOutcome {
  if (access.kind === "sign-in" || access.kind === "not-staff") return access.kind;
  if (access.kind === "local-mode") throw new Error("the matrix runs in classroom mode");
  if (access.refusedCohort) return "cohort refused";
  if (access.learnerId) return "drill-down";
  return access.cohortId === w.cohortA.id ? "cohort A" : "page";
}

function pageHeaders(world: World, who: Persona, auth: "cookie" | "token" | "bad token"): Headers {
  const headers = new Headers({ host: "127.0.0.1:3000" });
  if (auth === "bad token") headers.set("authorization", "Bearer clt_revoked-or-made-up");
  if (who === "anonymous") return headers;
  if (auth === "cookie") headers.set("cookie", world.people[who].cookie);
  if (auth === "token") headers.set("authorization", `Bearer ${world.people[who].token}`);
  return headers;
}

const { providers, skipped } = await availableProviders();

test("the matrix covers every route in the API table", () => {
  expect(matrix.map((row) => row.route).sort()).toEqual(apiRoutes.map((r) => `${r.method} ${r.path}`).sort());
});

if (skipped) test.skip(`PostgreSQL matrix [skipped: ${skipped}]`, () => {});

for (const provider of providers) {
  describe(`authorisation matrix on ${provider}`, () => {
    const suite = seededClassroom(provider, "authz");

    for (const row of matrix) {
      for (const who of PERSONAS) {
        test(`${row.route} as ${who} → ${row.expect[who]}`, async () => {
          const response = await dispatchApiRequest(await row.request(suite.world, who), suite.world.ctx);
          const body = await response.text();
          expect(response.status, body).toBe(row.expect[who]);
          if (response.status >= 400) expect(JSON.parse(body)).toMatchObject({ error: expect.any(String) });
        });
      }
    }

    for (const row of pageRows) {
      for (const who of PERSONAS) {
        test(`page ${row.page} as ${who}: cookie → ${row.cookie[who]}; API token and bad token → sign-in`, async () => {
          const { world } = suite;
          expect(await row.visit(world, await resolvePagePrincipal(pageHeaders(world, who, "cookie"), world.ctx))).toBe(
            row.cookie[who],
          );
          expect(await row.visit(world, await resolvePagePrincipal(pageHeaders(world, who, "token"), world.ctx))).toBe(
            "sign-in",
          );
          expect(
            await row.visit(world, await resolvePagePrincipal(pageHeaders(world, who, "bad token"), world.ctx)),
          ).toBe("sign-in");
        });
      }
    }

    test("an instructor's matrix shows their learners' submissions, and the drill-down the full report", async () => {
      const submitted = await dispatchApiRequest(
        apiRequest(suite.world, "learner", "/api/submissions", { method: "POST", auth: "token", body: envelope() }),
        suite.world.ctx,
      );
      const { attemptId } = (await submitted.json()) as { attemptId: string };
      const matrixResponse = await dispatchApiRequest(
        apiRequest(suite.world, "instructor", `/api/cohorts/${suite.world.cohortA.id}/matrix`),
        suite.world.ctx,
      );
      const body = (await matrixResponse.json()) as {
        matrix: { rows: Array<{ learner: { id: string }; labs: Record<string, { bestScore: number }> }> };
      };
      const learnerRow = body.matrix.rows.find((r) => r.learner.id === suite.world.people.learner.id);
      expect(learnerRow?.labs["wka-demo"]?.bestScore).toBe(10);
      expect(body.matrix.rows.map((r) => r.learner.id)).not.toContain(suite.world.people.instructor.id);
      const drill = await dispatchApiRequest(
        apiRequest(
          suite.world,
          "instructor",
          `/api/cohorts/${suite.world.cohortA.id}/learners/${suite.world.people.learner.id}`,
        ),
        suite.world.ctx,
      );
      const attempts = ((await drill.json()) as { attempts: Array<{ id: string }> }).attempts;
      expect(attempts.map((a) => a.id)).toContain(attemptId);
    });

    test("an API token opens nothing but submissions and /api/me", async () => {
      for (const route of apiRoutes) {
        if (route.method !== "GET" || route.path.includes("[")) continue;
        const response = await dispatchApiRequest(
          apiRequest(suite.world, "admin", route.path, { auth: "token" }),
          suite.world.ctx,
        );
        expect(response.status, route.path).toBe(route.path === "/api/me" ? 200 : 403);
      }
      const cohortRoute = await dispatchApiRequest(
        apiRequest(suite.world, "instructor", `/api/cohorts/${suite.world.cohortA.id}/matrix`, { auth: "token" }),
        suite.world.ctx,
      );
      expect(cohortRoute.status).toBe(403);
      // Using a token records when it was last used (shown in the token list).
      const used = await suite.world.ctx.db.apiToken.findMany({
        where: { userId: suite.world.people.admin.id },
        select: { lastUsedAt: true },
      });
      expect(used.some((t) => t.lastUsedAt !== null)).toBe(true);
    });

    test("a browser session cannot submit reports, and cross-site or origin-less cookie mutations are refused", async () => {
      const viaCookie = await dispatchApiRequest(
        apiRequest(suite.world, "learner", "/api/submissions", { method: "POST", body: envelope() }),
        suite.world.ctx,
      );
      expect(viaCookie.status).toBe(403);
      const crossSite = await dispatchApiRequest(
        apiRequest(suite.world, "instructor", "/api/cohorts", {
          method: "POST",
          body: { name: "x" },
          headers: { origin: "https://evil.example" },
        }),
        suite.world.ctx,
      );
      expect(crossSite.status).toBe(403);
      const noOrigin = new Request("http://127.0.0.1:3000/api/tokens", {
        method: "POST",
        headers: {
          host: "127.0.0.1:3000",
          cookie: suite.world.people.learner.cookie,
          "content-type": "application/json",
        },
        body: JSON.stringify({ name: "x" }),
      });
      expect((await dispatchApiRequest(noOrigin, suite.world.ctx)).status).toBe(403);
      const loginCsrf = await dispatchApiRequest(
        apiRequest(suite.world, "anonymous", "/api/auth/login", {
          method: "POST",
          body: { email: suite.world.people.learner.email, password: suite.world.people.learner.password },
          headers: { origin: "https://evil.example" },
        }),
        suite.world.ctx,
      );
      expect(loginCsrf.status).toBe(403);
    });

    test("login sets an httpOnly, Secure, SameSite=Strict session cookie that authenticates, and a revoked token stops working", async () => {
      const response = await dispatchApiRequest(
        apiRequest(suite.world, "anonymous", "/api/auth/login", {
          method: "POST",
          body: {
            email: suite.world.people.anotherLearner.email,
            password: suite.world.people.anotherLearner.password,
          },
        }),
        suite.world.ctx,
      );
      const cookie = response.headers.get("set-cookie") ?? "";
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/Secure/);
      expect(cookie).toMatch(/SameSite=Strict/);
      const me = await dispatchApiRequest(
        apiRequest(suite.world, "anonymous", "/api/me", { headers: { cookie: cookie.split(";")[0] ?? "" } }),
        suite.world.ctx,
      );
      expect(((await me.json()) as { user: { id: string } }).user.id).toBe(suite.world.people.anotherLearner.id);

      const { token, summary } = await createApiToken(suite.world.ctx.db, suite.world.people.learner.id, "short-lived");
      const revoke = await dispatchApiRequest(
        apiRequest(suite.world, "learner", `/api/tokens/${summary.id}`, { method: "DELETE" }),
        suite.world.ctx,
      );
      expect(revoke.status).toBe(200);
      const after = await dispatchApiRequest(
        apiRequest(suite.world, "anonymous", "/api/submissions", {
          method: "POST",
          body: envelope(),
          headers: { authorization: `Bearer ${token}` },
        }),
        suite.world.ctx,
      );
      expect(after.status).toBe(401);
    });

    test("login is rate limited in the database: the sixth wrong password is refused even with the right one", async () => {
      const email = suite.world.people.otherInstructor.email;
      for (let i = 0; i < 5; i += 1) {
        const wrong = await dispatchApiRequest(
          apiRequest(suite.world, "anonymous", "/api/auth/login", {
            method: "POST",
            body: { email, password: `wrong-${i}` },
          }),
          suite.world.ctx,
        );
        expect(wrong.status).toBe(401);
      }
      const blocked = await dispatchApiRequest(
        apiRequest(suite.world, "anonymous", "/api/auth/login", {
          method: "POST",
          body: { email, password: suite.world.people.otherInstructor.password },
        }),
        suite.world.ctx,
      );
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
      // A second app instance (a new context on the same database) sees the same count.
      const otherInstance = { ...suite.world.ctx };
      const stillBlocked = await dispatchApiRequest(
        apiRequest(suite.world, "anonymous", "/api/auth/login", {
          method: "POST",
          body: { email, password: suite.world.people.otherInstructor.password },
        }),
        otherInstance,
      );
      expect(stillBlocked.status).toBe(429);
    });
  });
}
