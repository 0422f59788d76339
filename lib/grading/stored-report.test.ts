import { expect, test } from "vitest";
import { EVIDENCE_LIMITS } from "./check";
import { readStoredReport } from "./stored-report";

const report = (observed: string) => ({
  schemaVersion: 1,
  lab: "demo",
  contentHash: "a".repeat(64),
  runtime: "docker",
  startedAt: "2026-12-01T10:00:00.000Z",
  finishedAt: "2026-12-01T10:01:00.000Z",
  score: 0,
  maxScore: 1,
  checks: [
    { id: "c", title: "C", status: "fail", points: 0, maxPoints: 1, evidence: { expected: "x", observed }, hint: null },
  ],
});

test("a report stored before evidence was bounded is still readable, cut to the bounds", () => {
  const read = readStoredReport(report("o".repeat(EVIDENCE_LIMITS.observedChars + 500)));
  if (!read.ok) throw new Error("not readable");
  expect(read.report.checks[0]?.evidence.observed).toHaveLength(EVIDENCE_LIMITS.observedChars);
});

test("something that is not a report stays unreadable", () => {
  expect(readStoredReport({ hello: "world" })).toEqual({ ok: false });
  expect(readStoredReport(null)).toEqual({ ok: false });
});
