/**
 * Answers as the server stores them (security review M2): only the quiz's own question ids, each with only that
 * question's choice ids. Anything else can only come from a forged request, so it is refused, not stored: a
 * request with thousands of made-up keys would otherwise put about 1 MB of JSON in every QuizAttempt row.
 */
import type { Quiz, QuizAnswers } from "./quiz";

export type RestrictedAnswers = { ok: true; answers: QuizAnswers } | { ok: false; error: string };

export function restrictAnswersToQuiz(quiz: Quiz, answers: QuizAnswers): RestrictedAnswers {
  const questions = new Map(quiz.map((q) => [q.id, new Set(q.choices.map((c) => c.id))]));
  const unknown = Object.keys(answers).filter((id) => !questions.has(id));
  if (unknown.length > 0)
    return {
      ok: false,
      error: `These answers are for questions this lesson does not have (${unknown.length}). Reload the page: the lesson may have changed.`,
    };
  const restricted: QuizAnswers = {};
  for (const [questionId, chosen] of Object.entries(answers)) {
    const choices = questions.get(questionId);
    if (!choices) continue;
    const distinct = [...new Set(chosen)];
    if (distinct.some((id) => !choices.has(id)))
      return {
        ok: false,
        error: `An answer names a choice question "${questionId}" does not have. Reload the page and answer again.`,
      };
    restricted[questionId] = distinct;
  }
  return { ok: true, answers: restricted };
}
