/**
 * Properties of the whole question pool (every lesson's frontmatter quiz), so answers cannot be guessed from where or
 * how they are written. The review that prompted this found the correct choice first in all 32 questions, and
 * "tick all but the last" passing 10 of 11 multiple-answer questions.
 */
import { describe, expect, it } from "vitest";
import { assessmentPool, drawAssessment } from "./assessment";
import { allLessons, loadCatalog } from "./catalog";
import { presentQuiz, scoreQuiz, toPublicQuiz, type Quiz, type QuizAnswers } from "./quiz";

const catalog = loadCatalog();
const lessons = allLessons(catalog);
const questions = lessons.flatMap((l) => l.frontmatter.quiz);

type Shown = { id: string; kind: "single" | "multiple"; choices: { id: string; text: string }[] };
type Strategy = (q: Shown) => string[];

/** Position and length strategies a learner could use without reading the lesson. */
const STRATEGIES: Record<string, Strategy> = {
  first: (q) => [q.choices[0]?.id ?? ""],
  last: (q) => [q.choices.at(-1)?.id ?? ""],
  "all but the last": (q) => (q.kind === "single" ? [q.choices[0]?.id ?? ""] : q.choices.slice(0, -1).map((c) => c.id)),
  longest: (q) => [[...q.choices].sort((a, b) => b.text.length - a.text.length)[0]?.id ?? ""],
  shortest: (q) => [[...q.choices].sort((a, b) => a.text.length - b.text.length)[0]?.id ?? ""],
  second: (q) => [q.choices[1]?.id ?? ""],
  /** Multiple-answer habit: tick the longer half of the choices. */
  "longer half": (q) =>
    [...q.choices]
      .sort((a, b) => b.text.length - a.text.length)
      .slice(0, q.kind === "single" ? 1 : Math.ceil(q.choices.length / 2))
      .map((c) => c.id),
};

function answer(shown: ReadonlyArray<Shown>, strategy: Strategy): QuizAnswers {
  return Object.fromEntries(shown.map((q) => [q.id, strategy(q)]));
}

const PASS_PERCENT = catalog.modules[0]?.assessment.passPercent ?? 75;
const passes = (score: number, max: number) => score >= Math.ceil((PASS_PERCENT / 100) * max);

describe("the question pool", () => {
  it("has at least 40 questions, at least 5 per lesson, and each lesson asks a find-the-bug or scenario question", () => {
    expect(questions.length).toBeGreaterThanOrEqual(40);
    for (const l of lessons) {
      expect(l.frontmatter.quiz.length, l.id).toBeGreaterThanOrEqual(5);
      expect(
        l.frontmatter.quiz.some((q) => q.format !== "recall"),
        `${l.id} has no find-the-bug or scenario question`,
      ).toBe(true);
    }
    expect(questions.some((q) => q.format === "find-the-bug")).toBe(true);
    expect(questions.some((q) => q.format === "scenario")).toBe(true);
  });

  it("every question has at least four choices, and every choice an explanation", () => {
    for (const q of questions) {
      expect(q.choices.length, q.id).toBeGreaterThanOrEqual(4);
      for (const c of q.choices) expect(c.explanation.length, `${q.id}/${c.id}`).toBeGreaterThan(20);
    }
  });

  it("the correct choice's length rank is spread: it is not the longest by habit", () => {
    const singles = questions.filter((q) => q.kind === "single");
    const ranks = singles.map((q) => {
      const correct = q.choices.find((c) => c.correct);
      // 0 = longest. Ties count against the correct choice (it is ranked as long as the longest it ties with).
      return q.choices.filter((c) => c !== correct && c.text.length > (correct?.text.length ?? 0)).length;
    });
    const share = (rank: number) => ranks.filter((r) => r === rank).length / ranks.length;
    expect(
      share(0),
      `correct choice is the longest in ${Math.round(share(0) * 100)}% of single-answer questions`,
    ).toBeLessThanOrEqual(0.35);
    for (const rank of [0, 1, 2, 3]) expect(share(rank), `length rank ${rank + 1}`).toBeGreaterThanOrEqual(0.1);
  });

  it("the correct choice's position in the YAML is spread too (the order a no-JavaScript page shows before shuffling)", () => {
    const singles = questions.filter((q) => q.kind === "single");
    const positions = singles.map((q) => q.choices.findIndex((c) => c.correct));
    for (const p of [0, 1, 2, 3])
      expect(positions.filter((x) => x === p).length / positions.length, `position ${p + 1}`).toBeGreaterThanOrEqual(
        0.1,
      );
  });
});

describe("position and length strategies no longer pass", () => {
  for (const [name, strategy] of Object.entries(STRATEGIES)) {
    it(`"${name}" fails every lesson quiz in YAML order, and scores under 40% over the course`, () => {
      let score = 0;
      let max = 0;
      for (const l of lessons) {
        const r = scoreQuiz(l.frontmatter.quiz, answer(toPublicQuiz(l.frontmatter.quiz).questions, strategy));
        expect(passes(r.score, r.maxScore), `${name} passes ${l.id} (${r.score}/${r.maxScore})`).toBe(false);
        score += r.score;
        max += r.maxScore;
      }
      expect(score / max).toBeLessThan(0.4);
    });

    it(`"${name}" passes at most 5% of shuffled lesson attempts and no module assessment in 300 draws`, () => {
      let lessonPasses = 0;
      let lessonAttempts = 0;
      for (const l of lessons) {
        for (let seed = 1; seed <= 200; seed++) {
          const shown = presentQuiz(toPublicQuiz(l.frontmatter.quiz), seed * 7919).quiz.questions;
          const r = scoreQuiz(l.frontmatter.quiz, answer(shown, strategy));
          lessonAttempts += 1;
          if (passes(r.score, r.maxScore)) lessonPasses += 1;
        }
      }
      expect(lessonPasses / lessonAttempts).toBeLessThanOrEqual(0.05);
      for (const mod of catalog.modules) {
        for (let seed = 1; seed <= 300; seed++) {
          const draw = drawAssessment(mod, seed * 104_729);
          const r = scoreQuiz(draw.questions as Quiz, answer(draw.publicQuiz.questions, strategy));
          expect(r.score >= draw.passMark, `${name} passes the ${mod.id} assessment with seed ${seed * 104_729}`).toBe(
            false,
          );
        }
      }
    });
  }

  it("the right answers still pass, whatever the order (the strategies fail because of the content, not the scorer)", () => {
    for (const mod of catalog.modules) {
      const draw = drawAssessment(mod, 42);
      const right = Object.fromEntries(
        draw.questions.map((q) => [q.id, q.choices.filter((c) => c.correct).map((c) => c.id)]),
      );
      expect(scoreQuiz(draw.questions as Quiz, right).score).toBe(draw.questions.length);
      expect(assessmentPool(mod).length).toBeGreaterThanOrEqual(40);
    }
  });
});
