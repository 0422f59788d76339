/**
 * A bound on how fast one learner can store quiz attempts (security review M2: the lesson actions had no limit, so
 * a script could fill the database). Counted from QuizAttempt rows, so it holds across app instances; generous
 * for a person (a quiz takes minutes to read), tight for a loop.
 */
import type { ProgressDb } from "./lessons";

export const QUIZ_ATTEMPT_WINDOW_MS = 60_000;
export const MAX_QUIZ_ATTEMPTS_PER_WINDOW = 20;

export type QuizThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export async function checkQuizAttemptRate(db: ProgressDb, userId: string, now: Date): Promise<QuizThrottleVerdict> {
  const since = new Date(now.getTime() - QUIZ_ATTEMPT_WINDOW_MS);
  const recent = await db.quizAttempt.count({ where: { userId, createdAt: { gt: since } } });
  if (recent < MAX_QUIZ_ATTEMPTS_PER_WINDOW) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.ceil(QUIZ_ATTEMPT_WINDOW_MS / 1000) };
}
