/**
 * Per-attempt choice order. Kept apart from quiz.ts (which holds the zod schemas) so the browser bundle gets the
 * shuffle without zod; the server validates stored orders with quiz.ts presentationSchema.
 */
import type { PublicQuiz } from "./quiz";
import { seededRandom, shuffled } from "./shuffle";

/** The seed and, per question, the choice ids top to bottom (matches quiz.ts presentationSchema). */
export type Presentation = { seed: number; order: { questionId: string; choiceIds: string[] }[] };

/**
 * Shuffle every question's choices with `seed`; question order is kept (it reveals nothing about the answers).
 * Pure and deterministic, so the browser and the server compute the same order from the same seed.
 */
export function presentQuiz(quiz: PublicQuiz, seed: number): { quiz: PublicQuiz; presentation: Presentation } {
  const random = seededRandom(seed);
  const questions = quiz.questions.map((q) => ({ ...q, choices: shuffled(q.choices, random) }));
  return {
    quiz: { questions },
    presentation: { seed, order: questions.map((q) => ({ questionId: q.id, choiceIds: q.choices.map((c) => c.id) })) },
  };
}
