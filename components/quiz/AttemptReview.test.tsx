import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AttemptReview } from "./AttemptReview";

describe("AttemptReview", () => {
  it("lists questions in the stored order, marks picks, and reports removed questions", () => {
    const html = renderToStaticMarkup(
      <AttemptReview
        items={[
          {
            questionId: "02-b",
            status: "present",
            prompt: "Second?",
            kind: "single",
            correct: false,
            choices: [
              { id: "y", text: "Yes", chosen: true, correct: false, explanation: "No, because." },
              { id: "n", text: "No", chosen: false, correct: true, explanation: "Yes, because." },
            ],
          },
          { questionId: "01-gone", status: "removed" },
        ]}
      />,
    );
    expect(html.indexOf("Second?")).toBeLessThan(html.indexOf("01-gone"));
    expect(html).toContain('data-choice="y" data-chosen="true"');
    expect(html).toContain("Your answer — not correct.");
    expect(html).toContain("Correct answer — you did not choose it.");
    expect(html).toContain("has since been removed");
    expect(html).not.toContain("<input");
  });
});
