/**
 * A module assessment: a fresh draw per visit (so not prerendered), with the learner's standing. Scoring happens in
 * app/actions/assessment.ts; this page sends only the public questions.
 */
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { startAssessment, submitAssessment } from "@/app/actions/assessment";
import { getPageUser } from "@/app/api/_shared/page-user";
import { AssessmentForm } from "@/components/quiz/AssessmentForm";
import { AttemptReview } from "@/components/quiz/AttemptReview";
import { assessmentPool, drawAssessment, findModule, loadCatalog } from "@/lib/content";
import { reviewAttempt } from "@/lib/content/review";
import type { AssessmentStandingView } from "@/lib/content/lesson-state";
import { randomSeed } from "@/lib/content/shuffle";
import { getDb } from "@/lib/db";
import {
  getAssessmentStandings,
  getLastAssessmentAttempt,
  type StoredAssessmentAttempt,
} from "@/lib/progress/assessments";

export const dynamic = "force-dynamic";

type Params = { module: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const mod = findModule(loadCatalog(), (await params).module);
  return mod ? { title: `Assessment: ${mod.title}` } : {};
}

async function loadStanding(
  userId: string,
  moduleId: string,
): Promise<{ ok: true; value: AssessmentStandingView | null } | { ok: false; error: string }> {
  try {
    const s = (await getAssessmentStandings(getDb(), userId)).get(moduleId);
    return {
      ok: true,
      value: s
        ? {
            attempts: s.attempts,
            best: s.best,
            last: { ...s.last, at: s.last.at.toISOString() },
            firstPassedAt: s.firstPassedAt?.toISOString() ?? null,
          }
        : null,
    };
  } catch (error) {
    console.error("[assessment] reading standing failed:", error instanceof Error ? error.message : error);
    return {
      ok: false,
      error:
        "Your previous attempts could not be loaded. Check that the database is reachable (DATABASE_URL) and migrated (`npm run db:deploy`), then reload.",
    };
  }
}

/** The previous attempt for the review section; a storage failure only hides the review (the standing reports it). */
async function loadLastAttempt(userId: string, moduleId: string): Promise<StoredAssessmentAttempt | undefined> {
  try {
    return await getLastAssessmentAttempt(getDb(), userId, moduleId);
  } catch {
    return undefined;
  }
}

export default async function AssessmentPage({ params }: { params: Promise<Params> }) {
  const mod = findModule(loadCatalog(), (await params).module);
  if (!mod) notFound();
  const principal = await getPageUser();
  if (principal.kind === "anonymous") redirect("/login");
  const [standing, last] = await Promise.all([
    loadStanding(principal.user.id, mod.id),
    loadLastAttempt(principal.user.id, mod.id),
  ]);
  const draw = drawAssessment(mod, randomSeed());
  const pool = new Map(assessmentPool(mod).map((q) => [q.id, q]));

  return (
    <article className="lesson">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href="/">Course</a> › <a href={mod.href}>{mod.title}</a> › Module assessment
      </nav>
      <h1>Module assessment</h1>
      <p className="lede">
        {mod.assessment.questionsPerLesson} questions from each of the {mod.lessons.length} lessons, drawn afresh for
        every attempt, with the choices shuffled. You pass with {mod.assessment.passPercent}% or more. Attempts are
        unlimited; every one is recorded.
      </p>
      {standing.ok ? null : (
        <p className="error" role="alert">
          {standing.error}
        </p>
      )}
      <AssessmentForm
        initialDraw={{ moduleId: mod.id, seed: draw.seed, quiz: draw.publicQuiz, passMark: draw.passMark }}
        initialStanding={standing.ok ? standing.value : null}
        startAssessment={startAssessment}
        submitAssessment={submitAssessment}
      />
      {last?.presented ? (
        <details className="attempt-review-box">
          <summary>
            Review your previous attempt ({last.score}/{last.maxScore}, {last.passed ? "passed" : "not passed"},{" "}
            {last.at.toISOString().slice(0, 16).replace("T", " ")} UTC) as you saw it
          </summary>
          <AttemptReview items={reviewAttempt(pool, last.presented, last.answers)} />
        </details>
      ) : null}
    </article>
  );
}
