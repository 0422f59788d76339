"use client";
/**
 * A module assessment attempt: the drawn questions (public part only), the learner's answers, then the score against
 * the pass mark with every explanation. "Start a new attempt" asks the server for a new draw (different questions,
 * different order).
 */
import { useState, type ReactNode } from "react";
import type {
  AssessmentActions,
  AssessmentDrawView,
  AssessmentStandingView,
  AssessmentSubmitResult,
} from "@/lib/content/lesson-state";
import { ScoredAttemptForm } from "./ScoredAttemptForm";
import { useScoredAttempt } from "./useScoredAttempt";

type Props = {
  initialDraw: AssessmentDrawView;
  initialStanding: AssessmentStandingView | null;
  startAssessment: AssessmentActions["startAssessment"];
  submitAssessment: AssessmentActions["submitAssessment"];
};

export function AssessmentStanding({ standing }: { standing: AssessmentStandingView }): ReactNode {
  return (
    <p className="quiz-standing" data-testid="assessment-standing">
      {standing.firstPassedAt ? `Passed on ${standing.firstPassedAt.slice(0, 10)}` : "Not passed yet"} · best{" "}
      {standing.best.score}/{standing.best.maxScore} · last {standing.last.score}/{standing.last.maxScore} ·{" "}
      {standing.attempts} {standing.attempts === 1 ? "attempt" : "attempts"}
    </p>
  );
}

export function AssessmentForm({ initialDraw, initialStanding, startAssessment, submitAssessment }: Props): ReactNode {
  const [draw, setDraw] = useState(initialDraw);
  const [standing, setStanding] = useState(initialStanding);
  const attempt = useScoredAttempt<AssessmentSubmitResult>(
    (answers) => submitAssessment({ moduleId: draw.moduleId, seed: draw.seed, answers }),
    (scored) => setStanding(scored.standing),
  );

  function newAttempt(): void {
    attempt.startTransition(async () => {
      try {
        const next = await startAssessment({ moduleId: draw.moduleId });
        if (!next.ok) {
          attempt.reset(next.error);
          return;
        }
        setDraw({ moduleId: next.moduleId, seed: next.seed, quiz: next.quiz, passMark: next.passMark });
        attempt.reset();
      } catch {
        attempt.reset("The server did not answer. Check that ClusterLab is still running, then try again.");
      }
    });
  }

  const total = draw.quiz.questions.length;

  return (
    <section className="quiz" aria-labelledby="assessment-heading">
      <h2 id="assessment-heading">This attempt</h2>
      {standing ? <AssessmentStanding standing={standing} /> : null}
      <p className="muted">
        {total} questions drawn from every lesson of the module. Pass mark: {draw.passMark}/{total}.
      </p>
      <ScoredAttemptForm
        attempt={attempt}
        formKey={draw.seed}
        idPrefix={`assessment-${draw.seed}`}
        questions={draw.quiz.questions}
        submitLabel="Submit assessment"
        scoreTestId="assessment-score"
        scoreLine={(scored) =>
          `Your score: ${scored.score}/${scored.maxScore} — ${scored.passed ? "passed" : `not passed (pass mark ${scored.passMark})`}`
        }
        again={{ label: "Start a new attempt", onClick: newAttempt, disabled: attempt.pending }}
      />
    </section>
  );
}
