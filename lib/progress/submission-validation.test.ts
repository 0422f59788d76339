import { randomUUID } from "node:crypto";
import { expect, test } from "vitest";
import { getLabRegistry } from "@/labs";
import { labCatalogFromRegistry } from "./lab-catalog";
import { demoCatalog, makeReport } from "./report-fixtures";
import { NUL_REPLACEMENT, validateSubmission, withoutNulCharacters } from "./submission-validation";
import { findUnknownKeys } from "./unknown-keys";

const catalog = demoCatalog;
const now = new Date("2026-11-28T04:00:00Z");

/** A consistent demo-lab report (pass, fail, pass: 8 of 10 points, 03:58-03:59), with fields overridden. */
function report(overrides: Record<string, unknown> = {}) {
  return { ...makeReport(["pass", "fail", "pass"], new Date("2026-11-28T03:59:00Z")), ...overrides };
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
    [
      { submissionId: id, report: report({ startedAt: "2026-11-29T03:58:00Z", finishedAt: "2026-11-29T03:59:00Z" }) },
      422,
      /future/,
    ],
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
  const [a, b, c] = base.checks;
  if (!a || !b || !c) throw new Error("the demo report has three checks");
  const missing = validateSubmission(
    { submissionId: randomUUID(), report: { ...base, checks: [a, c], score: 8, maxScore: 8 } },
    catalog,
    now,
  );
  expect(missing.ok ? [] : missing.issues).toContain('report.checks: check "port-offset" is missing');
  const reweighted = validateSubmission(
    { submissionId: randomUUID(), report: { ...base, checks: [a, { ...b, maxPoints: 30 }, c], maxScore: 38 } },
    catalog,
    now,
  );
  expect(reweighted.ok ? [] : reweighted.issues.join()).toMatch(/worth 2, not 30/);
});

test("unknown keys are found at any depth", () => {
  expect(
    findUnknownKeys({ a: 1, b: { c: 2, d: 3 }, e: [{ f: 1, g: 2 }] }, { a: 1, b: { c: 2 }, e: [{ f: 1 }] }),
  ).toEqual(["b.d", "e[0].g"]);
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
  const lint = {
    id: "config-lint",
    title: "Node configurations pass the static checks",
    status: "pass",
    points: 0,
    maxPoints: 0,
    evidence: { expected: "no configuration errors", observed: "no errors" },
    hint: null,
  };
  const withLint = validateSubmission(
    { submissionId: randomUUID(), report: { ...base, checks: [lint, ...base.checks] } },
    catalog,
    now,
  );
  expect(withLint.ok, withLint.ok ? "" : withLint.issues.join()).toBe(true);
  const weighted = validateSubmission(
    {
      submissionId: randomUUID(),
      report: { ...base, checks: [{ ...lint, points: 4, maxPoints: 4 }, ...base.checks], score: 12, maxScore: 14 },
    },
    catalog,
    now,
  );
  expect(weighted.ok ? [] : weighted.issues.join()).toMatch(/"config-lint" is worth 0, not 4/);
  const twice = validateSubmission(
    { submissionId: randomUUID(), report: { ...base, checks: [lint, lint, ...base.checks] } },
    catalog,
    now,
  );
  expect(twice.ok ? [] : twice.issues.join()).toMatch(/appears twice/);
});

test("a NUL character anywhere in the report is accepted and replaced by U+FFFD (both backends store the same)", () => {
  const base = report();
  const [a, b, c] = base.checks;
  if (!a || !b || !c) throw new Error("the demo report has three checks");
  const withNul = {
    ...b,
    title: "Port\u0000offset",
    evidence: { expected: "2 members", observed: "HTTP/1.1 200\u0000\u0000body", log: ["a\u0000b"] },
  };
  const verdict = validateSubmission(
    { submissionId: randomUUID(), report: { ...base, checks: [a, withNul, c] } },
    catalog,
    now,
  );
  if (!verdict.ok) throw new Error(verdict.error);
  const stored = verdict.report.checks[1];
  expect(stored?.evidence).toEqual({
    expected: "2 members",
    observed: `HTTP/1.1 200${NUL_REPLACEMENT}${NUL_REPLACEMENT}body`,
    log: [`a${NUL_REPLACEMENT}b`],
  });
  expect(stored?.title).toBe(`Port${NUL_REPLACEMENT}offset`);
  expect(JSON.stringify(verdict.report)).not.toContain("\\u0000");
});

test("withoutNulCharacters replaces NULs in nested strings and keys and leaves other values alone", () => {
  const input = { "k\u0000": ["x\u0000", 1, null, true, { y: "\u0000" }], n: 2 };
  expect(withoutNulCharacters(input)).toEqual({ "k\uFFFD": ["x\uFFFD", 1, null, true, { y: "\uFFFD" }], n: 2 });
  expect(input["k\u0000"][0]).toBe("x\u0000");
});
