// Security review M2 / walkthrough D1: in classroom mode the lesson actions act for the signed-in account (session
// cookie) and nobody else. Two learners' quiz attempts and completions stay apart, a signed-out visitor and an API
// token record nothing (and never create the shared local-learner row), and answers are limited to the quiz's ids.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SESSION_COOKIE } from "@/lib/auth/cookies";
import { allLessons, loadCatalog, type Lesson } from "@/lib/content";
import type { PrismaClient } from "@/generated/prisma/client";
import { migratedSqlite } from "@/tests/helpers/prisma-cli";

// The request headers the actions see: next/headers outside a request scope, so the test plays the browser.
let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders }));

type Actions = typeof import("./lessons");
let actions: Actions;
let db: PrismaClient;
let database: Awaited<ReturnType<typeof migratedSqlite>>;
let lesson: Lesson;
const people: Record<"lena" | "omar", { id: string; cookie: string; token: string }> = {} as never;

beforeAll(async () => {
  database = await migratedSqlite("actions-classroom");
  // lib/env is read once; set the mode and database before anything loads it.
  process.env.DATABASE_URL = database.url;
  process.env.CLUSTERLAB_MODE = "classroom";
  actions = await import("./lessons");
  const { getDb } = await import("@/lib/db");
  const { createAccount, createSession } = await import("@/lib/progress/accounts");
  const { createApiToken } = await import("@/lib/progress/tokens");
  db = getDb();
  for (const name of ["lena", "omar"] as const) {
    const user = await createAccount(db, {
      email: `${name}@example.test`,
      name,
      passwordHash: "not-used",
      role: "learner",
    });
    const session = await createSession(db, user.id, new Date());
    const { token } = await createApiToken(db, user.id, "laptop");
    people[name] = { id: user.id, cookie: `${SESSION_COOKIE}=${session.secret}`, token };
  }
  const first = allLessons(loadCatalog())[0];
  if (!first) throw new Error("no lessons");
  lesson = first;
}, 180_000);

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  database.remove();
  delete process.env.CLUSTERLAB_MODE;
});

function as(who: "lena" | "omar" | "anonymous" | "omar-token" | "bad-token"): void {
  requestHeaders = new Headers({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" });
  if (who === "lena" || who === "omar") requestHeaders.set("cookie", people[who].cookie);
  if (who === "omar-token") requestHeaders.set("authorization", `Bearer ${people.omar.token}`);
  if (who === "bad-token") requestHeaders.set("authorization", "Bearer clt_not-a-real-token");
}

function answers(correct: boolean): Record<string, string[]> {
  return Object.fromEntries(
    lesson.frontmatter.quiz.map((q) => [
      q.id,
      q.choices
        .filter((c) => c.correct === correct)
        .slice(0, correct ? undefined : 1)
        .map((c) => c.id),
    ]),
  );
}

describe("lesson actions in classroom mode", () => {
  it("a signed-out visitor, an API token and a bad token record nothing and are told to sign in", async () => {
    for (const who of ["anonymous", "omar-token", "bad-token"] as const) {
      as(who);
      expect(await actions.submitQuiz({ lessonId: lesson.id, answers: answers(true) })).toEqual({
        ok: false,
        error: expect.stringMatching(/Sign in/),
      });
      expect(await actions.markComplete({ lessonId: lesson.id })).toEqual({
        ok: false,
        error: expect.stringMatching(/Sign in/),
      });
      expect(await actions.getLessonState({ lessonId: lesson.id })).toEqual({ completedAt: null, quiz: null });
    }
    expect(await db.quizAttempt.count()).toBe(0);
    expect(await db.lessonProgress.count()).toBe(0);
    expect(await db.user.count({ where: { email: "local@clusterlab.invalid" } })).toBe(0);
  });

  it("two learners' attempts and completions are stored under their own accounts and shown only to them", async () => {
    as("lena");
    const lena = await actions.submitQuiz({ lessonId: lesson.id, answers: answers(true) });
    expect(lena).toMatchObject({ ok: true, score: lesson.frontmatter.quiz.length });
    expect(await actions.markComplete({ lessonId: lesson.id })).toMatchObject({ ok: true });
    as("omar");
    expect(await actions.getLessonState({ lessonId: lesson.id })).toEqual({ completedAt: null, quiz: null });
    expect(await actions.submitQuiz({ lessonId: lesson.id, answers: answers(false) })).toMatchObject({
      ok: true,
      score: 0,
      standing: { attempts: 1 },
    });
    as("lena");
    expect(await actions.getLessonState({ lessonId: lesson.id })).toMatchObject({
      completedAt: expect.any(String),
      quiz: { best: { score: lesson.frontmatter.quiz.length }, attempts: 1 },
    });
    const rows = await db.quizAttempt.findMany({
      select: { userId: true, score: true },
      orderBy: { createdAt: "asc" },
    });
    expect(rows).toEqual([
      { userId: people.lena.id, score: lesson.frontmatter.quiz.length },
      { userId: people.omar.id, score: 0 },
    ]);
    expect(await db.lessonProgress.findMany({ select: { userId: true } })).toEqual([{ userId: people.lena.id }]);
    // What the instructor matrix shows for each of them.
    const { quizzesByLearners } = await import("@/lib/progress/cohorts");
    const max = lesson.frontmatter.quiz.length;
    const summary = await quizzesByLearners(db, [people.lena.id, people.omar.id]);
    expect(summary.get(people.lena.id)).toEqual({ quizzes: 1, bestScore: max, maxScore: max });
    expect(summary.get(people.omar.id)).toEqual({ quizzes: 1, bestScore: 0, maxScore: max });
  });

  it("answers for made-up questions are refused, not stored", async () => {
    as("lena");
    const before = await db.quizAttempt.count();
    const padded = {
      ...answers(true),
      ...Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`made-up-${i}`.padEnd(64, "x"), ["a"]])),
    };
    expect(await actions.submitQuiz({ lessonId: lesson.id, answers: padded })).toEqual({
      ok: false,
      error: expect.stringMatching(/questions this lesson does not have/),
    });
    const tooMany = Object.fromEntries(Array.from({ length: 15_000 }, (_, i) => [`k${i}`, []]));
    expect(await actions.submitQuiz({ lessonId: lesson.id, answers: tooMany })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/could not be read/),
    });
    expect(await db.quizAttempt.count()).toBe(before);
  });

  it("a learner storing quiz attempts in a loop is slowed down", async () => {
    as("omar");
    const results = [];
    for (let i = 0; i < 25; i += 1)
      results.push(await actions.submitQuiz({ lessonId: lesson.id, answers: answers(false) }));
    const refused = results.filter((r) => !r.ok);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatchObject({ error: expect.stringMatching(/Too many quiz attempts/) });
    expect(await db.quizAttempt.count({ where: { userId: people.omar.id } })).toBe(20);
  });
});
