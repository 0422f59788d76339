import { describe, expect, it } from "vitest";
import { headingId, rehypeHeadingIds } from "./heading-ids";

describe("heading ids", () => {
  it("gives Step headings step-N and other headings a slug", () => {
    expect(headingId("Step 2: two well-known members")).toBe("step-2");
    expect(headingId("What is faithful to WSO2")).toBe("what-is-faithful-to-wso2");
  });

  it("sets ids on h2/h3 in the tree, unique within the page", () => {
    const h = (text: string) => ({
      type: "element",
      tagName: "h2",
      properties: {},
      children: [{ type: "text", value: text }],
    });
    const tree = { type: "root", children: [h("Step 1: one"), h("Notes"), h("Notes")] };
    rehypeHeadingIds()(tree);
    expect(tree.children.map((c) => c.properties)).toEqual([{ id: "step-1" }, { id: "notes" }, { id: "notes-2" }]);
  });
});
