// The lesson server actions against a migrated temporary SQLite file: zod-checked input, server-side scoring,
// explanations only in the response, attempts and completion stored for the local learner.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { allLessons, loadCatalog, type Lesson } from "@/lib/content";
import { migratedSqlite } from "@/tests/helpers/prisma-cli";

// The actions read the request's headers (the Host decides local mode's learner: security review L7).
vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: "127.0.0.1:3000" }) }));

type Actions = typeof import("./lessons");
let actions: Actions;
let database: Awaited<ReturnType<typeof migratedSqlite>>;
let lesson: Lesson;

beforeAll(async () => {
  database = await migratedSqlite("actions");
  // lib/env reads DATABASE_URL once, on the first getDb(); set it before the actions module is loaded.
  process.env.DATABASE_URL = database.url;
  actions = await import("./lessons");
  const first = allLessons(loadCatalog())[0];
  if (!first) throw new Error("no lessons");
  lesson = first;
}, 180_000);

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  database.remove();
});

function answers(correct: boolean): Record<string, string[]> {
  return Object.fromEntries(
    lesson.frontmatter.quiz.map((q) => [
      q.id,
      q.choices
        .filter((c) => (correct ? c.correct : !c.correct))
        .slice(0, correct ? undefined : 1)
        .map((c) => c.id),
    ]),
  );
}

describe("lesson actions", () => {
  it("rejects malformed input and unknown lessons with a message", async () => {
    expect(await actions.submitQuiz({ lessonId: 42 })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/could not be read/),
    });
    expect(await actions.submitQuiz({ lessonId: "nope/nope", answers: {} })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no lesson/),
    });
    expect(await actions.markComplete({})).toMatchObject({ ok: false });
  });

  it("asks for every answer before scoring", async () => {
    expect(await actions.submitQuiz({ lessonId: lesson.id, answers: {} })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Answer every question/),
    });
  });

  it("scores on the server, returns explanations, keeps best and last", async () => {
    const max = lesson.frontmatter.quiz.length;
    const good = await actions.submitQuiz({ lessonId: lesson.id, answers: answers(true) });
    if (!good.ok) throw new Error(good.error);
    expect(good.score).toBe(max);
    expect(good.results[0]?.explanations.length).toBeGreaterThan(1);
    const bad = await actions.submitQuiz({ lessonId: lesson.id, answers: answers(false) });
    if (!bad.ok) throw new Error(bad.error);
    expect(bad.score).toBe(0);
    expect(bad.standing).toMatchObject({ best: { score: max, maxScore: max }, last: { score: 0 }, attempts: 2 });
    const state = await actions.getLessonState({ lessonId: lesson.id });
    expect(state).toMatchObject({ completedAt: null, quiz: { attempts: 2 } });
  });

  it("marks a lesson complete once", async () => {
    const a = await actions.markComplete({ lessonId: lesson.id });
    const b = await actions.markComplete({ lessonId: lesson.id });
    if (!a.ok || !b.ok) throw new Error("markComplete failed");
    expect(b.completedAt).toBe(a.completedAt);
    expect(await actions.getLessonState({ lessonId: lesson.id })).toMatchObject({ completedAt: a.completedAt });
  });
});
