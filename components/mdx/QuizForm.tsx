"use client";
/**
 * The knowledge check as the learner sees it. It only ever holds the public quiz (prompts and choices); correctness
 * and explanations arrive from the server action after submission. Retries are unlimited.
 */
import { useEffect, useState, useTransition, type FormEvent, type ReactNode } from "react";
import type { LessonActions, QuizSubmitResult, StandingView } from "@/lib/content/lesson-state";
import type { PublicQuiz } from "@/lib/content/quiz";

type Props = { lessonId: string; quiz: PublicQuiz; submitQuiz: LessonActions["submitQuiz"]; getLessonState: LessonActions["getLessonState"] };

function Standing({ standing }: { standing: StandingView }): ReactNode {
  return (
    <p className="quiz-standing" data-testid="quiz-standing">
      Best score {standing.best.score}/{standing.best.maxScore} · last score {standing.last.score}/{standing.last.maxScore} · {standing.attempts}{" "}
      {standing.attempts === 1 ? "attempt" : "attempts"}
    </p>
  );
}

export function QuizForm({ lessonId, quiz, submitQuiz, getLessonState }: Props): ReactNode {
  const [answers, setAnswers] = useState<Record<string, string[]>>({});
  const [result, setResult] = useState<QuizSubmitResult | null>(null);
  const [standing, setStanding] = useState<StandingView | null>(null);
  const [pending, startTransition] = useTransition();
  const [formKey, setFormKey] = useState(0);

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

  function choose(questionId: string, choiceId: string, kind: "single" | "multiple", checked: boolean): void {
    setAnswers((prev) => {
      const current = prev[questionId] ?? [];
      const next = kind === "single" ? [choiceId] : checked ? [...current, choiceId] : current.filter((c) => c !== choiceId);
      return { ...prev, [questionId]: next };
    });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    startTransition(async () => {
      try {
        const r = await submitQuiz({ lessonId, answers });
        setResult(r);
        if (r.ok) setStanding(r.standing);
      } catch {
        setResult({ ok: false, error: "The server did not answer. Check that ClusterLab is still running, then submit again." });
      }
    });
  }

  function retry(): void {
    setAnswers({});
    setResult(null);
    setFormKey((k) => k + 1);
  }

  const scored = result?.ok ? result : null;
  const byQuestion = new Map(scored?.results.map((r) => [r.questionId, r]));

  return (
    <section className="quiz" aria-labelledby="quiz-heading">
      <h2 id="quiz-heading">Knowledge check</h2>
      {standing ? <Standing standing={standing} /> : null}
      <form key={formKey} onSubmit={onSubmit}>
        {quiz.questions.map((q, qi) => {
          const r = byQuestion.get(q.id);
          return (
            <fieldset key={q.id} className={r ? (r.correct ? "question correct" : "question incorrect") : "question"} disabled={Boolean(scored)}>
              <legend>
                {qi + 1}. {q.prompt} {q.kind === "multiple" ? <span className="muted">(choose all that apply)</span> : null}
              </legend>
              {q.choices.map((c) => {
                const inputId = `${lessonId}-${q.id}-${c.id}`.replace(/[^a-zA-Z0-9-]/g, "-");
                const explained = r?.explanations.find((e) => e.choiceId === c.id);
                const chosen = (answers[q.id] ?? []).includes(c.id);
                return (
                  <div key={c.id} className="choice">
                    <input
                      id={inputId}
                      type={q.kind === "single" ? "radio" : "checkbox"}
                      name={q.id}
                      value={c.id}
                      checked={chosen}
                      onChange={(e) => choose(q.id, c.id, q.kind, e.currentTarget.checked)}
                    />
                    <label htmlFor={inputId}>{c.text}</label>
                    {explained ? (
                      <p className={explained.correct ? "explanation right" : "explanation wrong"}>
                        <strong>{explained.correct ? "Correct answer." : "Not correct."}</strong> {explained.explanation}
                      </p>
                    ) : null}
                  </div>
                );
              })}
              {r ? <p className="verdict">{r.correct ? "You got this one." : "Not quite: read the explanations above."}</p> : null}
            </fieldset>
          );
        })}
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
