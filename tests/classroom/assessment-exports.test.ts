// Module assessment attempts in the instructor's views of a cohort: the matrix JSON, the matrix and assessments CSVs
// and the xAPI export, on SQLite and (when a server answers) PostgreSQL. Attempts are recorded through the same
// repository function the assessment server action uses.
import { describe, expect, test } from "vitest";
import { recordAssessmentAttempt } from "@/lib/progress/assessments";
import { dispatchApiRequest } from "@/lib/progress/http/routes";
import { availableProviders } from "./helpers/classroom-db";
import { seededClassroom } from "./helpers/seeded-classroom";
import { apiRequest } from "./helpers/world";

const { providers, skipped } = await availableProviders();
const MODULE = "06-deployment-patterns-and-clustering";
const presented = { seed: 11, order: [{ questionId: "01-definition", choiceIds: ["a", "b", "c", "d"] }] };

if (skipped) test.skip(`PostgreSQL assessment exports [skipped: ${skipped}]`, () => {});

for (const provider of providers) {
  describe(`module assessments in the instructor exports on ${provider}`, () => {
    const suite = seededClassroom(provider, "assess");

    test("matrix, CSVs and xAPI carry the cohort learners' assessment attempts, and nobody else's", async () => {
      const { world } = suite;
      const learner = world.people.learner.id;
      const base = { userId: learner, moduleId: MODULE, maxScore: 16, answers: { "01-definition": ["a"] }, presented };
      await recordAssessmentAttempt(world.ctx.db, { ...base, score: 10, passed: false });
      await recordAssessmentAttempt(world.ctx.db, { ...base, score: 14, passed: true });
      // The admin is not a learner of cohort A: their attempt must not leak into the cohort's exports.
      await recordAssessmentAttempt(world.ctx.db, { ...base, userId: world.people.admin.id, score: 16, passed: true });
      const cohort = world.cohortA.id;
      const get = async (path: string) => dispatchApiRequest(apiRequest(world, "instructor", path), world.ctx);

      const matrix = (await (await get(`/api/cohorts/${cohort}/matrix`)).json()) as {
        matrix: {
          assessmentModuleIds: string[];
          rows: Array<{
            learner: { id: string };
            assessments: Record<string, { attempts: number; best: { score: number }; firstPassedAt: string | null }>;
          }>;
        };
      };
      expect(matrix.matrix.assessmentModuleIds).toEqual([MODULE]);
      const row = matrix.matrix.rows.find((r) => r.learner.id === learner);
      expect(row?.assessments[MODULE]).toMatchObject({ attempts: 2, best: { score: 14 } });
      expect(row?.assessments[MODULE]?.firstPassedAt).toMatch(/^\d{4}-/);

      const matrixCsv = await (await get(`/api/cohorts/${cohort}/export/csv?kind=matrix`)).text();
      expect(matrixCsv.split("\r\n")[0]).toContain(
        `assessment:${MODULE}:best,assessment:${MODULE}:max,assessment:${MODULE}:passed,assessment:${MODULE}:attempts`,
      );

      const attemptsCsv = await get(`/api/cohorts/${cohort}/export/csv?kind=assessments`);
      expect(attemptsCsv.status).toBe(200);
      const lines = (await attemptsCsv.text()).split("\r\n").filter(Boolean);
      expect(lines).toHaveLength(3);
      expect(lines.slice(1).map((l) => l.split(",").slice(3, 7).join(","))).toEqual([
        `${MODULE},10,16,no`,
        `${MODULE},14,16,yes`,
      ]);

      const xapi = (await (await get(`/api/cohorts/${cohort}/export/xapi`)).json()) as Array<{
        verb: { display: Record<string, string> };
        object: { id: string };
      }>;
      const assessed = xapi.filter((s) => s.object.id.endsWith(`/modules/${MODULE}/assessment`));
      expect(assessed.map((s) => s.verb.display["en-US"])).toEqual(["failed", "passed"]);

      const bad = await get(`/api/cohorts/${cohort}/export/csv?kind=grades`);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toContain("kind=assessments");
    });
  });
}
