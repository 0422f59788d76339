// Lesson progress queries against a real SQLite file migrated with the committed history (prisma migrate deploy).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type PrismaClient } from "@/lib/db";
import { describeRun, runPrisma } from "@/tests/helpers/prisma-cli";
import {
  getLearnerProgress,
  getLocalLearner,
  getQuizStanding,
  LOCAL_LEARNER_EMAIL,
  markLessonComplete,
  quizKey,
  recordQuizAttempt,
} from "./lessons";

describe("lesson progress (SQLite)", () => {
  let dir: string;
  let db: PrismaClient;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-lessons-"));
    const url = `file:${path.join(dir, "test.db")}`;
    const args = ["migrate", "deploy"];
    const result = await runPrisma(args, url);
    if (result.code !== 0) throw new Error(describeRun(args, result));
    db = createPrismaClient(url);
  }, 180_000);

  afterAll(async () => {
    await db?.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("getLocalLearner upserts exactly one implicit learner", async () => {
    const a = await getLocalLearner(db);
    const b = await getLocalLearner(db);
    expect(a.id).toBe(b.id);
    expect(await db.user.count({ where: { email: LOCAL_LEARNER_EMAIL } })).toBe(1);
  });

  it("markLessonComplete is idempotent and keeps the first completion time", async () => {
    const learner = await getLocalLearner(db);
    const first = await markLessonComplete(db, learner.id, "06-x/01-a");
    await new Promise((r) => setTimeout(r, 20));
    const second = await markLessonComplete(db, learner.id, "06-x/01-a");
    expect(second.getTime()).toBe(first.getTime());
    const progress = await getLearnerProgress(db, learner.id);
    expect([...progress.completed.keys()]).toEqual(["06-x/01-a"]);
  });

  it("recordQuizAttempt keeps every attempt and reports best and last", async () => {
    const learner = await getLocalLearner(db);
    const base = {
      userId: learner.id,
      lessonSlug: "06-x/02-b",
      quizId: "knowledge-check",
      maxScore: 4,
      answers: { q1: ["a"] },
    };
    let standing = await recordQuizAttempt(db, { ...base, score: 2 });
    expect(standing).toMatchObject({ best: { score: 2 }, last: { score: 2 }, attempts: 1 });
    await new Promise((r) => setTimeout(r, 5));
    standing = await recordQuizAttempt(db, { ...base, score: 4 });
    expect(standing).toMatchObject({ best: { score: 4 }, last: { score: 4 }, attempts: 2 });
    await new Promise((r) => setTimeout(r, 5));
    standing = await recordQuizAttempt(db, { ...base, score: 1 });
    expect(standing).toMatchObject({ best: { score: 4, maxScore: 4 }, last: { score: 1, maxScore: 4 }, attempts: 3 });
    const progress = await getLearnerProgress(db, learner.id);
    expect(progress.quizzes.get(quizKey("06-x/02-b", "knowledge-check"))).toMatchObject({
      best: { score: 4 },
      last: { score: 1 },
    });
    const stored = await db.quizAttempt.findFirst({ where: { userId: learner.id, score: 1 } });
    expect(stored?.answers).toEqual({ q1: ["a"] });
  });

  it("refuses a score outside 0..maxScore and stores nothing", async () => {
    const learner = await getLocalLearner(db);
    await expect(
      recordQuizAttempt(db, {
        userId: learner.id,
        lessonSlug: "06-x/03-c",
        quizId: "knowledge-check",
        score: 5,
        maxScore: 3,
        answers: {},
      }),
    ).rejects.toThrow(/outside/);
    expect(await getQuizStanding(db, learner.id, "06-x/03-c", "knowledge-check")).toBeUndefined();
  });
});
