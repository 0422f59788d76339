import { describe, expect, it } from "vitest";
import { presentQuiz, quizSchema, scoreQuiz, toPublicQuiz, type Quiz } from "./quiz";

const explanation = "because this is the reason given in the lesson";
const wrong = (id: string) => ({ id, text: id.toUpperCase(), explanation });
const quiz: Quiz = quizSchema.parse([
  {
    id: "one",
    prompt: "Pick one",
    kind: "single",
    choices: [{ id: "a", text: "A", correct: true, explanation }, wrong("b"), wrong("p"), wrong("q")],
  },
  {
    id: "many",
    prompt: "Pick several",
    kind: "multiple",
    choices: [
      { id: "a", text: "A", correct: true, explanation },
      { id: "b", text: "B", correct: true, explanation },
      wrong("c"),
      wrong("d"),
    ],
  },
  {
    id: "three",
    prompt: "Third one",
    kind: "single",
    choices: [wrong("x"), { id: "y", text: "Y", correct: true, explanation }, wrong("z"), wrong("w")],
  },
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
    expect(toPublicQuiz(quiz).questions[1]?.choices.map((c) => c.id)).toEqual(["a", "b", "c", "d"]);
  });
});

describe("per-attempt presentation", () => {
  it("the same seed gives the same order; the order is recorded per question", () => {
    const a = presentQuiz(toPublicQuiz(quiz), 12345);
    const b = presentQuiz(toPublicQuiz(quiz), 12345);
    expect(a).toEqual(b);
    expect(a.presentation.seed).toBe(12345);
    expect(a.presentation.order.map((o) => o.questionId)).toEqual(["one", "many", "three"]);
    for (const [i, q] of a.quiz.questions.entries())
      expect(a.presentation.order[i]?.choiceIds).toEqual(q.choices.map((c) => c.id));
  });

  it("different seeds put the correct choice in every position", () => {
    const positions = new Set<number>();
    for (let seed = 0; seed < 200; seed++) {
      positions.add(
        presentQuiz(toPublicQuiz(quiz), seed).quiz.questions[0]?.choices.findIndex((c) => c.id === "a") ?? -1,
      );
    }
    expect([...positions].sort()).toEqual([0, 1, 2, 3]);
  });

  it("shuffling keeps every choice (same set, nothing added) and never changes the score", () => {
    const shown = presentQuiz(toPublicQuiz(quiz), 99).quiz;
    for (const [i, q] of shown.questions.entries())
      expect(q.choices.map((c) => c.id).sort()).toEqual(quiz[i]?.choices.map((c) => c.id).sort());
    expect(scoreQuiz(quiz, { one: ["a"], many: ["a", "b"], three: ["y"] }).score).toBe(3);
  });
});

describe("quiz validation", () => {
  const choice = (id: string, correct = false) => ({ id, text: id, correct, explanation });
  const others = [choice("m"), choice("n")];
  it("rejects fewer than 3 questions", () => {
    expect(
      quizSchema.safeParse([
        { id: "q", prompt: "Prompt", kind: "single", choices: [choice("a", true), choice("b"), ...others] },
      ]).success,
    ).toBe(false);
  });
  it("rejects a question with fewer than four choices", () => {
    const ok = { id: "ok", prompt: "Prompt", kind: "single", choices: [choice("a", true), choice("b"), ...others] };
    const three = {
      id: "three",
      prompt: "Prompt",
      kind: "single",
      choices: [choice("a", true), choice("b"), choice("c")],
    };
    expect(quizSchema.safeParse([ok, { ...ok, id: "ok2" }, three]).error?.issues[0]?.message).toMatch(
      /at least 4 plausible choices/,
    );
  });
  it("rejects a multiple-answer question where every choice is correct, and a find-the-bug question without a snippet", () => {
    const ok = { id: "ok", prompt: "Prompt", kind: "single", choices: [choice("a", true), choice("b"), ...others] };
    const all = {
      id: "all",
      prompt: "Prompt",
      kind: "multiple",
      choices: ["a", "b", "c", "d"].map((id) => choice(id, true)),
    };
    const bug = { ...ok, id: "bug", format: "find-the-bug" };
    expect(quizSchema.safeParse([ok, { ...ok, id: "ok2" }, all]).error?.issues[0]?.message).toMatch(/tick all/);
    expect(quizSchema.safeParse([ok, { ...ok, id: "ok2" }, bug]).error?.issues[0]?.message).toMatch(/needs a snippet/);
  });
  it("rejects a question without a correct answer, and a single-answer question with two", () => {
    const ok = { id: "ok", prompt: "Prompt", kind: "single", choices: [choice("a", true), choice("b"), ...others] };
    const none = { id: "none", prompt: "Prompt", kind: "multiple", choices: [choice("a"), choice("b"), ...others] };
    const two = {
      id: "two",
      prompt: "Prompt",
      kind: "single",
      choices: [choice("a", true), choice("b", true), ...others],
    };
    expect(quizSchema.safeParse([ok, { ...ok, id: "ok2" }, none]).error?.issues[0]?.message).toMatch(
      /no correct choice/,
    );
    expect(quizSchema.safeParse([ok, { ...ok, id: "ok2" }, two]).error?.issues[0]?.message).toMatch(
      /exactly one correct/,
    );
  });
  it("rejects a choice without an explanation", () => {
    const bad = {
      id: "q",
      prompt: "Prompt",
      kind: "single",
      choices: [{ id: "a", text: "A", correct: true, explanation: "" }, choice("b"), ...others],
    };
    expect(quizSchema.safeParse([bad, { ...bad, id: "q2" }, { ...bad, id: "q3" }]).success).toBe(false);
  });
});
