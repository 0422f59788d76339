// Bad input on every classroom API route: wrong types, malformed or empty JSON, the wrong content type,
// unknown fields, huge bodies, SQL and HTML in strings, forged reports, and random JSON (fast-check).
// Every case must answer 4xx with a message (never 500) and leave every table exactly as it was.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { dispatchApiRequest } from "@/lib/progress/http/routes";
import type { ClassroomDb } from "@/lib/progress/db-types";
import { availableProviders } from "./helpers/classroom-db";
import { seededClassroom } from "./helpers/seeded-classroom";
import {
  apiRequest,
  demoLab,
  envelope,
  makeReport,
  type Persona,
  type RequestOptions,
  type World,
} from "./helpers/world";

async function tableCounts(db: ClassroomDb): Promise<Record<string, number>> {
  const [users, sessions, tokens, cohorts, enrollments, attempts, checks, logins] = await Promise.all([
    db.user.count(),
    db.session.count(),
    db.apiToken.count(),
    db.cohort.count(),
    db.enrollment.count(),
    db.labAttempt.count(),
    db.checkResult.count(),
    db.loginAttempt.count(),
  ]);
  return { users, sessions, tokens, cohorts, enrollments, attempts, checks, logins };
}

const SQL = "' OR '1'='1'; DROP TABLE \"User\"; --";
const HTML = "<script>alert(document.cookie)</script>";
const HUGE = "x".repeat(1024 * 1024);

type BodyRoute = {
  name: string;
  path: (w: World) => string;
  method: "POST" | "PUT";
  who: Persona;
  auth?: RequestOptions["auth"];
  bad: Array<unknown>;
};

const bodyRoutes: Array<BodyRoute> = [
  {
    name: "signup",
    path: () => "/api/auth/signup",
    method: "POST",
    who: "anonymous",
    bad: [
      { email: 5, name: [], password: {} },
      { email: SQL, name: "Mallory", password: "long enough password" },
      { email: "a@example.test", name: HTML.repeat(20), password: "long enough password" },
      { email: "a@example.test", name: "Mallory", password: "short" },
      { email: "a@example.test", name: "Mallory", password: "long enough password", role: "admin" },
      { email: "a@example.test", name: "Mal\u0000lory", password: "long enough password" },
      [],
      "just a string",
      null,
    ],
  },
  {
    name: "login",
    path: () => "/api/auth/login",
    method: "POST",
    who: "anonymous",
    bad: [
      { email: ["x"], password: 1 },
      { email: "", password: "" },
      { email: "a@example.test", password: "x", remember: true },
      { email: HUGE.slice(0, 300), password: "x" },
    ],
  },
  {
    name: "create token",
    path: () => "/api/tokens",
    method: "POST",
    who: "learner",
    bad: [{ name: 42 }, { name: "" }, { name: "x".repeat(101) }, { name: "laptop", scope: "admin" }, {}],
  },
  {
    name: "create cohort",
    path: () => "/api/cohorts",
    method: "POST",
    who: "instructor",
    bad: [{ name: null }, { name: "   " }, { name: "Class", joinCode: "AAAAAAAA" }, { name: `line\nbreak` }],
  },
  {
    name: "join cohort",
    path: () => "/api/cohorts/join",
    method: "POST",
    who: "learner",
    bad: [
      { code: 12345678 },
      { code: SQL },
      { code: HTML },
      { code: "ZZZZZZZZ" },
      { code: "AB" },
      { code: "x".repeat(33) },
      { code: "AAAA-BBBB", role: "instructor" },
    ],
  },
  {
    name: "set role",
    path: (w) => `/api/admin/users/${w.people.learner.id}/role`,
    method: "PUT",
    who: "admin",
    bad: [{ role: "superuser" }, { role: SQL }, { role: 1 }, { role: "admin", reason: "x" }, {}],
  },
  {
    name: "submission",
    path: () => "/api/submissions",
    method: "POST",
    who: "learner",
    auth: "token",
    bad: [
      { submissionId: "not-a-uuid", report: makeReport() },
      { ...envelope(), extra: true },
      { report: makeReport() },
      envelope({ ...makeReport(), score: 10, checks: makeReport(["fail", "pass", "pass"]).checks }),
      envelope({ ...makeReport(), lab: "no-such-lab" }),
      envelope({ ...makeReport(), lab: SQL }),
      envelope({ ...makeReport(), contentHash: "0".repeat(64) }),
      envelope({ ...makeReport(), contentHash: HTML }),
      envelope({ ...makeReport(), schemaVersion: 2 }),
      envelope({ ...makeReport(), unexpected: "field" }),
      envelope({ ...makeReport(), checks: makeReport().checks.map((c, i) => (i === 0 ? { ...c, injected: SQL } : c)) }),
      envelope({ ...makeReport(), checks: makeReport().checks.slice(1), score: 7, maxScore: 7 }),
      envelope({
        ...makeReport(),
        checks: [...makeReport().checks, { ...makeReport().checks[0]!, id: "forged-check" }],
        score: 13,
        maxScore: 13,
      }),
      envelope({
        ...makeReport(),
        checks: makeReport().checks.map((c, i) => (i === 2 ? { ...c, points: 50, maxPoints: 50 } : c)),
        score: 55,
        maxScore: 55,
      }),
      envelope({ ...makeReport(), startedAt: new Date(Date.now() + 120_000).toISOString() }),
      envelope(makeReport(["pass", "pass", "pass"], new Date(Date.now() + 86_400_000))),
      envelope({ ...makeReport(), runtime: "kubernetes" }),
      envelope({ ...makeReport(), score: -1 }),
      envelope(null),
      envelope(HTML),
      envelope({
        ...makeReport(),
        checks: makeReport().checks.map((c) => ({
          ...c,
          evidence: { ...c.evidence, observed: HUGE.slice(0, 300 * 1024) },
        })),
      }),
    ],
  },
];

type ParamRoute = { name: string; request: (w: World, id: string) => Request };

const BAD_IDS = [SQL, HTML, "x".repeat(5000), "..%2F..%2Fetc%2Fpasswd", "%00", "0", "clxxxxxxxxxxxxxxxxxxxxxxx"];

const paramRoutes: Array<ParamRoute> = [
  {
    name: "revoke token",
    request: (w, id) => apiRequest(w, "learner", `/api/tokens/${encodeURIComponent(id)}`, { method: "DELETE" }),
  },
  { name: "matrix", request: (w, id) => apiRequest(w, "admin", `/api/cohorts/${encodeURIComponent(id)}/matrix`) },
  { name: "analytics", request: (w, id) => apiRequest(w, "admin", `/api/cohorts/${encodeURIComponent(id)}/analytics`) },
  {
    name: "drill-down (cohort)",
    request: (w, id) =>
      apiRequest(w, "admin", `/api/cohorts/${encodeURIComponent(id)}/learners/${w.people.learner.id}`),
  },
  {
    name: "drill-down (learner)",
    request: (w, id) => apiRequest(w, "admin", `/api/cohorts/${w.cohortA.id}/learners/${encodeURIComponent(id)}`),
  },
  {
    name: "csv export",
    request: (w, id) => apiRequest(w, "admin", `/api/cohorts/${encodeURIComponent(id)}/export/csv`),
  },
  {
    name: "csv export kind",
    request: (w, id) =>
      apiRequest(w, "admin", `/api/cohorts/${w.cohortA.id}/export/csv?kind=${encodeURIComponent(id)}`),
  },
  {
    name: "xapi export",
    request: (w, id) => apiRequest(w, "admin", `/api/cohorts/${encodeURIComponent(id)}/export/xapi`),
  },
  {
    name: "set role (user id)",
    request: (w, id) =>
      apiRequest(w, "admin", `/api/admin/users/${encodeURIComponent(id)}/role`, {
        method: "PUT",
        body: { role: "instructor" },
      }),
  },
];

async function expectRefused(world: World, request: Request, label: string): Promise<void> {
  const response = await dispatchApiRequest(request, world.ctx);
  const text = await response.text();
  expect(response.status, `${label}: ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(response.status, `${label}: ${text.slice(0, 300)}`).toBeLessThan(500);
  const body = JSON.parse(text) as { error?: unknown };
  expect(typeof body.error, label).toBe("string");
  expect(String(body.error).length, label).toBeGreaterThan(10);
  expect(text, label).not.toMatch(/at \w+ \(|node_modules|Prisma|SQLITE|syntax error/);
}

const { providers, skipped } = await availableProviders();
if (skipped) test.skip(`PostgreSQL bad input [skipped: ${skipped}]`, () => {});

for (const provider of providers) {
  describe(`bad input on ${provider}`, () => {
    const suite = seededClassroom(provider, "badinput");

    for (const route of bodyRoutes) {
      test(`${route.name}: malformed bodies are refused with 4xx and nothing is stored`, async () => {
        const before = await tableCounts(suite.world.ctx.db);
        const base = { method: route.method, auth: route.auth } as const;
        const path = route.path(suite.world);
        await expectRefused(
          suite.world,
          apiRequest(suite.world, route.who, path, { ...base, rawBody: "{not json" }),
          "malformed JSON",
        );
        await expectRefused(
          suite.world,
          apiRequest(suite.world, route.who, path, { ...base, rawBody: "" }),
          "empty body",
        );
        await expectRefused(
          suite.world,
          apiRequest(suite.world, route.who, path, {
            ...base,
            rawBody: "{}",
            headers: { "content-type": "text/plain" },
          }),
          "text/plain",
        );
        await expectRefused(
          suite.world,
          apiRequest(suite.world, route.who, path, { ...base, rawBody: JSON.stringify({ pad: HUGE }) }),
          "1 MiB body",
        );
        await expectRefused(
          suite.world,
          apiRequest(suite.world, route.who, path, { ...base, rawBody: '"\\ud800"\u00ff' }),
          "broken text",
        );
        for (const [index, body] of route.bad.entries()) {
          await expectRefused(
            suite.world,
            apiRequest(suite.world, route.who, path, { ...base, body }),
            `bad body #${index}`,
          );
        }
        expect(await tableCounts(suite.world.ctx.db)).toEqual(before);
      });

      test(`${route.name}: random JSON never causes a 500 or a write`, async () => {
        const before = await tableCounts(suite.world.ctx.db);
        await fc.assert(
          fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), async (body) => {
            const response = await dispatchApiRequest(
              apiRequest(suite.world, route.who, route.path(suite.world), {
                method: route.method,
                auth: route.auth,
                body,
              }),
              suite.world.ctx,
            );
            expect(response.status).toBeGreaterThanOrEqual(400);
            expect(response.status).toBeLessThan(500);
          }),
          { numRuns: 40 },
        );
        expect(await tableCounts(suite.world.ctx.db)).toEqual(before);
      });
    }

    for (const route of paramRoutes) {
      test(`${route.name}: hostile ids are refused with 4xx`, async () => {
        const before = await tableCounts(suite.world.ctx.db);
        for (const id of BAD_IDS)
          await expectRefused(suite.world, route.request(suite.world, id), `id ${id.slice(0, 40)}`);
        expect(await tableCounts(suite.world.ctx.db)).toEqual(before);
      });
    }

    test("unknown routes and wrong methods answer 404 and 405", async () => {
      await expectRefused(suite.world, apiRequest(suite.world, "admin", "/api/cohorts/x/y/z"), "unknown route");
      const wrongMethod = await dispatchApiRequest(
        apiRequest(suite.world, "admin", "/api/submissions"),
        suite.world.ctx,
      );
      expect(wrongMethod.status).toBe(405);
      expect(wrongMethod.headers.get("allow")).toBe("POST");
    });

    test("SQL and HTML in free-text fields are stored verbatim as text, never executed", async () => {
      const response = await dispatchApiRequest(
        apiRequest(suite.world, "instructor", "/api/cohorts", {
          method: "POST",
          body: { name: `${SQL} ${HTML}`.slice(0, 100) },
        }),
        suite.world.ctx,
      );
      expect(response.status).toBe(201);
      const { cohort } = (await response.json()) as { cohort: { id: string; name: string } };
      expect(cohort.name).toBe(`${SQL} ${HTML}`.slice(0, 100));
      expect(await suite.world.ctx.db.user.count()).toBeGreaterThanOrEqual(5);
      await suite.world.ctx.db.cohort.delete({ where: { id: cohort.id } });
    });

    test("a valid submission after all that is stored with every check, once, even when retried", async () => {
      const body = envelope(makeReport(["pass", "fail", "error"]));
      const first = await dispatchApiRequest(
        apiRequest(suite.world, "learner", "/api/submissions", { method: "POST", auth: "token", body }),
        suite.world.ctx,
      );
      expect(first.status).toBe(201);
      const again = await dispatchApiRequest(
        apiRequest(suite.world, "learner", "/api/submissions", { method: "POST", auth: "token", body }),
        suite.world.ctx,
      );
      expect(again.status).toBe(200);
      const a = (await first.json()) as { attemptId: string };
      const b = (await again.json()) as { attemptId: string; duplicate: boolean };
      expect(b).toEqual({ attemptId: a.attemptId, duplicate: true });
      const checks = await suite.world.ctx.db.checkResult.findMany({
        where: { attemptId: a.attemptId },
        orderBy: { checkId: "asc" },
      });
      expect(checks.map((c) => [c.checkId, c.status, c.points])).toEqual([
        ["members-joined", "pass", 3],
        ["port-offset", "fail", 0],
        ["session-sticky", "error", 0],
      ]);
      expect(checks.every((c) => c.labId === demoLab.id)).toBe(true);
    });
  });
}
