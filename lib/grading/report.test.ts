import { expect, test } from "vitest";
import { formatReport, labReportSchema, type LabReport } from "@/lib/grading";

function report(overrides: Partial<LabReport> = {}): LabReport {
  return {
    schemaVersion: 1,
    lab: "sample",
    contentHash: "b".repeat(64),
    runtime: "docker",
    startedAt: "2026-11-28T04:00:00.000Z",
    finishedAt: "2026-11-28T04:00:05.000Z",
    score: 2,
    maxScore: 5,
    checks: [
      {
        id: "both-nodes-healthy",
        title: "Both nodes",
        status: "pass",
        points: 2,
        maxPoints: 2,
        evidence: { expected: "200", observed: "200" },
        hint: null,
      },
      {
        id: "lb-reaches-both-nodes",
        title: "Through nginx",
        status: "fail",
        points: 0,
        maxPoints: 3,
        evidence: { expected: "node1 and node2", observed: "node1: 20, node2: 0" },
        hint: { nudge: "look at the upstream", fix: "add server node2:9763;" },
      },
    ],
    ...overrides,
  };
}

test("a well-formed report parses and keeps its stable field set", () => {
  const parsed = labReportSchema.parse(report());
  expect(Object.keys(parsed)).toEqual([
    "schemaVersion",
    "lab",
    "contentHash",
    "runtime",
    "startedAt",
    "finishedAt",
    "score",
    "maxScore",
    "checks",
  ]);
  expect(Object.keys(parsed.checks[0] ?? {})).toEqual([
    "id",
    "title",
    "status",
    "points",
    "maxPoints",
    "evidence",
    "hint",
  ]);
});

test("score and maxScore must be the sums of the checks", () => {
  const result = labReportSchema.safeParse(report({ score: 5 }));
  expect(result.success).toBe(false);
  expect(result.error?.issues[0]?.message).toBe("score 5 is not the sum of check points (2)");
  expect(labReportSchema.safeParse(report({ maxScore: 4 })).success).toBe(false);
});

test("a non-passing check cannot earn points, and statuses are the four known ones", () => {
  const bad = report();
  const fail = bad.checks[1];
  if (!fail) throw new Error("fixture");
  bad.checks[1] = { ...fail, points: 3 };
  bad.score = 5;
  expect(labReportSchema.safeParse(bad).error?.issues[0]?.message).toBe("a fail earns no points");
  expect(
    labReportSchema.safeParse({ ...report(), checks: [{ ...report().checks[0], status: "partial" }] }).success,
  ).toBe(false);
});

test("other schema versions and bad hashes are rejected", () => {
  expect(labReportSchema.safeParse({ ...report(), schemaVersion: 2 }).success).toBe(false);
  expect(labReportSchema.safeParse({ ...report(), contentHash: "abc" }).success).toBe(false);
});

test("the text rendering shows evidence and the hint ladder for a fail only", () => {
  const text = formatReport(report());
  expect(text).toContain("Lab sample (docker): 2/5 points");
  expect(text).toContain("PASS  both-nodes-healthy");
  expect(text).toContain("FAIL  lb-reaches-both-nodes");
  expect(text).toContain("observed: node1: 20, node2: 0");
  expect(text).toContain("fix:  add server node2:9763;");
  expect(text.match(/expected:/g)).toHaveLength(1);
});
