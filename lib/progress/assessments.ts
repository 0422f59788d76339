/**
 * Module assessment attempts. They live in QuizAttempt with kind "assessment" (lessonSlug = the module id, quizId =
 * ASSESSMENT_QUIZ_ID), beside lesson knowledge checks, so one table keeps every answered question; this module is
 * the only place that reads or writes that kind. Every function takes the Prisma client first, like lessons.ts.
 */
import { ASSESSMENT_QUIZ_ID } from "@/lib/content/assessment";
import { presentationSchema, quizAnswersSchema, type Presentation, type QuizAnswers } from "@/lib/content/quiz";
import type { ProgressDb } from "./lessons";

export const ASSESSMENT_KIND = "assessment";

export type AssessmentAttemptInput = {
  userId: string;
  moduleId: string;
  score: number;
  maxScore: number;
  passed: boolean;
  answers: Record<string, string[]>;
  presented: Presentation;
};

export type AssessmentAttemptRow = {
  id: string;
  userId: string;
  moduleId: string;
  score: number;
  maxScore: number;
  passed: boolean;
  seed: number | null;
  at: Date;
};

export type AssessmentStanding = {
  moduleId: string;
  attempts: number;
  best: { score: number; maxScore: number };
  last: { score: number; maxScore: number; passed: boolean; at: Date };
  /** First attempt that reached the pass mark, if any: a pass is not undone by a later weaker attempt. */
  firstPassedAt: Date | null;
};

export async function recordAssessmentAttempt(
  db: ProgressDb,
  input: AssessmentAttemptInput,
): Promise<AssessmentStanding> {
  if (input.score < 0 || input.score > input.maxScore)
    throw new RangeError(`score ${input.score} is outside 0..${input.maxScore}`);
  await db.quizAttempt.create({
    data: {
      userId: input.userId,
      lessonSlug: input.moduleId,
      quizId: ASSESSMENT_QUIZ_ID,
      kind: ASSESSMENT_KIND,
      score: input.score,
      maxScore: input.maxScore,
      passed: input.passed,
      answers: input.answers,
      seed: input.presented.seed,
      presented: input.presented,
    },
  });
  const standing = (await getAssessmentStandings(db, input.userId)).get(input.moduleId);
  if (!standing) throw new Error("the assessment attempt just stored was not found");
  return standing;
}

/** Assessment attempts of the given learners, oldest first (one query; instructor views and exports). */
export async function listAssessmentAttemptsOfUsers(
  db: ProgressDb,
  userIds: ReadonlyArray<string>,
): Promise<AssessmentAttemptRow[]> {
  if (userIds.length === 0) return [];
  const rows = await db.quizAttempt.findMany({
    where: { userId: { in: [...userIds] }, kind: ASSESSMENT_KIND },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      userId: true,
      lessonSlug: true,
      score: true,
      maxScore: true,
      passed: true,
      seed: true,
      createdAt: true,
    },
  });
  return rows.map((r) => ({
    id: r.id,
    userId: r.userId,
    moduleId: r.lessonSlug,
    score: r.score,
    maxScore: r.maxScore,
    passed: r.passed === true,
    seed: r.seed,
    at: r.createdAt,
  }));
}

export async function getAssessmentStandings(db: ProgressDb, userId: string): Promise<Map<string, AssessmentStanding>> {
  return summariseAssessments(await listAssessmentAttemptsOfUsers(db, [userId])).get(userId) ?? new Map();
}

/**
 * learner id -> module id -> standing. Pure. Best is the highest fraction of the max (draws may differ in size);
 * ties go to the more recent attempt, as for lesson quizzes.
 */
export function summariseAssessments(
  rows: ReadonlyArray<AssessmentAttemptRow>,
): Map<string, Map<string, AssessmentStanding>> {
  const out = new Map<string, Map<string, AssessmentStanding>>();
  const sorted = [...rows].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id));
  for (const r of sorted) {
    const byModule = out.get(r.userId) ?? new Map<string, AssessmentStanding>();
    out.set(r.userId, byModule);
    const current = byModule.get(r.moduleId);
    const last = { score: r.score, maxScore: r.maxScore, passed: r.passed, at: r.at };
    if (!current) {
      byModule.set(r.moduleId, {
        moduleId: r.moduleId,
        attempts: 1,
        best: { score: r.score, maxScore: r.maxScore },
        last,
        firstPassedAt: r.passed ? r.at : null,
      });
      continue;
    }
    current.attempts += 1;
    if (r.score / r.maxScore >= current.best.score / current.best.maxScore)
      current.best = { score: r.score, maxScore: r.maxScore };
    current.last = last;
    if (r.passed && !current.firstPassedAt) current.firstPassedAt = r.at;
  }
  return out;
}

export type StoredAssessmentAttempt = {
  score: number;
  maxScore: number;
  passed: boolean;
  at: Date;
  answers: QuizAnswers;
  /** Null only if the stored JSON does not have the expected shape (then the attempt cannot be replayed). */
  presented: Presentation | null;
};

/** The learner's latest attempt at a module's assessment, with what they answered and the order they saw. */
export async function getLastAssessmentAttempt(
  db: ProgressDb,
  userId: string,
  moduleId: string,
): Promise<StoredAssessmentAttempt | undefined> {
  const row = await db.quizAttempt.findFirst({
    where: { userId, lessonSlug: moduleId, quizId: ASSESSMENT_QUIZ_ID, kind: ASSESSMENT_KIND },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { score: true, maxScore: true, passed: true, createdAt: true, answers: true, presented: true },
  });
  if (!row) return undefined;
  const answers = quizAnswersSchema.safeParse(row.answers);
  const presented = presentationSchema.safeParse(row.presented);
  return {
    score: row.score,
    maxScore: row.maxScore,
    passed: row.passed === true,
    at: row.createdAt,
    answers: answers.success ? answers.data : {},
    presented: presented.success ? presented.data : null,
  };
}
