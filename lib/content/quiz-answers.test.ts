import { describe, expect, it } from "vitest";
import { quizSchema } from "./quiz";
import { restrictAnswersToQuiz } from "./quiz-answers";

const quiz = quizSchema.parse(
  ["q1", "q2", "q3"].map((id) => ({
    id,
    prompt: `Question ${id}?`,
    kind: "single",
    choices: [
      { id: "a", text: "A", correct: true, explanation: "because it is right" },
      { id: "b", text: "B", explanation: "because it is wrong" },
      { id: "c", text: "C", explanation: "because it is wrong too" },
      { id: "d", text: "D", explanation: "because it is also wrong" },
    ],
  })),
);

describe("restrictAnswersToQuiz", () => {
  it("keeps the quiz's own questions and choices, without repeats", () => {
    expect(restrictAnswersToQuiz(quiz, { q1: ["a", "a"], q2: ["b"], q3: ["a"] })).toEqual({
      ok: true,
      answers: { q1: ["a"], q2: ["b"], q3: ["a"] },
    });
  });

  it("refuses made-up question ids (the padding of the M2 recipe)", () => {
    const padded = {
      q1: ["a"],
      q2: ["a"],
      q3: ["a"],
      ...Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`x${i}`.padEnd(64, "x"), []])),
    };
    const verdict = restrictAnswersToQuiz(quiz, padded);
    expect(verdict).toEqual({ ok: false, error: expect.stringContaining("questions this lesson does not have (50)") });
  });

  it("refuses a choice the question does not have", () => {
    expect(restrictAnswersToQuiz(quiz, { q1: ["zzz"] })).toMatchObject({
      ok: false,
      error: expect.stringContaining('question "q1"'),
    });
  });
});
