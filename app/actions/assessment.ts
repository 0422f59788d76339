"use server";
/**
 * Module assessment server actions: draw a new attempt, score a submitted one. The learner is resolved exactly like
 * a page (getPageUser: the implicit learner in local mode, the session in classroom mode). The draw is re-derived
 * from the seed when scoring, so the answers are never in the browser before submission.
 */
import { z } from "zod";
import { getPageUser } from "@/app/api/_shared/page-user";
import { getDb } from "@/lib/db";
import { drawAssessment, findModule, loadCatalog, quizAnswersSchema, scoreAssessment } from "@/lib/content";
import type { AssessmentStandingView, AssessmentStartResult, AssessmentSubmitResult } from "@/lib/content/lesson-state";
import { MAX_SEED, randomSeed } from "@/lib/content/shuffle";
import { recordAssessmentAttempt, type AssessmentStanding } from "@/lib/progress/assessments";

const moduleIdSchema = z.string().min(3).max(200);
const startSchema = z.object({ moduleId: moduleIdSchema });
const submitSchema = z.object({
  moduleId: moduleIdSchema,
  seed: z.number().int().min(0).max(MAX_SEED),
  answers: quizAnswersSchema,
});

const STORAGE_HINT =
  "Check that the database is reachable (DATABASE_URL) and migrated (`npm run db:deploy`), then try again.";

function noModule(id: string): string {
  return `There is no module "${id}". Reload the page: the course may have changed.`;
}

export async function startAssessment(input: unknown): Promise<AssessmentStartResult> {
  const parsed = startSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "The request could not be read. Reload the page and try again." };
  const mod = findModule(loadCatalog(), parsed.data.moduleId);
  if (!mod) return { ok: false, error: noModule(parsed.data.moduleId) };
  const draw = drawAssessment(mod, randomSeed());
  return { ok: true, moduleId: mod.id, seed: draw.seed, quiz: draw.publicQuiz, passMark: draw.passMark };
}

export async function submitAssessment(input: unknown): Promise<AssessmentSubmitResult> {
  const parsed = submitSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, error: "The answers could not be read. Reload the page and start a new attempt." };
  const mod = findModule(loadCatalog(), parsed.data.moduleId);
  if (!mod) return { ok: false, error: noModule(parsed.data.moduleId) };
  const draw = drawAssessment(mod, parsed.data.seed);
  const unanswered = draw.questions.filter((q) => (parsed.data.answers[q.id] ?? []).length === 0).length;
  if (unanswered > 0)
    return { ok: false, error: `Answer every question before submitting (${unanswered} still unanswered).` };
  const scored = scoreAssessment(draw, parsed.data.answers);
  try {
    const principal = await getPageUser();
    if (principal.kind === "anonymous" || principal.via === "token") {
      return { ok: false, error: "Sign in to record an assessment attempt (classroom mode), then submit again." };
    }
    const standing = await recordAssessmentAttempt(getDb(), {
      userId: principal.user.id,
      moduleId: mod.id,
      score: scored.score,
      maxScore: scored.maxScore,
      passed: scored.passed,
      answers: parsed.data.answers,
      presented: draw.presentation,
    });
    return {
      ok: true,
      score: scored.score,
      maxScore: scored.maxScore,
      passMark: scored.passMark,
      passed: scored.passed,
      results: scored.results,
      standing: standingView(standing),
    };
  } catch (error) {
    console.error("[assessment] saving an attempt failed:", error instanceof Error ? error.message : error);
    return { ok: false, error: `Your answers were scored but could not be saved. ${STORAGE_HINT}` };
  }
}

function standingView(s: AssessmentStanding): AssessmentStandingView {
  return {
    attempts: s.attempts,
    best: s.best,
    last: { ...s.last, at: s.last.at.toISOString() },
    firstPassedAt: s.firstPassedAt?.toISOString() ?? null,
  };
}
