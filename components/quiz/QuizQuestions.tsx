/**
 * The questions of a knowledge check or a module assessment, before and after scoring. Pure rendering (no state):
 * QuizForm and AssessmentForm own the answers and the result. After scoring, every choice says whether the learner
 * picked it and whether it is right, so the learner's own picks stand out from the right answers (walkthrough F9).
 */
import type { ReactNode } from "react";
import type { PublicQuestion, QuestionResult } from "@/lib/content/quiz";

type Props = {
  /** Prefix for input ids, unique on the page (the lesson or module id). */
  idPrefix: string;
  questions: ReadonlyArray<PublicQuestion>;
  answers: Readonly<Record<string, ReadonlyArray<string>>>;
  results: ReadonlyMap<string, QuestionResult>;
  onChoose: (questionId: string, choiceId: string, kind: "single" | "multiple", checked: boolean) => void;
};

const FORMAT_LABEL = { recall: null, "find-the-bug": "Find the bug", scenario: "Scenario" } as const;

/** The one-line verdict on a choice after scoring: the learner's pick first, then whether it is right. */
export function choiceVerdict(
  chosen: boolean,
  correct: boolean,
): { label: string; tone: "right" | "wrong" | "missed" | "neutral" } {
  if (chosen && correct) return { label: "Your answer — correct.", tone: "right" };
  if (chosen) return { label: "Your answer — not correct.", tone: "wrong" };
  if (correct) return { label: "Correct answer — you did not choose it.", tone: "missed" };
  return { label: "Not correct; you did not choose it.", tone: "neutral" };
}

export function QuizQuestions({ idPrefix, questions, answers, results, onChoose }: Props): ReactNode {
  return (
    <>
      {questions.map((q, qi) => {
        const r = results.get(q.id);
        const format = FORMAT_LABEL[q.format];
        return (
          <fieldset
            key={q.id}
            className={r ? (r.correct ? "question correct" : "question incorrect") : "question"}
            disabled={Boolean(r)}
            data-question={q.id}
          >
            <legend>
              {qi + 1}. {format ? <span className="quiz-format">{format}: </span> : null}
              {q.prompt} {q.kind === "multiple" ? <span className="muted">(choose all that apply)</span> : null}
            </legend>
            {q.snippet ? (
              <pre className="quiz-snippet" aria-label={`${q.snippet.language} excerpt`}>
                <code>{q.snippet.code}</code>
              </pre>
            ) : null}
            {q.choices.map((c) => {
              const inputId = `${idPrefix}-${q.id}-${c.id}`.replace(/[^a-zA-Z0-9-]/g, "-");
              const explained = r?.explanations.find((e) => e.choiceId === c.id);
              const chosen = r ? r.chosen.includes(c.id) : (answers[q.id] ?? []).includes(c.id);
              const verdict = explained ? choiceVerdict(chosen, explained.correct) : null;
              return (
                <div
                  key={c.id}
                  className={verdict && chosen ? `choice chosen ${verdict.tone}` : "choice"}
                  data-choice={c.id}
                  data-chosen={r ? String(chosen) : undefined}
                >
                  <input
                    id={inputId}
                    type={q.kind === "single" ? "radio" : "checkbox"}
                    name={`${idPrefix}-${q.id}`}
                    value={c.id}
                    checked={chosen}
                    onChange={(e) => onChoose(q.id, c.id, q.kind, e.currentTarget.checked)}
                  />
                  <label htmlFor={inputId}>{c.text}</label>
                  {explained && verdict ? (
                    <p className={`explanation ${verdict.tone}`}>
                      <strong>{verdict.label}</strong> {explained.explanation}
                    </p>
                  ) : null}
                </div>
              );
            })}
            {r ? (
              <p className="verdict">{r.correct ? "You got this one." : "Not quite: read the explanations above."}</p>
            ) : null}
          </fieldset>
        );
      })}
    </>
  );
}

/** Radio buttons replace the pick; checkboxes add or remove it. */
export function nextAnswers(
  prev: Readonly<Record<string, string[]>>,
  questionId: string,
  choiceId: string,
  kind: "single" | "multiple",
  checked: boolean,
): Record<string, string[]> {
  const current = prev[questionId] ?? [];
  const next =
    kind === "single"
      ? [choiceId]
      : checked
        ? [...new Set([...current, choiceId])]
        : current.filter((c) => c !== choiceId);
  return { ...prev, [questionId]: next };
}
