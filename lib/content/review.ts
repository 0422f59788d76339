/**
 * Rebuild a stored attempt as the learner saw it: the questions in the stored order, each with its choices in the
 * stored order, the learner's picks and the right answers. Questions removed from the course since are reported,
 * not silently dropped, and choices added since are appended after the ones the learner saw.
 */
import type { Presentation, QuizAnswers, QuizQuestion } from "./quiz";

export type ReviewChoice = { id: string; text: string; chosen: boolean; correct: boolean; explanation: string };
export type ReviewItem =
  | {
      questionId: string;
      status: "present";
      prompt: string;
      kind: "single" | "multiple";
      correct: boolean;
      choices: ReviewChoice[];
    }
  | { questionId: string; status: "removed" };

export function reviewAttempt(
  pool: ReadonlyMap<string, QuizQuestion>,
  presented: Presentation,
  answers: QuizAnswers,
): ReviewItem[] {
  return presented.order.map(({ questionId, choiceIds }) => {
    const q = pool.get(questionId);
    if (!q) return { questionId, status: "removed" };
    const picked = new Set(answers[questionId] ?? []);
    const byId = new Map(q.choices.map((c) => [c.id, c]));
    const shown = [
      ...choiceIds.filter((id) => byId.has(id)),
      ...q.choices.map((c) => c.id).filter((id) => !choiceIds.includes(id)),
    ];
    const choices = shown.map((id) => {
      const c = byId.get(id);
      if (!c) throw new Error(`unreachable: choice ${id} vanished`);
      return { id, text: c.text, chosen: picked.has(id), correct: c.correct, explanation: c.explanation };
    });
    const correct = choices.every((c) => c.chosen === c.correct);
    return { questionId, status: "present", prompt: q.prompt, kind: q.kind, correct, choices };
  });
}
