/**
 * Knowledge checks. The full quiz (with the correct answers and explanations) lives in lesson frontmatter and
 * never leaves the server: pages send `toPublicQuiz()` to the browser, and answers are scored by `scoreQuiz()`
 * inside a server action.
 */
import { z } from "zod";
export { presentQuiz, type Presentation } from "./present";

const choiceSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, "choice ids are lower-case letters, digits and dashes"),
  text: z.string().min(1),
  correct: z.boolean().default(false),
  explanation: z.string().min(10, "every choice needs an explanation of why it is right or wrong"),
});

/** A config file excerpt shown with the prompt (find-the-bug questions). */
const snippetSchema = z.strictObject({
  language: z.enum(["xml", "toml", "nginx", "properties", "text"]),
  code: z.string().min(5),
});

/**
 * What the question asks the learner to do. `recall`: a fact from the lesson; `find-the-bug`: read a config snippet
 * and spot the mistake (needs `snippet`); `scenario`: choose a design for a described deployment.
 */
export const QUESTION_FORMATS = ["recall", "find-the-bug", "scenario"] as const;
export type QuestionFormat = (typeof QUESTION_FORMATS)[number];

/** Fewer than four choices makes guessing pay (one in two or three); the course review asked for four plausible ones. */
export const MIN_CHOICES = 4;

const questionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, "question ids are lower-case letters, digits and dashes"),
    prompt: z.string().min(5),
    kind: z.enum(["single", "multiple"]),
    format: z.enum(QUESTION_FORMATS).default("recall"),
    snippet: snippetSchema.optional(),
    choices: z.array(choiceSchema).min(MIN_CHOICES, `every question needs at least ${MIN_CHOICES} plausible choices`),
  })
  .superRefine((q, ctx) => {
    const correct = q.choices.filter((c) => c.correct).length;
    if (correct === 0) ctx.addIssue({ code: "custom", message: `question "${q.id}" has no correct choice` });
    if (q.kind === "single" && correct !== 1) {
      ctx.addIssue({
        code: "custom",
        message: `single-answer question "${q.id}" must have exactly one correct choice (has ${correct})`,
      });
    }
    if (q.kind === "multiple" && correct === q.choices.length) {
      ctx.addIssue({
        code: "custom",
        message: `multiple-answer question "${q.id}" marks every choice correct ("tick all" would pass)`,
      });
    }
    if (q.format === "find-the-bug" && !q.snippet)
      ctx.addIssue({ code: "custom", message: `find-the-bug question "${q.id}" needs a snippet` });
    const ids = new Set(q.choices.map((c) => c.id));
    if (ids.size !== q.choices.length)
      ctx.addIssue({ code: "custom", message: `question "${q.id}" repeats a choice id` });
  });

export const quizSchema = z
  .array(questionSchema)
  .min(3, "a lesson needs at least 3 knowledge-check questions")
  .superRefine((qs, ctx) => {
    const ids = new Set(qs.map((q) => q.id));
    if (ids.size !== qs.length)
      ctx.addIssue({ code: "custom", message: "question ids must be unique within a lesson" });
  });

export type Quiz = z.infer<typeof quizSchema>;
export type QuizQuestion = Quiz[number];

export type QuizSnippet = z.infer<typeof snippetSchema>;

export type PublicQuestion = {
  id: string;
  prompt: string;
  kind: "single" | "multiple";
  format: QuestionFormat;
  snippet?: QuizSnippet;
  choices: { id: string; text: string }[];
};

/** What the browser may see before submitting: prompts, snippets and choice texts, no correctness, no explanations. */
export type PublicQuiz = { questions: PublicQuestion[] };

export function toPublicQuestion(q: QuizQuestion): PublicQuestion {
  return {
    id: q.id,
    prompt: q.prompt,
    kind: q.kind,
    format: q.format,
    ...(q.snippet ? { snippet: q.snippet } : {}),
    choices: q.choices.map((c) => ({ id: c.id, text: c.text })),
  };
}

export function toPublicQuiz(quiz: Quiz): PublicQuiz {
  return { questions: quiz.map(toPublicQuestion) };
}

/**
 * The order an attempt was shown in: the seed and, per question, the choice ids top to bottom. Stored with the
 * attempt (QuizAttempt.presented) so a review shows what the learner saw, even if the lesson's YAML changes later.
 */
export const presentationSchema = z.object({
  seed: z.number().int().min(0),
  order: z
    .array(z.object({ questionId: z.string().max(200), choiceIds: z.array(z.string().max(64)).max(20) }))
    .max(200),
});

/** A learner's submission: question id -> chosen choice ids. Parsed with zod at the server-action boundary. */
export const quizAnswersSchema = z.record(z.string().max(64), z.array(z.string().max(64)).max(20));
export type QuizAnswers = z.infer<typeof quizAnswersSchema>;

export type QuestionResult = {
  questionId: string;
  correct: boolean;
  /** The learner's own picks (valid ids only), so the result can show them apart from the right answers. */
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
    const correctChoiceIds = q.choices
      .filter((c) => c.correct)
      .map((c) => c.id)
      .sort();
    const correct = chosen.length === correctChoiceIds.length && chosen.every((id, i) => id === correctChoiceIds[i]);
    return {
      questionId: q.id,
      correct,
      chosen,
      correctChoiceIds,
      explanations: q.choices.map((c) => ({
        choiceId: c.id,
        text: c.text,
        correct: c.correct,
        explanation: c.explanation,
      })),
    };
  });
  return { score: results.filter((r) => r.correct).length, maxScore: quiz.length, results };
}
