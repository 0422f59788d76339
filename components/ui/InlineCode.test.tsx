import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { InlineCode, splitInlineCode } from "./InlineCode";

describe("InlineCode", () => {
  it("turns backticked spans into <code> and leaves the rest as escaped text", () => {
    const html = renderToStaticMarkup(
      <InlineCode text="the Carbon 4.4 `<clustering>` element and the `[clustering]` table" />,
    );
    expect(html).toBe("the Carbon 4.4 <code>&lt;clustering&gt;</code> element and the <code>[clustering]</code> table");
    expect(html).not.toContain("`");
  });

  it("keeps an unmatched backtick as text", () => {
    expect(splitInlineCode("a ` b")).toEqual([{ text: "a ` b", code: false }]);
  });
});
