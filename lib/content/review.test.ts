import { describe, expect, it } from "vitest";
import { findModule, loadCatalog } from "./catalog";
import { assessmentPool, drawAssessment } from "./assessment";
import { reviewAttempt } from "./review";

const mod = findModule(loadCatalog(), "06-deployment-patterns-and-clustering");
if (!mod) throw new Error("module 06 missing");
const pool = new Map(assessmentPool(mod).map((q) => [q.id, q]));

describe("reviewAttempt", () => {
  it("shows the questions and choices in the order the learner saw, with their picks", () => {
    const draw = drawAssessment(mod, 2024);
    const first = draw.questions[0];
    if (!first) throw new Error("empty draw");
    const wrong = first.choices.find((c) => !c.correct);
    const answers = { [first.id]: [wrong?.id ?? ""] };
    const review = reviewAttempt(pool, draw.presentation, answers);
    expect(review.map((r) => r.questionId)).toEqual(draw.publicQuiz.questions.map((q) => q.id));
    const item = review[0];
    if (item?.status !== "present") throw new Error("first question missing");
    expect(item.choices.map((c) => c.id)).toEqual(draw.publicQuiz.questions[0]?.choices.map((c) => c.id));
    expect(item.choices.filter((c) => c.chosen).map((c) => c.id)).toEqual([wrong?.id]);
    expect(item.correct).toBe(false);
  });

  it("reports a question removed from the course, and appends choices added since", () => {
    const presented = {
      seed: 1,
      order: [
        { questionId: "99-gone", choiceIds: ["a"] },
        { questionId: "01-definition", choiceIds: ["a", "gone-choice", "bigger"] },
      ],
    };
    const review = reviewAttempt(pool, presented, { "01-definition": ["a"] });
    expect(review[0]).toEqual({ questionId: "99-gone", status: "removed" });
    const item = review[1];
    if (item?.status !== "present") throw new Error("definition missing");
    expect(item.choices.slice(0, 2).map((c) => c.id)).toEqual(["a", "bigger"]);
    expect(item.choices).toHaveLength(pool.get("01-definition")?.choices.length ?? 0);
    expect(item.correct).toBe(true);
  });
});
