/**
 * Lesson completion and quiz attempts for a learner. Every function takes the Prisma client as its first argument
 * (the app passes the lib/db singleton, tests pass a client on a temporary SQLite file), so this module is the only
 * place that knows how lesson progress is stored.
 */
import type { PrismaClient } from "@/generated/prisma/client";

export type ProgressDb = Pick<PrismaClient, "user" | "lessonProgress" | "quizAttempt">;

/** The implicit learner of local mode: one row, found by this reserved address (.invalid never resolves). */
export const LOCAL_LEARNER_EMAIL = "local@clusterlab.invalid";

export type Learner = { id: string; name: string };

export async function getLocalLearner(db: ProgressDb): Promise<Learner> {
  const user = await db.user.upsert({
    where: { email: LOCAL_LEARNER_EMAIL },
    create: { email: LOCAL_LEARNER_EMAIL, name: "Local learner", role: "learner" },
    update: {},
    select: { id: true, name: true },
  });
  return user;
}

/** Idempotent: completing a lesson twice keeps the first completion time. */
export async function markLessonComplete(db: ProgressDb, userId: string, lessonSlug: string): Promise<Date> {
  const row = await db.lessonProgress.upsert({
    where: { userId_lessonSlug: { userId, lessonSlug } },
    create: { userId, lessonSlug },
    update: {},
    select: { completedAt: true },
  });
  return row.completedAt;
}

export type QuizAttemptInput = {
  userId: string;
  lessonSlug: string;
  quizId: string;
  score: number;
  maxScore: number;
  answers: Record<string, string[]>;
  /** The seed that shuffled the choices and the order it produced (absent from clients older than shuffling). */
  seed?: number;
  presented?: { seed: number; order: { questionId: string; choiceIds: string[] }[] };
};

export type QuizStanding = {
  best: { score: number; maxScore: number };
  last: { score: number; maxScore: number; at: Date };
  attempts: number;
};

/** Stores every attempt (retries are allowed) and returns the learner's best and last score for that quiz. */
export async function recordQuizAttempt(db: ProgressDb, input: QuizAttemptInput): Promise<QuizStanding> {
  if (input.score < 0 || input.score > input.maxScore)
    throw new RangeError(`score ${input.score} is outside 0..${input.maxScore}`);
  await db.quizAttempt.create({ data: { ...input } });
  const standing = await getQuizStanding(db, input.userId, input.lessonSlug, input.quizId);
  if (!standing) throw new Error("the attempt just stored was not found");
  return standing;
}

export async function getQuizStanding(
  db: ProgressDb,
  userId: string,
  lessonSlug: string,
  quizId: string,
): Promise<QuizStanding | undefined> {
  const attempts = await db.quizAttempt.findMany({
    where: { userId, lessonSlug, quizId, kind: "lesson" },
    orderBy: { createdAt: "desc" },
    select: { score: true, maxScore: true, createdAt: true },
  });
  return standingOf(attempts);
}

type AttemptRow = { score: number; maxScore: number; createdAt: Date };

/** Best = highest fraction of the max (quizzes may grow); ties go to the more recent attempt. */
function standingOf(newestFirst: AttemptRow[]): QuizStanding | undefined {
  const last = newestFirst[0];
  if (!last) return undefined;
  let best = last;
  for (const a of newestFirst) {
    if (a.score / a.maxScore > best.score / best.maxScore) best = a;
  }
  return {
    best: { score: best.score, maxScore: best.maxScore },
    last: { score: last.score, maxScore: last.maxScore, at: last.createdAt },
    attempts: newestFirst.length,
  };
}

export type LearnerProgress = {
  completed: Map<string, Date>;
  /** Keyed by `${lessonSlug}#${quizId}`. */
  quizzes: Map<string, QuizStanding>;
};

export async function getLearnerProgress(db: ProgressDb, userId: string): Promise<LearnerProgress> {
  const [done, attempts] = await Promise.all([
    db.lessonProgress.findMany({ where: { userId }, select: { lessonSlug: true, completedAt: true } }),
    db.quizAttempt.findMany({
      // Module assessments have their own standing (lib/progress/assessments.ts).
      where: { userId, kind: "lesson" },
      orderBy: { createdAt: "desc" },
      select: { lessonSlug: true, quizId: true, score: true, maxScore: true, createdAt: true },
    }),
  ]);
  const grouped = new Map<string, AttemptRow[]>();
  for (const a of attempts) {
    const key = `${a.lessonSlug}#${a.quizId}`;
    const list = grouped.get(key) ?? [];
    list.push(a);
    grouped.set(key, list);
  }
  const quizzes = new Map<string, QuizStanding>();
  for (const [key, rows] of grouped) {
    const standing = standingOf(rows);
    if (standing) quizzes.set(key, standing);
  }
  return { completed: new Map(done.map((d) => [d.lessonSlug, d.completedAt])), quizzes };
}

export function quizKey(lessonSlug: string, quizId: string): string {
  return `${lessonSlug}#${quizId}`;
}
