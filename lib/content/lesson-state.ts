/** Shapes exchanged between the lesson page's client components and the lesson server actions (JSON-safe). */
import type { PublicQuiz, QuestionResult } from "./quiz";

export type ScoreView = { score: number; maxScore: number };
export type StandingView = { best: ScoreView; last: ScoreView & { at: string }; attempts: number };
export type LessonStateView = { completedAt: string | null; quiz: StandingView | null };

export type QuizSubmitResult =
  | { ok: true; score: number; maxScore: number; results: QuestionResult[]; standing: StandingView }
  | { ok: false; error: string };

export type MarkCompleteResult = { ok: true; completedAt: string } | { ok: false; error: string };

export type LessonActions = {
  /** `seed` is the seed that shuffled the choices the learner saw (stored with the attempt). */
  submitQuiz: (input: {
    lessonId: string;
    answers: Record<string, string[]>;
    seed?: number;
  }) => Promise<QuizSubmitResult>;
  markComplete: (input: { lessonId: string }) => Promise<MarkCompleteResult>;
  getLessonState: (input: { lessonId: string }) => Promise<LessonStateView | { error: string }>;
};

/** Every lesson has one knowledge check; this is its id in QuizAttempt.quizId. */
export const LESSON_QUIZ_ID = "knowledge-check";

/** The module assessment page and its server actions (app/actions/assessment.ts). */
export type AssessmentStandingView = {
  attempts: number;
  best: ScoreView;
  last: ScoreView & { passed: boolean; at: string };
  firstPassedAt: string | null;
};

export type AssessmentDrawView = {
  moduleId: string;
  seed: number;
  quiz: PublicQuiz;
  passMark: number;
};

export type AssessmentStartResult = ({ ok: true } & AssessmentDrawView) | { ok: false; error: string };

export type AssessmentSubmitResult =
  | {
      ok: true;
      score: number;
      maxScore: number;
      passMark: number;
      passed: boolean;
      results: QuestionResult[];
      standing: AssessmentStandingView;
    }
  | { ok: false; error: string };

export type AssessmentActions = {
  startAssessment: (input: { moduleId: string }) => Promise<AssessmentStartResult>;
  submitAssessment: (input: {
    moduleId: string;
    seed: number;
    answers: Record<string, string[]>;
  }) => Promise<AssessmentSubmitResult>;
};
