import { describe, expect, it } from "vitest";
import { buildCohortMatrix } from "../analytics";
import type { AssessmentAttemptRow } from "../assessments";
import { makeLearner } from "../attempt-fixtures";
import { assessmentsToCsv, assessmentToXapi, toAssessmentRecords, withAssessments } from "./assessments";
import { matrixToCsv } from "./csv";

const ana = makeLearner("Ana");
const ben = makeLearner("Ben");
const row = (id: string, userId: string, score: number, passed: boolean, second: number): AssessmentAttemptRow => ({
  id,
  userId,
  moduleId: "06-m",
  score,
  maxScore: 16,
  passed,
  seed: 40 + second,
  at: new Date(Date.UTC(2026, 11, 6, 10, 0, second)),
});
const rows = [
  row("a1", ana.id, 9, false, 1),
  row("a2", ana.id, 13, true, 2),
  row("b1", ben.id, 4, false, 3),
  row("x1", "not-in-cohort", 16, true, 4),
];

function matrix() {
  const labs = buildCohortMatrix({
    learners: [ana, ben],
    attempts: [],
    labIds: ["wka"],
    lessonIds: [],
    lessonsDoneByLearner: new Map(),
  });
  return withAssessments(labs, rows, ["05-other"]);
}

describe("module assessments in the instructor matrix and exports", () => {
  it("the matrix gets one column per module, and each learner their standing", () => {
    const m = matrix();
    expect(m.assessmentModuleIds).toEqual(["05-other", "06-m"]);
    expect(m.rows.find((r) => r.learner.id === ana.id)?.assessments?.get("06-m")).toMatchObject({
      attempts: 2,
      best: { score: 13 },
      last: { passed: true },
    });
    expect(m.rows.find((r) => r.learner.id === ben.id)?.assessments?.get("06-m")?.firstPassedAt).toBeNull();
  });

  it("the matrix CSV adds best, max, passed and attempts per module", () => {
    const lines = matrixToCsv(matrix()).split("\r\n");
    expect(lines[0]).toContain(
      ",assessment:05-other:best,assessment:05-other:max,assessment:05-other:passed,assessment:05-other:attempts,assessment:06-m:best",
    );
    expect(lines[1]?.endsWith(",,,,0,13,16,yes,2")).toBe(true);
    expect(lines[2]?.endsWith(",,,,0,4,16,no,1")).toBe(true);
  });

  it("the assessments CSV has one row per attempt of a cohort learner", () => {
    const csv = assessmentsToCsv(toAssessmentRecords(rows, [ana, ben]));
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("attempt_id,learner,email,module,score,max_score,passed,seed,submitted_at");
    expect(lines.slice(1, -1).map((l) => l.split(",")[0])).toEqual(["a1", "a2", "b1"]);
    expect(lines[2]).toBe("a2,Ana,ana@example.test,06-m,13,16,yes,42,2026-12-06T10:00:02.000Z");
  });

  it("xAPI: passed or failed from the stored verdict, the module's assessment as the activity, a stable id", () => {
    const [a1, a2] = toAssessmentRecords(rows, [ana, ben]);
    if (!a1 || !a2) throw new Error("fixture");
    const failed = assessmentToXapi(a1, "https://course.example/", "Module 06");
    const passed = assessmentToXapi(a2, "https://course.example");
    expect(failed.verb.display["en-US"]).toBe("failed");
    expect(passed.verb.display["en-US"]).toBe("passed");
    expect(passed.object.id).toBe("https://course.example/modules/06-m/assessment");
    expect(failed.object.definition.name["en-US"]).toBe("Assessment: Module 06");
    expect(passed.result).toMatchObject({
      score: { scaled: 0.8125, raw: 13, min: 0, max: 16 },
      success: true,
      completion: true,
    });
    expect(assessmentToXapi(a2, "https://course.example").id).toBe(passed.id);
    expect(passed.id).not.toBe(failed.id);
  });
});
