import { expect, test } from "vitest";
import { buildCohortMatrix } from "../analytics";
import { makeAttempt, makeLearner } from "../attempt-fixtures";
import { attemptsToCsv, csvCell, matrixToCsv } from "./csv";

test("cells with separators are quoted and formula-looking text is neutralised", () => {
  expect(csvCell('say "hi", then')).toBe('"say ""hi"", then"');
  expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
  expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
  expect(csvCell(-3)).toBe("-3");
  expect(csvCell(null)).toBe("");
  expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
});

test("the matrix CSV has one row per learner and four columns per lab", () => {
  const ana = { ...makeLearner("Ana"), name: "Ana, Jr." };
  const matrix = buildCohortMatrix({
    learners: [ana],
    attempts: [
      makeAttempt({ learner: ana, finishedAt: "2026-11-01T10:00:00Z", checks: [{ checkId: "a", status: "pass" }] }),
    ],
    labIds: ["wka"],
    lessonIds: [],
    lessonsDoneByLearner: new Map(),
  });
  const lines = matrixToCsv(matrix).split("\r\n");
  expect(lines[0]).toBe("learner,email,lessons_done,wka:best,wka:max,wka:last_attempt,wka:content_hash");
  expect(lines[1]).toBe('"Ana, Jr.",ana@example.test,0,10,10,2026-11-01T10:00:00.000Z,sha256:aaa');
  expect(lines[2]).toBe("");
});

test("the attempts CSV counts passed checks", () => {
  const ben = makeLearner("Ben");
  const csv = attemptsToCsv([
    makeAttempt({
      learner: ben,
      finishedAt: "2026-11-01T10:00:00Z",
      checks: [
        { checkId: "a", status: "pass" },
        { checkId: "b", status: "fail" },
      ],
    }),
  ]);
  const row = csv.split("\r\n")[1]?.split(",");
  expect(row?.slice(1, 10)).toEqual(["Ben", "ben@example.test", "wka", "sha256:aaa", "docker", "10", "20", "1", "2"]);
});
