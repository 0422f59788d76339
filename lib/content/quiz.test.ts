import { describe, expect, it } from "vitest";
import { quizSchema, scoreQuiz, toPublicQuiz, type Quiz } from "./quiz";

const explanation = "because this is the reason given in the lesson";
const quiz: Quiz = quizSchema.parse([
  { id: "one", prompt: "Pick one", kind: "single", choices: [{ id: "a", text: "A", correct: true, explanation }, { id: "b", text: "B", explanation }] },
  {
    id: "many",
    prompt: "Pick several",
    kind: "multiple",
    choices: [
      { id: "a", text: "A", correct: true, explanation },
      { id: "b", text: "B", correct: true, explanation },
      { id: "c", text: "C", explanation },
    ],
  },
  { id: "three", prompt: "Third one", kind: "single", choices: [{ id: "x", text: "X", explanation }, { id: "y", text: "Y", correct: true, explanation }] },
]);

describe("quiz scoring", () => {
  it("gives one point per exactly-right question", () => {
    const r = scoreQuiz(quiz, { one: ["a"], many: ["b", "a"], three: ["x"] });
    expect(r.score).toBe(2);
    expect(r.maxScore).toBe(3);
    expect(r.results.map((q) => q.correct)).toEqual([true, true, false]);
  });

  it("a multiple-answer question with a missing or an extra choice scores 0", () => {
    expect(scoreQuiz(quiz, { many: ["a"] }).results[1]?.correct).toBe(false);
    expect(scoreQuiz(quiz, { many: ["a", "b", "c"] }).results[1]?.correct).toBe(false);
  });

  it("ignores unknown ids and duplicates (a forged form cannot add points)", () => {
    const r = scoreQuiz(quiz, { one: ["a", "a"], nope: ["z"], three: ["y", "zzz"] });
    expect(r.score).toBe(2);
  });

  it("the public quiz carries no correctness and no explanations", () => {
    const text = JSON.stringify(toPublicQuiz(quiz));
    expect(text).not.toContain("correct");
    expect(text).not.toContain(explanation);
    expect(toPublicQuiz(quiz).questions[1]?.choices.map((c) => c.id)).toEqual(["a", "b", "c"]);
  });
});

describe("quiz validation", () => {
  const choice = (id: string, correct = false) => ({ id, text: id, correct, explanation });
  it("rejects fewer than 3 questions", () => {
    expect(quizSchema.safeParse([{ id: "q", prompt: "Prompt", kind: "single", choices: [choice("a", true), choice("b")] }]).success).toBe(false);
  });
  it("rejects a question without a correct answer, and a single-answer question with two", () => {
    const ok = { id: "ok", prompt: "Prompt", kind: "single", choices: [choice("a", true), choice("b")] };
    const none = { id: "none", prompt: "Prompt", kind: "multiple", choices: [choice("a"), choice("b")] };
    const two = { id: "two", prompt: "Prompt", kind: "single", choices: [choice("a", true), choice("b", true)] };
    expect(quizSchema.safeParse([ok, { ...ok, id: "ok2" }, none]).error?.issues[0]?.message).toMatch(/no correct choice/);
    expect(quizSchema.safeParse([ok, { ...ok, id: "ok2" }, two]).error?.issues[0]?.message).toMatch(/exactly one correct/);
  });
  it("rejects a choice without an explanation", () => {
    const bad = { id: "q", prompt: "Prompt", kind: "single", choices: [{ id: "a", text: "A", correct: true, explanation: "" }, choice("b")] };
    expect(quizSchema.safeParse([bad, { ...bad, id: "q2" }, { ...bad, id: "q3" }]).success).toBe(false);
  });
});
