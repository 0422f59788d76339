// M6 and M8 (security review): grades are self-reported, so reports say where the workspace came from and
// instructors see solution runs and copied workspaces; one learner cannot flood the database with reports, and
// reads come a page at a time. Against a classroom API server process on PostgreSQL, over HTTP like the CLI.
import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { EVIDENCE_LIMITS } from "@/lib/grading";
import { MAX_SUBMISSIONS_PER_WINDOW } from "@/lib/progress/http/handlers/submissions";
import { REPORTS_PAGE_SIZE } from "@/lib/progress/lab-attempts";
import { provenanceFlags, cellFlags } from "@/lib/progress/provenance-flags";
import { listAttemptsOfUsers } from "@/lib/progress/lab-attempts";
import { makeReport } from "@/tests/classroom/helpers/world";
import { servedClassroom } from "./helpers/api-server";
import { postgresAvailable } from "./helpers/postgres-classroom";

const HASH_A = "a".repeat(64);

function submit(url: string, token: string, report: unknown): Promise<Response> {
  return fetch(`${url}/api/submissions`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ submissionId: randomUUID(), report }),
    signal: AbortSignal.timeout(30_000),
  });
}

if (await postgresAvailable("M6/M8 reports")) {
  describe("M6/M8: self-reported grades and report volume (PostgreSQL, API server process)", () => {
    const served = servedClassroom("sec-m6-m8");

    test("a report's workspace source and config hash are stored; solution runs and identical edited workspaces are flagged", async () => {
      const { server, world, db } = served;
      const learner = world.people.learner;
      const other = world.people.anotherLearner;
      expect(
        (await submit(server.url, learner.token, { ...makeReport(), workspaceSource: "edited", configHash: HASH_A }))
          .status,
      ).toBe(201);
      expect(
        (await submit(server.url, other.token, { ...makeReport(), workspaceSource: "edited", configHash: HASH_A }))
          .status,
      ).toBe(201);
      expect(
        (
          await submit(server.url, other.token, {
            ...makeReport(),
            workspaceSource: "solution",
            configHash: "b".repeat(64),
          })
        ).status,
      ).toBe(201);
      // An unknown source is refused, not stored.
      expect((await submit(server.url, learner.token, { ...makeReport(), workspaceSource: "trust-me" })).status).toBe(
        422,
      );
      const attempts = await listAttemptsOfUsers(db, [learner.id, other.id]);
      expect(attempts.map((a) => [a.learner.id, a.workspaceSource, a.configHash])).toEqual(
        expect.arrayContaining([
          [learner.id, "edited", HASH_A],
          [other.id, "edited", HASH_A],
          [other.id, "solution", "b".repeat(64)],
        ]),
      );
      const flags = provenanceFlags(attempts);
      expect(cellFlags(attempts, flags, learner.id, "wka-demo").sameFilesAs.map((l) => l.id)).toEqual([other.id]);
      expect(cellFlags(attempts, flags, other.id, "wka-demo")).toMatchObject({
        solutionRuns: 1,
        sameFilesAs: [{ id: learner.id }],
      });
    });

    test("evidence padded past its bounds is refused (422), so one report cannot carry 250 KiB of padding", async () => {
      const { server, world } = served;
      const report = makeReport();
      const padded = {
        ...report,
        checks: report.checks.map((c) => ({
          ...c,
          evidence: { ...c.evidence, observed: "x".repeat(EVIDENCE_LIMITS.observedChars + 1) },
        })),
      };
      const response = await submit(server.url, world.people.learner.token, padded);
      expect(response.status).toBe(422);
      expect(((await response.json()) as { issues: Array<string> }).issues.join("\n")).toMatch(/observed/);
    });

    test(`one learner's report flood is cut at ${MAX_SUBMISSIONS_PER_WINDOW} a minute with 429 and Retry-After`, async () => {
      const { server, world, db } = served;
      const flooder = world.people.otherInstructor;
      const statuses: Array<number> = [];
      for (let i = 0; i < MAX_SUBMISSIONS_PER_WINDOW + 3; i += 1)
        statuses.push((await submit(server.url, flooder.token, makeReport())).status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(MAX_SUBMISSIONS_PER_WINDOW);
      expect(statuses.slice(-3)).toEqual([429, 429, 429]);
      expect(await db.labAttempt.count({ where: { userId: flooder.id } })).toBe(MAX_SUBMISSIONS_PER_WINDOW);
    });

    test(`reports are read back ${REPORTS_PAGE_SIZE} at a time, on /api/progress and the instructor drill-down`, async () => {
      const { server, world } = served;
      const flooder = world.people.otherInstructor; // has MAX_SUBMISSIONS_PER_WINDOW attempts from the test above
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: "POST",
        headers: { origin: server.url, "content-type": "application/json" },
        body: JSON.stringify({ email: flooder.email, password: flooder.password }),
      });
      const cookie = login.headers.get("set-cookie")?.split(";")[0] ?? "";
      const first = (await (await fetch(`${server.url}/api/progress`, { headers: { cookie } })).json()) as {
        attempts: Array<unknown>;
        hasMore: boolean;
        page: number;
      };
      expect(first).toMatchObject({ page: 1, hasMore: true });
      expect(first.attempts).toHaveLength(REPORTS_PAGE_SIZE);
      const second = (await (await fetch(`${server.url}/api/progress?page=2`, { headers: { cookie } })).json()) as {
        attempts: Array<unknown>;
        hasMore: boolean;
      };
      expect(second.attempts).toHaveLength(MAX_SUBMISSIONS_PER_WINDOW - REPORTS_PAGE_SIZE);
      expect(second.hasMore).toBe(false);
      const drill = await fetch(
        `${server.url}/api/cohorts/${world.cohortA.id}/learners/${world.people.learner.id}?page=1`,
        { headers: { cookie: world.people.instructor.cookie } },
      );
      expect(drill.status).toBe(200);
      expect(((await drill.json()) as { pageSize: number }).pageSize).toBe(REPORTS_PAGE_SIZE);
    });
  });
}
