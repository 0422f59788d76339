"use server";
/**
 * Lesson server actions: score a knowledge check, mark a lesson complete, read the learner's state for a lesson.
 * Inputs are parsed with zod (they come from the browser); answers are scored here against the frontmatter quiz,
 * which the browser never receives. Errors come back as messages the page shows, never as stack traces.
 */
import { z } from "zod";
import { getDb } from "@/lib/db";
import { allLessons, loadCatalog, presentQuiz, quizAnswersSchema, scoreQuiz, toPublicQuiz, type Lesson } from "@/lib/content";
import { MAX_SEED } from "@/lib/content/shuffle";
import { LESSON_QUIZ_ID, type LessonStateView, type MarkCompleteResult, type QuizSubmitResult, type StandingView } from "@/lib/content/lesson-state";
import { getLocalLearner, getLearnerProgress, markLessonComplete, recordQuizAttempt, quizKey, type QuizStanding } from "@/lib/progress/lessons";

const lessonIdSchema = z.string().min(3).max(200);
const submitSchema = z.object({ lessonId: lessonIdSchema, answers: quizAnswersSchema, seed: z.number().int().min(0).max(MAX_SEED).optional() });
const lessonOnlySchema = z.object({ lessonId: lessonIdSchema });

const STORAGE_HINT = "Check that the database is reachable (DATABASE_URL) and migrated (`npm run db:deploy`), then try again.";

function findLessonById(id: string): Lesson | undefined {
  return allLessons(loadCatalog()).find((l) => l.id === id);
}

function view(standing: QuizStanding): StandingView {
  return { best: standing.best, last: { ...standing.last, at: standing.last.at.toISOString() }, attempts: standing.attempts };
}

function logFailure(what: string, error: unknown): void {
  console.error(`[lessons] ${what} failed:`, error instanceof Error ? error.message : error);
}

export async function submitQuiz(input: unknown): Promise<QuizSubmitResult> {
  const parsed = submitSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "The answers could not be read. Reload the page and answer again." };
  const lesson = findLessonById(parsed.data.lessonId);
  if (!lesson) return { ok: false, error: `There is no lesson "${parsed.data.lessonId}". Reload the page: the course may have changed.` };
  const unanswered = lesson.frontmatter.quiz.filter((q) => (parsed.data.answers[q.id] ?? []).length === 0).length;
  if (unanswered > 0) return { ok: false, error: `Answer every question before checking (${unanswered} still unanswered).` };
  const scored = scoreQuiz(lesson.frontmatter.quiz, parsed.data.answers);
  try {
    const db = getDb();
    const learner = await getLocalLearner(db);
    const standing = await recordQuizAttempt(db, {
      userId: learner.id,
      lessonSlug: lesson.id,
      quizId: LESSON_QUIZ_ID,
      score: scored.score,
      maxScore: scored.maxScore,
      answers: parsed.data.answers,
      // The server re-derives the order from the seed rather than trusting an order sent by the browser.
      ...(parsed.data.seed === undefined
        ? {}
        : { seed: parsed.data.seed, presented: presentQuiz(toPublicQuiz(lesson.frontmatter.quiz), parsed.data.seed).presentation }),
    });
    return { ok: true, score: scored.score, maxScore: scored.maxScore, results: scored.results, standing: view(standing) };
  } catch (error) {
    logFailure("saving a quiz attempt", error);
    return { ok: false, error: `Your answers were scored but could not be saved. ${STORAGE_HINT}` };
  }
}

export async function markComplete(input: unknown): Promise<MarkCompleteResult> {
  const parsed = lessonOnlySchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "The request could not be read. Reload the page and try again." };
  const lesson = findLessonById(parsed.data.lessonId);
  if (!lesson) return { ok: false, error: `There is no lesson "${parsed.data.lessonId}". Reload the page: the course may have changed.` };
  try {
    const db = getDb();
    const learner = await getLocalLearner(db);
    const at = await markLessonComplete(db, learner.id, lesson.id);
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
    const db = getDb();
    const learner = await getLocalLearner(db);
    const progress = await getLearnerProgress(db, learner.id);
    const standing = progress.quizzes.get(quizKey(parsed.data.lessonId, LESSON_QUIZ_ID));
    return { completedAt: progress.completed.get(parsed.data.lessonId)?.toISOString() ?? null, quiz: standing ? view(standing) : null };
  } catch (error) {
    logFailure("reading lesson progress", error);
    return { error: `Could not load your progress. ${STORAGE_HINT}` };
  }
}
