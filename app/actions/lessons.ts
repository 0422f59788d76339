"use server";
/**
 * Lesson server actions: score a knowledge check, mark a lesson complete, read the learner's state for a lesson.
 * Inputs are parsed with zod (they come from the browser); answers are scored here against the frontmatter quiz,
 * which the browser never receives. Errors come back as messages the page shows, never as stack traces.
 * Whose rows: app/modules/lesson-learner.ts (classroom mode: the signed-in account only, security review M2).
 */
import { z } from "zod";
import { getDb } from "@/lib/db";
import {
  allLessons,
  loadCatalog,
  presentQuiz,
  quizAnswersSchema,
  scoreQuiz,
  toPublicQuiz,
  type Lesson,
} from "@/lib/content";
import { MAX_SEED } from "@/lib/content/shuffle";
import {
  LESSON_QUIZ_ID,
  type LessonStateView,
  type MarkCompleteResult,
  type QuizSubmitResult,
  type StandingView,
} from "@/lib/content/lesson-state";
import { restrictAnswersToQuiz } from "@/lib/content/quiz-answers";
import {
  getLearnerProgress,
  markLessonComplete,
  recordQuizAttempt,
  quizKey,
  type QuizStanding,
} from "@/lib/progress/lessons";
import { checkQuizAttemptRate } from "@/lib/progress/lesson-throttle";
import { resolveLessonLearner, signedOutMessage } from "@/app/modules/lesson-learner";

const lessonIdSchema = z.string().min(3).max(200);
/** A lesson has a handful of questions; a bound here stops a forged request before any per-key work. */
const MAX_ANSWER_KEYS = 100;
const submitSchema = z.object({
  lessonId: lessonIdSchema,
  answers: quizAnswersSchema.refine(
    (answers) => Object.keys(answers).length <= MAX_ANSWER_KEYS,
    `at most ${MAX_ANSWER_KEYS} answers`,
  ),
  seed: z.number().int().min(0).max(MAX_SEED).optional(),
});
const lessonOnlySchema = z.object({ lessonId: lessonIdSchema });

const STORAGE_HINT =
  "Check that the database is reachable (DATABASE_URL) and migrated (`npm run db:deploy`), then try again.";

function findLessonById(id: string): Lesson | undefined {
  return allLessons(loadCatalog()).find((l) => l.id === id);
}

function view(standing: QuizStanding): StandingView {
  return {
    best: standing.best,
    last: { ...standing.last, at: standing.last.at.toISOString() },
    attempts: standing.attempts,
  };
}

function logFailure(what: string, error: unknown): void {
  console.error(`[lessons] ${what} failed:`, error instanceof Error ? error.message : error);
}

export async function submitQuiz(input: unknown): Promise<QuizSubmitResult> {
  const parsed = submitSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "The answers could not be read. Reload the page and answer again." };
  const lesson = findLessonById(parsed.data.lessonId);
  if (!lesson)
    return {
      ok: false,
      error: `There is no lesson "${parsed.data.lessonId}". Reload the page: the course may have changed.`,
    };
  const restricted = restrictAnswersToQuiz(lesson.frontmatter.quiz, parsed.data.answers);
  if (!restricted.ok) return { ok: false, error: restricted.error };
  const answers = restricted.answers;
  const unanswered = lesson.frontmatter.quiz.filter((q) => (answers[q.id] ?? []).length === 0).length;
  if (unanswered > 0)
    return { ok: false, error: `Answer every question before checking (${unanswered} still unanswered).` };
  try {
    const learner = await resolveLessonLearner();
    if (learner.kind === "signed-out") return { ok: false, error: signedOutMessage() };
    const db = getDb();
    const rate = await checkQuizAttemptRate(db, learner.id, new Date());
    if (!rate.allowed)
      return {
        ok: false,
        error: `Too many quiz attempts in a minute. Wait ${rate.retryAfterSeconds} seconds, re-read the lesson, and try again.`,
      };
    const scored = scoreQuiz(lesson.frontmatter.quiz, answers);
    const standing = await recordQuizAttempt(db, {
      userId: learner.id,
      lessonSlug: lesson.id,
      quizId: LESSON_QUIZ_ID,
      score: scored.score,
      maxScore: scored.maxScore,
      answers,
      // The server re-derives the order from the seed rather than trusting an order sent by the browser.
      ...(parsed.data.seed === undefined
        ? {}
        : {
            seed: parsed.data.seed,
            presented: presentQuiz(toPublicQuiz(lesson.frontmatter.quiz), parsed.data.seed).presentation,
          }),
    });
    return {
      ok: true,
      score: scored.score,
      maxScore: scored.maxScore,
      results: scored.results,
      standing: view(standing),
    };
  } catch (error) {
    logFailure("saving a quiz attempt", error);
    return { ok: false, error: `Your answers could not be saved. ${STORAGE_HINT}` };
  }
}

export async function markComplete(input: unknown): Promise<MarkCompleteResult> {
  const parsed = lessonOnlySchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "The request could not be read. Reload the page and try again." };
  const lesson = findLessonById(parsed.data.lessonId);
  if (!lesson)
    return {
      ok: false,
      error: `There is no lesson "${parsed.data.lessonId}". Reload the page: the course may have changed.`,
    };
  try {
    const learner = await resolveLessonLearner();
    if (learner.kind === "signed-out") return { ok: false, error: signedOutMessage() };
    const at = await markLessonComplete(getDb(), learner.id, lesson.id);
    return { ok: true, completedAt: at.toISOString() };
  } catch (error) {
    logFailure("marking a lesson complete", error);
    return { ok: false, error: `Could not save your progress. ${STORAGE_HINT}` };
  }
}

export async function getLessonState(input: unknown): Promise<LessonStateView | { error: string }> {
  const parsed = lessonOnlySchema.safeParse(input);
  if (!parsed.success) return { error: "The request could not be read. Reload the page." };
  try {
    const learner = await resolveLessonLearner();
    // A signed-out classroom visitor has no state yet: nothing to show, and nothing of anyone else's.
    if (learner.kind === "signed-out") return { completedAt: null, quiz: null };
    const progress = await getLearnerProgress(getDb(), learner.id);
    const standing = progress.quizzes.get(quizKey(parsed.data.lessonId, LESSON_QUIZ_ID));
    return {
      completedAt: progress.completed.get(parsed.data.lessonId)?.toISOString() ?? null,
      quiz: standing ? view(standing) : null,
    };
  } catch (error) {
    logFailure("reading lesson progress", error);
    return { error: `Could not load your progress. ${STORAGE_HINT}` };
  }
}
