import { createHash, randomUUID } from "node:crypto";
import { expect, test } from "vitest";
import { getLabRegistry } from "@/labs";
import { fixedLabCatalog, labCatalogFromRegistry } from "./lab-catalog";
import { validateSubmission } from "./submission-validation";
import { findUnknownKeys } from "./unknown-keys";

const lab = {
  id: "demo",
  title: "Demo",
  contentHash: createHash("sha256").update("demo").digest("hex"),
  checks: [
    { id: "a", title: "A", maxPoints: 2 },
    { id: "b", title: "B", maxPoints: 3 },
  ],
};
const catalog = fixedLabCatalog([lab]);
const now = new Date("2026-11-28T04:00:00Z");

function report(overrides: Record<string, unknown> = {}) {
  return {
    schemaVersion: 1,
    lab: "demo",
    contentHash: lab.contentHash,
    runtime: "process",
    startedAt: "2026-11-28T03:58:00Z",
    finishedAt: "2026-11-28T03:59:00Z",
    score: 2,
    maxScore: 5,
    checks: [
      { id: "a", title: "A", status: "pass", points: 2, maxPoints: 2, evidence: { expected: "x", observed: "x" }, hint: null },
      { id: "b", title: "B", status: "fail", points: 0, maxPoints: 3, evidence: { expected: "y", observed: "z" }, hint: { nudge: "look" } },
    ],
    ...overrides,
  };
}

test("a consistent report for the current lab version is accepted", () => {
  const verdict = validateSubmission({ submissionId: randomUUID(), report: report() }, catalog, now);
  expect(verdict.ok).toBe(true);
});

test("each kind of forgery is refused with its own status and message", () => {
  const id = randomUUID();
  const cases: Array<[unknown, number, RegExp]> = [
    [{ submissionId: id }, 400, /exactly submissionId/],
    [{ submissionId: "x", report: report() }, 400, /submissionId/],
    [{ submissionId: id, report: report({ score: 5 }) }, 422, /not a valid/],
    [{ submissionId: id, report: report({ lab: "other" }) }, 422, /no lab "other"/],
    [{ submissionId: id, report: report({ contentHash: "f".repeat(64) }) }, 409, /different version/],
    [{ submissionId: id, report: report({ extra: 1 }) }, 422, /fields a ClusterLab grading report does not have/],
    [{ submissionId: id, report: report({ finishedAt: "2026-11-28T03:57:00Z" }) }, 422, /finished before it started/],
    [{ submissionId: id, report: report({ startedAt: "2026-11-29T03:58:00Z", finishedAt: "2026-11-29T03:59:00Z" }) }, 422, /future/],
  ];
  for (const [body, status, message] of cases) {
    const verdict = validateSubmission(body, catalog, now);
    expect(verdict.ok, JSON.stringify(body).slice(0, 80)).toBe(false);
    if (verdict.ok) continue;
    expect(verdict.status).toBe(status);
    expect(verdict.error).toMatch(message);
  }
});

test("a report whose checks differ from the lab's (missing, invented, re-weighted) is refused", () => {
  const base = report();
  const [a, b] = base.checks;
  const missing = validateSubmission({ submissionId: randomUUID(), report: { ...base, checks: [a], score: 2, maxScore: 2 } }, catalog, now);
  expect(missing.ok ? [] : missing.issues).toContain('report.checks: check "b" is missing');
  const reweighted = validateSubmission({ submissionId: randomUUID(), report: { ...base, checks: [a, { ...b, maxPoints: 30 }], maxScore: 32 } }, catalog, now);
  expect(reweighted.ok ? [] : reweighted.issues.join()).toMatch(/worth 3, not 30/);
});

test("unknown keys are found at any depth", () => {
  expect(findUnknownKeys({ a: 1, b: { c: 2, d: 3 }, e: [{ f: 1, g: 2 }] }, { a: 1, b: { c: 2 }, e: [{ f: 1 }] })).toEqual(["b.d", "e[0].g"]);
});

test("the course's lab registry yields a catalogue with content hashes and checks", () => {
  const labs = labCatalogFromRegistry(getLabRegistry()).list();
  expect(labs.length).toBeGreaterThan(0);
  for (const known of labs) {
    expect(known.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(known.checks.length).toBeGreaterThan(0);
  }
});

test("the engine's static configuration check (0 points) may appear in a report, but cannot carry points", () => {
  const base = report();
  const lint = { id: "config-lint", title: "Node configurations pass the static checks", status: "pass", points: 0, maxPoints: 0, evidence: { expected: "no configuration errors", observed: "no errors" }, hint: null };
  const withLint = validateSubmission({ submissionId: randomUUID(), report: { ...base, checks: [lint, ...base.checks] } }, catalog, now);
  expect(withLint.ok, withLint.ok ? "" : withLint.issues.join()).toBe(true);
  const weighted = validateSubmission({ submissionId: randomUUID(), report: { ...base, checks: [{ ...lint, points: 4, maxPoints: 4 }, ...base.checks], score: 6, maxScore: 9 } }, catalog, now);
  expect(weighted.ok ? [] : weighted.issues.join()).toMatch(/"config-lint" is worth 0, not 4/);
  const twice = validateSubmission({ submissionId: randomUUID(), report: { ...base, checks: [lint, lint, ...base.checks] } }, catalog, now);
  expect(twice.ok ? [] : twice.issues.join()).toMatch(/appears twice/);
});
