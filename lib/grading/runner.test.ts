import { expect, test } from "vitest";
import {
  defineCheck,
  error,
  EVIDENCE_LIMITS,
  fail,
  labReportSchema,
  pass,
  reportExitCode,
  runChecks,
  type CheckDefinition,
} from "@/lib/grading";

type Ctx = { value: number; signal: AbortSignal };
const HASH = "a".repeat(64);

function check(id: string, run: CheckDefinition<Ctx>["run"], extra: Partial<CheckDefinition<Ctx>> = {}) {
  return defineCheck<Ctx>({
    id,
    title: `title ${id}`,
    points: 2,
    hint: { nudge: `nudge ${id}`, fix: `fix ${id}` },
    run,
    ...extra,
  });
}

function run(checks: Array<CheckDefinition<Ctx>>, extra: Partial<Parameters<typeof runChecks<Ctx>>[0]> = {}) {
  return runChecks<Ctx>({
    lab: "demo",
    contentHash: HASH,
    runtime: "docker",
    checks,
    contextFor: (_c, signal) => ({ value: 42, signal }),
    ...extra,
  });
}

test("points are all-or-nothing and the report validates against its schema", async () => {
  const report = await run([
    check("good", async (ctx) => pass("42", String(ctx.value))),
    check("bad", async () => fail("two nodes", "one node", ["log line"])),
  ]);
  expect(labReportSchema.safeParse(report).success).toBe(true);
  expect(report).toMatchObject({
    schemaVersion: 1,
    lab: "demo",
    contentHash: HASH,
    runtime: "docker",
    score: 2,
    maxScore: 4,
  });
  expect(report.checks.map((c) => [c.id, c.status, c.points, c.maxPoints])).toEqual([
    ["good", "pass", 2, 2],
    ["bad", "fail", 0, 2],
  ]);
  expect(report.checks[0]?.hint).toBeNull();
  expect(report.checks[1]).toMatchObject({
    evidence: { expected: "two nodes", observed: "one node", log: ["log line"] },
    hint: { nudge: "nudge bad", fix: "fix bad" },
  });
  expect(reportExitCode(report)).toBe(1);
});

test("a check that throws is an error (ours), not a fail", async () => {
  const report = await run([
    check("boom", async () => {
      throw new Error("probe exploded");
    }),
  ]);
  expect(report.checks[0]).toMatchObject({
    status: "error",
    points: 0,
    evidence: { observed: "the grader failed: probe exploded" },
  });
});

test("a check past its deadline is an error and its signal is aborted", async () => {
  let aborted = false;
  const report = await run([
    check(
      "slow",
      (ctx) =>
        new Promise((resolve) =>
          ctx.signal.addEventListener("abort", () => {
            aborted = true;
            resolve(pass("x", "x"));
          }),
        ),
      { timeoutMs: 50 },
    ),
  ]);
  expect(report.checks[0]?.status).toBe("error");
  expect(report.checks[0]?.evidence.observed).toMatch(/did not finish in time/);
  expect(aborted).toBe(true);
});

test("a check whose prerequisite did not pass is skipped, and says which", async () => {
  let ran = false;
  const report = await run([
    check("first", async () => error("x", "engine gone")),
    check(
      "second",
      async () => {
        ran = true;
        return pass("x", "x");
      },
      { requires: ["first"] },
    ),
  ]);
  expect(ran).toBe(false);
  expect(report.checks[1]).toMatchObject({
    status: "skipped",
    points: 0,
    hint: null,
    evidence: { observed: "not run: first did not pass" },
  });
});

test("skipAllBecause skips every check after the pre-results", async () => {
  const report = await run([check("a", async () => pass("x", "x"))], {
    preResults: [
      {
        id: "config-lint",
        title: "lint",
        status: "fail",
        points: 0,
        maxPoints: 0,
        evidence: { expected: "no errors", observed: "1 error" },
        hint: { nudge: "fix it" },
      },
    ],
    skipAllBecause: "workspace does not parse",
  });
  expect(report.checks.map((c) => [c.id, c.status])).toEqual([
    ["config-lint", "fail"],
    ["a", "skipped"],
  ]);
  expect(report.maxScore).toBe(2);
});

test("all passing exits 0", async () => {
  const report = await run([check("a", async () => pass("x", "x"))]);
  expect(reportExitCode(report)).toBe(0);
});

test("evidence is cut to EVIDENCE_LIMITS (security review M8) and the workspace's provenance is carried into the report", async () => {
  const long = "x".repeat(EVIDENCE_LIMITS.observedChars * 3);
  const log = Array.from(
    { length: EVIDENCE_LIMITS.logLines + 10 },
    (_, i) => `line ${i} ${"y".repeat(EVIDENCE_LIMITS.logLineChars)}`,
  );
  const report = await run([check("noisy", async () => fail(long, long, log))], {
    provenance: { workspaceSource: "solution", configHash: HASH },
  });
  const evidence = report.checks[0]?.evidence;
  expect(evidence?.observed).toHaveLength(EVIDENCE_LIMITS.observedChars);
  expect(evidence?.expected).toHaveLength(EVIDENCE_LIMITS.expectedChars);
  expect(evidence?.log).toHaveLength(EVIDENCE_LIMITS.logLines);
  expect(evidence?.log?.at(-1)).toMatch(new RegExp(`^line ${EVIDENCE_LIMITS.logLines + 9} `));
  expect(evidence?.log?.every((l) => l.length <= EVIDENCE_LIMITS.logLineChars)).toBe(true);
  expect(report).toMatchObject({ workspaceSource: "solution", configHash: HASH });
  // A report whose evidence is over the limits does not validate (what the server refuses).
  const padded = structuredClone(report);
  if (padded.checks[0]) padded.checks[0].evidence.observed = long;
  expect(labReportSchema.safeParse(padded).success).toBe(false);
});
