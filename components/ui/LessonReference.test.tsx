import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LessonReference, parseReadmeReference } from "./LessonReference";

describe("LessonReference", () => {
  it("turns a README reference into a link to the step's heading on the lab page", () => {
    const html = renderToStaticMarkup(
      <LessonReference text="labs/wka/README.mdx, step 2: WKA needs at least two `members` (facts §2)." />,
    );
    expect(html).toBe(
      '<a href="/labs/wka#step-2">Lab instructions, step 2</a>: WKA needs at least two <code>members</code> (facts §2).',
    );
    expect(html).not.toContain("README.mdx");
  });

  it("leaves other text as text, with inline code rendered", () => {
    expect(parseReadmeReference("lesson 03, the heartbeat table")).toBeUndefined();
    expect(renderToStaticMarkup(<LessonReference text="see `lab status`" />)).toBe("see <code>lab status</code>");
  });
});
