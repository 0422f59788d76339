import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { CheckResult } from "@/lib/grading/report";
import { CheckResults } from "./CheckResults";

const failed: CheckResult = {
  id: "lb-reaches-both-nodes",
  title: "Requests through nginx reach both nodes",
  status: "fail",
  points: 0,
  maxPoints: 3,
  evidence: { expected: "node1 and node2", observed: "node1: 20, node2: 0", log: ["lb | upstream carbon_nodes"] },
  hint: { nudge: "Look at the upstream block.", lesson: "README step 2.", fix: "Add server node2:9763;" },
};

describe("CheckResults", () => {
  it("shows the evidence of a failed check and only the first rung of the hint ladder", () => {
    const html = renderToStaticMarkup(<CheckResults results={[failed]} report={null} />);
    expect(html).toContain("node1: 20, node2: 0");
    expect(html).toContain("Look at the upstream block.");
    expect(html).not.toContain("README step 2.");
    expect(html).not.toContain("Add server node2:9763;");
    expect(html).toContain("Show where the lesson explains it");
    expect(html).toContain('data-status="fail"');
    expect(html).toContain("Checking… 1 result so far.");
  });
});
