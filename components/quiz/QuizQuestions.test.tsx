import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { PublicQuestion, QuestionResult } from "@/lib/content/quiz";
import { choiceVerdict, nextAnswers, QuizQuestions } from "./QuizQuestions";

const question: PublicQuestion = {
  id: "port",
  prompt: "Which port?",
  kind: "single",
  format: "find-the-bug",
  snippet: { language: "xml", code: '<parameter name="localMemberPort">4000</parameter>' },
  choices: [
    { id: "a", text: "4000" },
    { id: "b", text: "4001" },
    { id: "c", text: "9443" },
    { id: "d", text: "45564" },
  ],
};
const result: QuestionResult = {
  questionId: "port",
  correct: false,
  chosen: ["b"],
  correctChoiceIds: ["a"],
  explanations: [
    { choiceId: "a", text: "4000", correct: true, explanation: "Right: the default." },
    { choiceId: "b", text: "4001", correct: false, explanation: "Wrong: the offset does not move it." },
    { choiceId: "c", text: "9443", correct: false, explanation: "Wrong: servlet port." },
    { choiceId: "d", text: "45564", correct: false, explanation: "Wrong: multicast port." },
  ],
};

function choiceHtml(html: string, id: string): string {
  const start = html.indexOf(`data-choice="${id}"`);
  const end = html.indexOf("data-choice=", start + 1);
  return html.slice(start, end === -1 ? undefined : end);
}

describe("QuizQuestions after scoring (walkthrough F9)", () => {
  const html = renderToStaticMarkup(
    <QuizQuestions
      idPrefix="l"
      questions={[question]}
      answers={{}}
      results={new Map([["port", result]])}
      onChoose={() => undefined}
    />,
  );

  it("marks the learner's own pick apart from the right answer", () => {
    expect(choiceHtml(html, "b")).toContain("Your answer — not correct.");
    expect(choiceHtml(html, "b")).toContain('data-chosen="true"');
    expect(html).toContain(`class="choice chosen wrong" data-choice="b"`);
    expect(html).toContain(`class="choice" data-choice="a"`);
    expect(choiceHtml(html, "a")).toContain("Correct answer — you did not choose it.");
    expect(choiceHtml(html, "a")).toContain('data-chosen="false"');
    expect(choiceHtml(html, "c")).toContain("Not correct; you did not choose it.");
    expect(html).not.toContain("Your answer — correct.");
  });

  it("shows the config snippet and the question format", () => {
    expect(html).toContain("Find the bug");
    expect(html).toContain("&lt;parameter name=&quot;localMemberPort&quot;&gt;4000&lt;/parameter&gt;");
  });

  it("before scoring there are no verdicts and no explanations", () => {
    const before = renderToStaticMarkup(
      <QuizQuestions
        idPrefix="l"
        questions={[question]}
        answers={{ port: ["b"] }}
        results={new Map()}
        onChoose={() => undefined}
      />,
    );
    expect(before).not.toContain("Your answer");
    expect(before).not.toContain("Wrong:");
  });
});

describe("choiceVerdict and nextAnswers", () => {
  it("covers the four cases", () => {
    expect(choiceVerdict(true, true).tone).toBe("right");
    expect(choiceVerdict(true, false).tone).toBe("wrong");
    expect(choiceVerdict(false, true).tone).toBe("missed");
    expect(choiceVerdict(false, false).tone).toBe("neutral");
  });
  it("radio replaces, checkbox toggles without duplicates", () => {
    expect(nextAnswers({ q: ["a"] }, "q", "b", "single", true)).toEqual({ q: ["b"] });
    expect(nextAnswers({ q: ["a"] }, "q", "a", "multiple", true)).toEqual({ q: ["a"] });
    expect(nextAnswers({ q: ["a", "b"] }, "q", "a", "multiple", false)).toEqual({ q: ["b"] });
  });
});
