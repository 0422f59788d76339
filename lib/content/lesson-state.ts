/** Shapes exchanged between the lesson page's client components and the lesson server actions (JSON-safe). */
import type { QuestionResult } from "./quiz";

export type ScoreView = { score: number; maxScore: number };
export type StandingView = { best: ScoreView; last: ScoreView & { at: string }; attempts: number };
export type LessonStateView = { completedAt: string | null; quiz: StandingView | null };

export type QuizSubmitResult =
  | { ok: true; score: number; maxScore: number; results: QuestionResult[]; standing: StandingView }
  | { ok: false; error: string };

export type MarkCompleteResult = { ok: true; completedAt: string } | { ok: false; error: string };

export type LessonActions = {
  submitQuiz: (input: { lessonId: string; answers: Record<string, string[]> }) => Promise<QuizSubmitResult>;
  markComplete: (input: { lessonId: string }) => Promise<MarkCompleteResult>;
  getLessonState: (input: { lessonId: string }) => Promise<LessonStateView | { error: string }>;
};

/** Every lesson has one knowledge check; this is its id in QuizAttempt.quizId. */
export const LESSON_QUIZ_ID = "knowledge-check";
