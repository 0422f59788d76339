/**
 * Knowledge checks. The full quiz (with the correct answers and explanations) lives in lesson frontmatter and
 * never leaves the server: pages send `toPublicQuiz()` to the browser, and answers are scored by `scoreQuiz()`
 * inside a server action.
 */
import { z } from "zod";

const choiceSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, "choice ids are lower-case letters, digits and dashes"),
  text: z.string().min(1),
  correct: z.boolean().default(false),
  explanation: z.string().min(10, "every choice needs an explanation of why it is right or wrong"),
});

const questionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, "question ids are lower-case letters, digits and dashes"),
    prompt: z.string().min(5),
    kind: z.enum(["single", "multiple"]),
    choices: z.array(choiceSchema).min(2),
  })
  .superRefine((q, ctx) => {
    const correct = q.choices.filter((c) => c.correct).length;
    if (correct === 0) ctx.addIssue({ code: "custom", message: `question "${q.id}" has no correct choice` });
    if (q.kind === "single" && correct !== 1) {
      ctx.addIssue({ code: "custom", message: `single-answer question "${q.id}" must have exactly one correct choice (has ${correct})` });
    }
    const ids = new Set(q.choices.map((c) => c.id));
    if (ids.size !== q.choices.length) ctx.addIssue({ code: "custom", message: `question "${q.id}" repeats a choice id` });
  });

export const quizSchema = z
  .array(questionSchema)
  .min(3, "a lesson needs at least 3 knowledge-check questions")
  .superRefine((qs, ctx) => {
    const ids = new Set(qs.map((q) => q.id));
    if (ids.size !== qs.length) ctx.addIssue({ code: "custom", message: "question ids must be unique within a lesson" });
  });

export type Quiz = z.infer<typeof quizSchema>;
export type QuizQuestion = Quiz[number];

/** What the browser may see before submitting: prompts and choice texts, no correctness, no explanations. */
export type PublicQuiz = {
  questions: { id: string; prompt: string; kind: "single" | "multiple"; choices: { id: string; text: string }[] }[];
};

export function toPublicQuiz(quiz: Quiz): PublicQuiz {
  return {
    questions: quiz.map((q) => ({
      id: q.id,
      prompt: q.prompt,
      kind: q.kind,
      choices: q.choices.map((c) => ({ id: c.id, text: c.text })),
    })),
  };
}

/** A learner's submission: question id -> chosen choice ids. Parsed with zod at the server-action boundary. */
export const quizAnswersSchema = z.record(z.string().max(64), z.array(z.string().max(64)).max(20));
export type QuizAnswers = z.infer<typeof quizAnswersSchema>;

export type QuestionResult = {
  questionId: string;
  correct: boolean;
  chosen: string[];
  correctChoiceIds: string[];
  /** Explanations for every choice, revealed only after submission. */
  explanations: { choiceId: string; text: string; correct: boolean; explanation: string }[];
};

export type QuizScore = { score: number; maxScore: number; results: QuestionResult[] };

/**
 * One point per question, all or nothing: a multiple-answer question is correct only when exactly the correct
 * set was chosen. Unknown question or choice ids are ignored (they can only come from a stale or forged form).
 */
export function scoreQuiz(quiz: Quiz, answers: QuizAnswers): QuizScore {
  const results = quiz.map((q): QuestionResult => {
    const valid = new Set(q.choices.map((c) => c.id));
    const chosen = [...new Set(answers[q.id] ?? [])].filter((id) => valid.has(id)).sort();
    const correctChoiceIds = q.choices.filter((c) => c.correct).map((c) => c.id).sort();
    const correct = chosen.length === correctChoiceIds.length && chosen.every((id, i) => id === correctChoiceIds[i]);
    return {
      questionId: q.id,
      correct,
      chosen,
      correctChoiceIds,
      explanations: q.choices.map((c) => ({ choiceId: c.id, text: c.text, correct: c.correct, explanation: c.explanation })),
    };
  });
  return { score: results.filter((r) => r.correct).length, maxScore: quiz.length, results };
}
