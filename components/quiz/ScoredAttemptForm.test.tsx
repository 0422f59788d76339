import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { PublicQuestion, QuestionResult } from "@/lib/content/quiz";
import { ScoredAttemptForm } from "./ScoredAttemptForm";
import type { ScoredAttempt } from "./useScoredAttempt";

type Result =
  { ok: true; score: number; maxScore: number; results: Array<QuestionResult> } | { ok: false; error: string };

const question: PublicQuestion = {
  id: "port",
  prompt: "Which port?",
  kind: "single",
  format: "recall",
  choices: [
    { id: "a", text: "4000" },
    { id: "b", text: "4001" },
  ],
};
const scoredResult: Result = {
  ok: true,
  score: 1,
  maxScore: 1,
  results: [
    {
      questionId: "port",
      correct: true,
      chosen: ["a"],
      correctChoiceIds: ["a"],
      explanations: [
        { choiceId: "a", text: "4000", correct: true, explanation: "Right: the default." },
        { choiceId: "b", text: "4001", correct: false, explanation: "Wrong." },
      ],
    },
  ],
};

function attemptIn(result: Result | null, pending = false): ScoredAttempt<Result> {
  return {
    answers: {},
    result,
    scored: result?.ok ? result : null,
    pending,
    startTransition: () => undefined,
    choose: () => undefined,
    onSubmit: () => undefined,
    reset: () => undefined,
  };
}

function render(attempt: ScoredAttempt<Result>): string {
  return renderToStaticMarkup(
    <ScoredAttemptForm
      attempt={attempt}
      formKey={1}
      idPrefix="lesson"
      questions={[question]}
      submitLabel="Check answers"
      scoreTestId="quiz-score"
      scoreLine={(s) => `Your score: ${s.score}/${s.maxScore}`}
      again={{ label: "Try again", onClick: () => undefined }}
    />,
  );
}

describe("ScoredAttemptForm (lesson quiz and module assessment)", () => {
  it("before scoring: the submit button, no score, no again button", () => {
    const html = render(attemptIn(null));
    expect(html).toContain(">Check answers</button>");
    expect(html).not.toContain("quiz-score");
    expect(html).not.toContain("Try again");
  });

  it("while sending: the button says so and is disabled", () => {
    expect(render(attemptIn(null, true))).toMatch(/<button type="submit" disabled="">Checking…<\/button>/);
  });

  it("scored: the score line with its test id, the explanations, and the again button instead of submit", () => {
    const html = render(attemptIn(scoredResult));
    expect(html).toContain('data-testid="quiz-score">Your score: 1/1</p>');
    expect(html).toContain("Right: the default.");
    expect(html).toContain(">Try again</button>");
    expect(html).not.toContain(">Check answers</button>");
  });

  it("an error: the message as an alert, and the learner can submit again", () => {
    const html = render(attemptIn({ ok: false, error: "The server did not answer." }));
    expect(html).toContain('role="alert">The server did not answer.</p>');
    expect(html).toContain(">Check answers</button>");
  });
});
