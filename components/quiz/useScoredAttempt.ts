"use client";
/**
 * The answer-and-score cycle both the lesson quiz (components/mdx/QuizForm.tsx) and the module assessment
 * (AssessmentForm.tsx) run: hold the learner's answers, send them once, keep the server's verdict, and turn a
 * server that does not answer into a message instead of an uncaught rejection. What is sent and what a new attempt
 * means stay with each form.
 */
import { useState, useTransition, type FormEvent, type TransitionStartFunction } from "react";
import { nextAnswers } from "./QuizQuestions";

/** What the server actions return: a scored attempt, or an error the learner can act on. */
export type AttemptResult = { ok: true } | { ok: false; error: string };

const SERVER_SILENT = "The server did not answer. Check that ClusterLab is still running, then submit again.";

export type ScoredAttempt<R extends AttemptResult> = {
  answers: Record<string, string[]>;
  result: R | null;
  /** The verdict when it is a score (null before submitting and after an error). */
  scored: Extract<R, { ok: true }> | null;
  pending: boolean;
  startTransition: TransitionStartFunction;
  choose: (questionId: string, choiceId: string, kind: "single" | "multiple", checked: boolean) => void;
  /** The form's onSubmit: sends the answers through `send` and keeps the result. */
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  /** Clear answers and verdict (a new attempt); `error` sets an error verdict instead. */
  reset: (error?: string) => void;
};

export function useScoredAttempt<R extends AttemptResult>(
  send: (answers: Record<string, string[]>) => Promise<R>,
  onScored: (result: Extract<R, { ok: true }>) => void,
): ScoredAttempt<R> {
  const [answers, setAnswers] = useState<Record<string, string[]>>({});
  const [result, setResult] = useState<R | { ok: false; error: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    startTransition(async () => {
      try {
        const r = await send(answers);
        setResult(r);
        if (r.ok) onScored(r as Extract<R, { ok: true }>);
      } catch {
        setResult({ ok: false, error: SERVER_SILENT });
      }
    });
  }

  function reset(error?: string): void {
    if (error !== undefined) {
      setResult({ ok: false, error });
      return;
    }
    setAnswers({});
    setResult(null);
  }

  return {
    answers,
    result: result as R | null,
    scored: result?.ok ? (result as Extract<R, { ok: true }>) : null,
    pending,
    startTransition,
    choose: (q, c, kind, checked) => setAnswers((prev) => nextAnswers(prev, q, c, kind, checked)),
    onSubmit,
    reset,
  };
}
