"use client";
/**
 * The knowledge check as the learner sees it. It only ever holds the public quiz (prompts and choices); correctness
 * and explanations arrive from the server action after submission. Retries are unlimited.
 * Choices are shuffled per attempt: the first render uses a seed derived from the lesson id (the page is prerendered,
 * so server and browser must agree), then the browser draws a random seed, and every "Try again" draws a new one.
 * The seed goes with the answers, so the server stores the order the learner saw.
 */
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { ScoredAttemptForm } from "@/components/quiz/ScoredAttemptForm";
import { useScoredAttempt } from "@/components/quiz/useScoredAttempt";
import type { LessonActions, QuizSubmitResult, StandingView } from "@/lib/content/lesson-state";
import { presentQuiz } from "@/lib/content/present";
import type { PublicQuiz } from "@/lib/content/quiz";
import { randomSeed, seedFromText } from "@/lib/content/shuffle";

type Props = {
  lessonId: string;
  quiz: PublicQuiz;
  submitQuiz: LessonActions["submitQuiz"];
  getLessonState: LessonActions["getLessonState"];
};

function Standing({ standing }: { standing: StandingView }): ReactNode {
  return (
    <p className="quiz-standing" data-testid="quiz-standing">
      Best score {standing.best.score}/{standing.best.maxScore} · last score {standing.last.score}/
      {standing.last.maxScore} · {standing.attempts} {standing.attempts === 1 ? "attempt" : "attempts"}
    </p>
  );
}

export function QuizForm({ lessonId, quiz, submitQuiz, getLessonState }: Props): ReactNode {
  const [standing, setStanding] = useState<StandingView | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [seed, setSeed] = useState(() => seedFromText(lessonId));
  const shown = useMemo(() => presentQuiz(quiz, seed).quiz, [quiz, seed]);
  const attempt = useScoredAttempt<QuizSubmitResult>(
    (answers) => submitQuiz({ lessonId, answers, seed }),
    (scored) => setStanding(scored.standing),
  );

  useEffect(() => {
    // After hydration: a fresh order for this attempt (the prerendered order is the same for everyone).
    setSeed(randomSeed());
  }, []);

  useEffect(() => {
    let live = true;
    getLessonState({ lessonId }).then(
      (state) => {
        if (live && !("error" in state) && state.quiz) setStanding(state.quiz);
      },
      () => undefined, // the quiz still works without the previous standing
    );
    return () => {
      live = false;
    };
  }, [lessonId, getLessonState]);

  function retry(): void {
    attempt.reset();
    setSeed(randomSeed());
    setFormKey((k) => k + 1);
  }

  return (
    <section className="quiz" aria-labelledby="quiz-heading">
      <h2 id="quiz-heading">Knowledge check</h2>
      {standing ? <Standing standing={standing} /> : null}
      <ScoredAttemptForm
        attempt={attempt}
        formKey={formKey}
        idPrefix={lessonId}
        questions={shown.questions}
        submitLabel="Check answers"
        scoreTestId="quiz-score"
        scoreLine={(scored) => `Your score: ${scored.score}/${scored.maxScore}`}
        again={{ label: "Try again", onClick: retry }}
      />
    </section>
  );
}
