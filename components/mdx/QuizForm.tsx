"use client";
/**
 * The knowledge check as the learner sees it. It only ever holds the public quiz (prompts and choices); correctness
 * and explanations arrive from the server action after submission. Retries are unlimited.
 * Choices are shuffled per attempt: the first render uses a seed derived from the lesson id (the page is prerendered,
 * so server and browser must agree), then the browser draws a random seed, and every "Try again" draws a new one.
 * The seed goes with the answers, so the server stores the order the learner saw.
 */
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { QuizQuestions } from "@/components/quiz/QuizQuestions";
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
  const { scored, result, pending } = attempt;

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

  const byQuestion = new Map(scored?.results.map((r) => [r.questionId, r]));

  return (
    <section className="quiz" aria-labelledby="quiz-heading">
      <h2 id="quiz-heading">Knowledge check</h2>
      {standing ? <Standing standing={standing} /> : null}
      <form key={formKey} onSubmit={attempt.onSubmit}>
        <QuizQuestions
          idPrefix={lessonId}
          questions={shown.questions}
          answers={attempt.answers}
          results={byQuestion}
          onChoose={attempt.choose}
        />
        {scored ? null : (
          <button type="submit" disabled={pending}>
            {pending ? "Checking…" : "Check answers"}
          </button>
        )}
      </form>
      <div aria-live="polite">
        {scored ? (
          <p className="quiz-score" data-testid="quiz-score">
            Your score: {scored.score}/{scored.maxScore}
          </p>
        ) : null}
        {result && !result.ok ? (
          <p className="error" role="alert">
            {result.error}
          </p>
        ) : null}
      </div>
      {scored ? (
        <button type="button" onClick={retry}>
          Try again
        </button>
      ) : null}
    </section>
  );
}
