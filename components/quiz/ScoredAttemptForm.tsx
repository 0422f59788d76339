"use client";
/**
 * What the lesson quiz (components/mdx/QuizForm.tsx) and the module assessment (AssessmentForm.tsx) both render
 * around an attempt: the questions in a form, the submit button until scored, the score line or the error in one
 * live region, and the button that starts again. The forms keep what differs: what they send, what the score line
 * says, and what "again" means (a reshuffle or a new draw).
 */
import type { ReactNode } from "react";
import type { PublicQuestion, QuestionResult } from "@/lib/content/quiz";
import { QuizQuestions } from "./QuizQuestions";
import type { AttemptResult, ScoredAttempt } from "./useScoredAttempt";

type Scored = { ok: true; results: ReadonlyArray<QuestionResult> };

type Props<R extends AttemptResult> = {
  attempt: ScoredAttempt<R>;
  /** Remounts the form (clears the inputs) when it changes: a new attempt. */
  formKey: string | number;
  idPrefix: string;
  questions: ReadonlyArray<PublicQuestion>;
  submitLabel: string;
  /** The score line's test id and text once scored. */
  scoreTestId: string;
  scoreLine: (scored: Extract<R, { ok: true }>) => ReactNode;
  again: { label: string; onClick: () => void; disabled?: boolean };
};

export function ScoredAttemptForm<R extends AttemptResult & ({ ok: false } | Scored)>({
  attempt,
  formKey,
  idPrefix,
  questions,
  submitLabel,
  scoreTestId,
  scoreLine,
  again,
}: Props<R>): ReactNode {
  const { scored, result, pending } = attempt;
  const byQuestion = new Map((scored as Scored | null)?.results.map((r) => [r.questionId, r]));
  return (
    <>
      <form key={formKey} onSubmit={attempt.onSubmit}>
        <QuizQuestions
          idPrefix={idPrefix}
          questions={questions}
          answers={attempt.answers}
          results={byQuestion}
          onChoose={attempt.choose}
        />
        {scored ? null : (
          <button type="submit" disabled={pending}>
            {pending ? "Checking…" : submitLabel}
          </button>
        )}
      </form>
      <div aria-live="polite">
        {scored ? (
          <p className="quiz-score" data-testid={scoreTestId}>
            {scoreLine(scored)}
          </p>
        ) : null}
        {result && !result.ok ? (
          <p className="error" role="alert">
            {result.error}
          </p>
        ) : null}
      </div>
      {scored ? (
        <button type="button" onClick={again.onClick} disabled={again.disabled}>
          {again.label}
        </button>
      ) : null}
    </>
  );
}
