import { expect, test } from "vitest";
import { analyseChecks, buildCohortMatrix, summariseByLab } from "./analytics";
import { makeAttempt, makeLearner } from "./attempt-fixtures";

const ana = makeLearner("Ana");
const ben = makeLearner("Ben");

test("best score per lab keeps the best while last attempt and pinned hash follow the latest", () => {
  const attempts = [
    makeAttempt({
      learner: ana,
      finishedAt: "2026-11-01T10:00:00Z",
      checks: [
        { checkId: "a", status: "fail" },
        { checkId: "b", status: "pass" },
      ],
    }),
    makeAttempt({
      learner: ana,
      finishedAt: "2026-11-01T11:00:00Z",
      checks: [
        { checkId: "a", status: "pass" },
        { checkId: "b", status: "pass" },
      ],
    }),
    makeAttempt({
      learner: ana,
      finishedAt: "2026-11-02T09:00:00Z",
      contentHash: "sha256:bbb",
      checks: [
        { checkId: "a", status: "fail" },
        { checkId: "b", status: "fail" },
      ],
    }),
  ];
  const summary = summariseByLab(attempts).get("wka");
  expect(summary).toMatchObject({ attempts: 3, bestScore: 20, maxScore: 20, pinnedContentHash: "sha256:bbb" });
  expect(summary?.lastAttemptAt.toISOString()).toBe("2026-11-02T09:00:00.000Z");
});

test("the matrix lists every learner, even one with no attempts, with lab columns from attempts", () => {
  const matrix = buildCohortMatrix({
    learners: [ben, ana],
    attempts: [
      makeAttempt({
        learner: ana,
        labId: "multicast",
        finishedAt: "2026-11-01T10:00:00Z",
        checks: [{ checkId: "a", status: "pass" }],
      }),
    ],
    labIds: ["wka"],
    lessonIds: ["intro"],
    lessonsDoneByLearner: new Map([[ben.id, new Set(["intro"])]]),
  });
  expect(matrix.labIds).toEqual(["multicast", "wka"]);
  expect(matrix.rows.map((r) => r.learner.name)).toEqual(["Ana", "Ben"]);
  expect(matrix.rows[0]?.labs.get("multicast")?.bestScore).toBe(10);
  expect(matrix.rows[1]?.labs.size).toBe(0);
  expect(matrix.rows[1]?.lessonsDone.has("intro")).toBe(true);
});

test("check analytics rank the most failed check first, with first-try pass rate and common observed values", () => {
  const attempts = [
    makeAttempt({
      learner: ana,
      finishedAt: "2026-11-01T10:00:00Z",
      checks: [
        { checkId: "members", status: "fail", observed: "1 member" },
        { checkId: "port", status: "pass" },
      ],
    }),
    makeAttempt({
      learner: ana,
      finishedAt: "2026-11-01T10:30:00Z",
      checks: [
        { checkId: "members", status: "pass" },
        { checkId: "port", status: "pass" },
      ],
    }),
    makeAttempt({
      learner: ben,
      finishedAt: "2026-11-01T10:10:00Z",
      checks: [
        { checkId: "members", status: "error", observed: "1 member" },
        { checkId: "port", status: "fail", observed: "4000" },
      ],
    }),
  ];
  const [members, port] = analyseChecks(attempts);
  expect(members).toMatchObject({ checkId: "members", attempts: 3, failures: 2, learners: 2, firstTryPassRate: 0 });
  expect(members?.failureRate).toBeCloseTo(2 / 3);
  expect(members?.commonObserved).toEqual([{ value: "1 member", count: 2 }]);
  expect(port).toMatchObject({ checkId: "port", failures: 1, firstTryPassRate: 0.5 });
});
