// Local mode: no accounts; the implicit local learner owns every attempt; other web pages in the learner's
// browser still cannot post; account and cohort routes say they belong to classroom mode.
import { afterAll, beforeAll, expect, test } from "vitest";
import { LOCAL_LEARNER_EMAIL } from "@/lib/progress/lessons";
import { dispatchApiRequest } from "@/lib/progress/http/routes";
import type { ApiContext } from "@/lib/progress/http/context";
import { openClassroomDb, type ClassroomTestDb } from "./helpers/classroom-db";
import { classroomContext, envelope, ORIGIN } from "./helpers/world";

let database: ClassroomTestDb;
let ctx: ApiContext;

beforeAll(async () => {
  database = await openClassroomDb("sqlite", "local");
  ctx = { ...classroomContext(database.db), mode: "local" };
}, 180_000);

afterAll(async () => {
  await database?.[Symbol.asyncDispose]();
}, 60_000);

function post(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { host: "127.0.0.1:3000", "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

test("a submission without any credentials is recorded for the implicit local learner", async () => {
  const response = await dispatchApiRequest(post("/api/submissions", envelope()), ctx);
  expect(response.status).toBe(201);
  const attempts = await database.db.labAttempt.findMany({ select: { user: { select: { email: true } } } });
  expect(attempts).toEqual([{ user: { email: LOCAL_LEARNER_EMAIL } }]);
  const me = await dispatchApiRequest(new Request(`${ORIGIN}/api/me`, { headers: { host: "127.0.0.1:3000" } }), ctx);
  expect(await me.json()).toMatchObject({ mode: "local", via: "local", user: { role: "learner" } });
});

test("another web site cannot post to the local server through the learner's browser", async () => {
  const before = await database.db.labAttempt.count();
  const response = await dispatchApiRequest(
    post("/api/submissions", envelope(), { origin: "https://evil.example" }),
    ctx,
  );
  expect(response.status).toBe(403);
  const formPost = await dispatchApiRequest(
    new Request(`${ORIGIN}/api/submissions`, {
      method: "POST",
      headers: { host: "127.0.0.1:3000", "content-type": "text/plain" },
      body: JSON.stringify(envelope()),
    }),
    ctx,
  );
  expect(formPost.status).toBe(415);
  expect(await database.db.labAttempt.count()).toBe(before);
});

test("accounts, tokens and cohorts exist only in classroom mode", async () => {
  for (const [path, body] of [
    ["/api/auth/login", { email: "a@example.test", password: "x" }],
    ["/api/auth/signup", { email: "a@example.test", name: "A", password: "long enough password" }],
    ["/api/tokens", { name: "x" }],
    ["/api/cohorts", { name: "x" }],
  ] as const) {
    const response = await dispatchApiRequest(post(path, body, { origin: ORIGIN }), ctx);
    expect(response.status, path).toBe(404);
    expect(((await response.json()) as { error: string }).error).toMatch(/classroom mode/);
  }
});
