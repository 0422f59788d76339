// Module assessment attempts against a real SQLite file migrated with the committed history (prisma migrate deploy).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type PrismaClient } from "@/lib/db";
import { migratedSqlite } from "@/tests/helpers/prisma-cli";
import {
  getAssessmentStandings,
  getLastAssessmentAttempt,
  listAssessmentAttemptsOfUsers,
  recordAssessmentAttempt,
  summariseAssessments,
} from "./assessments";
import { getLearnerProgress, getLocalLearner, recordQuizAttempt } from "./lessons";

const presented = { seed: 7, order: [{ questionId: "01-definition", choiceIds: ["b", "a", "c", "d"] }] };

describe("module assessment attempts (SQLite)", () => {
  let database: Awaited<ReturnType<typeof migratedSqlite>>;
  let db: PrismaClient;

  beforeAll(async () => {
    database = await migratedSqlite("assessments");
    db = createPrismaClient(database.url);
  }, 180_000);

  afterAll(async () => {
    await db?.$disconnect();
    database.remove();
  });

  it("stores the seed, the order shown and the verdict, and keeps a pass after a weaker attempt", async () => {
    const learner = await getLocalLearner(db);
    const base = { userId: learner.id, moduleId: "06-m", maxScore: 16, answers: { "01-definition": ["a"] }, presented };
    let standing = await recordAssessmentAttempt(db, { ...base, score: 9, passed: false });
    expect(standing).toMatchObject({
      attempts: 1,
      best: { score: 9 },
      last: { score: 9, passed: false },
      firstPassedAt: null,
    });
    await new Promise((r) => setTimeout(r, 5));
    standing = await recordAssessmentAttempt(db, { ...base, score: 13, passed: true });
    const passedAt = standing.firstPassedAt;
    expect(passedAt).toBeInstanceOf(Date);
    await new Promise((r) => setTimeout(r, 5));
    standing = await recordAssessmentAttempt(db, { ...base, score: 5, passed: false });
    expect(standing).toMatchObject({
      attempts: 3,
      best: { score: 13, maxScore: 16 },
      last: { score: 5, passed: false },
      firstPassedAt: passedAt,
    });

    const last = await getLastAssessmentAttempt(db, learner.id, "06-m");
    expect(last).toMatchObject({ score: 5, passed: false, answers: base.answers, presented });
    expect(await getLastAssessmentAttempt(db, learner.id, "07-none")).toBeUndefined();
    const stored = await db.quizAttempt.findFirst({ where: { userId: learner.id, score: 13 } });
    expect(stored).toMatchObject({
      kind: "assessment",
      lessonSlug: "06-m",
      quizId: "module-assessment",
      seed: 7,
      passed: true,
      presented,
    });
  });

  it("lesson progress ignores assessments, and assessment standings ignore lesson quizzes", async () => {
    const learner = await getLocalLearner(db);
    await recordQuizAttempt(db, {
      userId: learner.id,
      lessonSlug: "06-m/01-a",
      quizId: "knowledge-check",
      score: 3,
      maxScore: 5,
      answers: {},
      seed: 3,
      presented: { seed: 3, order: [] },
    });
    const progress = await getLearnerProgress(db, learner.id);
    expect([...progress.quizzes.keys()]).toEqual(["06-m/01-a#knowledge-check"]);
    expect([...(await getAssessmentStandings(db, learner.id)).keys()]).toEqual(["06-m"]);
    expect(await listAssessmentAttemptsOfUsers(db, [])).toEqual([]);
    expect((await listAssessmentAttemptsOfUsers(db, [learner.id])).map((r) => r.score)).toEqual([9, 13, 5]);
  });
});

describe("summariseAssessments", () => {
  it("groups by learner and module; best is the highest fraction", () => {
    const at = (s: number) => new Date(Date.UTC(2026, 11, 6, 0, 0, s));
    const rows = [
      { id: "1", userId: "u1", moduleId: "m", score: 10, maxScore: 16, passed: false, seed: 1, at: at(1) },
      { id: "2", userId: "u1", moduleId: "m", score: 12, maxScore: 16, passed: true, seed: 2, at: at(2) },
      { id: "3", userId: "u2", moduleId: "m", score: 3, maxScore: 16, passed: false, seed: 3, at: at(3) },
    ];
    const out = summariseAssessments(rows);
    expect(out.get("u1")?.get("m")).toMatchObject({ attempts: 2, best: { score: 12 }, firstPassedAt: at(2) });
    expect(out.get("u2")?.get("m")).toMatchObject({ attempts: 1, firstPassedAt: null });
  });
});
