/**
 * Instructor dashboard: my cohorts (create one, see its join code), then for the chosen cohort the matrix
 * (learner × lesson/lab: best score, last attempt, pinned content hash), per-check analytics, a learner
 * drill-down, and CSV / xAPI exports. Access: admins, and instructors enrolled as instructor in the cohort.
 */
import type { Metadata } from "next";
import "@/app/progress/_components/classroom.css";
import { redirect } from "next/navigation";
import { getApiContext } from "@/app/api/_shared/context";
import { getPageUser } from "@/app/api/_shared/page-user";
import { analyseChecks } from "@/lib/progress/analytics";
import { getCohort, quizzesByLearners } from "@/lib/progress/cohorts";
import { cellFlags, provenanceFlags } from "@/lib/progress/provenance-flags";
import { loadCohort } from "@/lib/progress/http/handlers/instructor";
import { readPageParam } from "@/lib/progress/http/inputs";
import { instructorPageAccess } from "@/lib/progress/http/page-access";
import { PageLinks } from "../progress/_components/PageLinks";
import { listAttemptReportsOfUser } from "@/lib/progress/lab-attempts";
import { AssessmentCell } from "../progress/_components/AssessmentCell";
import { JsonForm } from "../progress/_components/JsonForm";
import { ReportView } from "../progress/_components/ReportView";

export const metadata: Metadata = { title: "Instructor" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | Array<string> | undefined>>;

function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

export default async function InstructorPage({ searchParams }: { searchParams: SearchParams }) {
  const ctx = getApiContext();
  const params = await searchParams;
  const access = await instructorPageAccess(await getPageUser(), ctx, {
    cohort: typeof params.cohort === "string" ? params.cohort : undefined,
    learner: typeof params.learner === "string" ? params.learner : undefined,
  });
  if (access.kind === "local-mode") {
    return (
      <section>
        <h1>Instructor</h1>
        <p>
          The instructor dashboard exists in classroom mode (CLUSTERLAB_MODE=classroom with PostgreSQL). In local mode
          see <a href="/progress">your progress</a>.
        </p>
      </section>
    );
  }
  if (access.kind === "sign-in") redirect("/login");
  if (access.kind === "not-staff") {
    return (
      <section>
        <h1>Instructor</h1>
        <p>
          This page is for instructors. Ask an admin to make your account an instructor; your own results are on{" "}
          <a href="/progress">your progress</a>.
        </p>
      </section>
    );
  }
  const { cohorts, cohortId } = access;
  const cohort = cohortId ? await getCohort(ctx.db, cohortId) : undefined;

  return (
    <section>
      <h1>Instructor</h1>
      <h2>Cohorts</h2>
      <ul>
        {cohorts.map((c) => (
          <li key={c.id}>
            <a href={`/instructor?cohort=${c.id}`}>{c.name}</a>{" "}
            <span className="muted">
              join code {c.joinCode ?? "—"}, {c.members} member(s)
            </span>
          </li>
        ))}
      </ul>
      <JsonForm
        action="/api/cohorts"
        fields={[{ name: "name", label: "New cohort name" }]}
        submitLabel="Create cohort"
        after={{ kind: "reload" }}
      />
      {access.refusedCohort || (cohortId && !cohort) ? (
        <p className="error">You do not instruct that cohort, or it does not exist.</p>
      ) : null}
      {cohort ? (
        <CohortView
          cohortId={cohort.id}
          name={cohort.name}
          joinCode={cohort.joinCode}
          drill={access.learnerId}
          page={readPageParam(typeof params.page === "string" ? params.page : undefined)}
        />
      ) : null}
    </section>
  );
}

/** `drill`: a learner of this cohort whose attempts to list (already checked by instructorPageAccess), a page at a time. */
async function CohortView({
  cohortId,
  name,
  joinCode,
  drill,
  page,
}: {
  cohortId: string;
  name: string;
  joinCode: string;
  drill: string | undefined;
  page: number;
}) {
  const ctx = getApiContext();
  const { matrix, attempts } = await loadCohort(ctx, cohortId);
  const checks = analyseChecks(attempts);
  const flags = provenanceFlags(attempts);
  const quizzes = await quizzesByLearners(
    ctx.db,
    matrix.rows.map((r) => r.learner.id),
  );
  const drillPage = drill ? await listAttemptReportsOfUser(ctx.db, drill, page) : undefined;
  const drillName = matrix.rows.find((r) => r.learner.id === drill)?.learner.name;

  return (
    <>
      <h2>
        {name} <span className="muted">(join code {joinCode})</span>
      </h2>
      <p>
        Export: <a href={`/api/cohorts/${cohortId}/export/csv?kind=matrix`}>matrix CSV</a> ·{" "}
        <a href={`/api/cohorts/${cohortId}/export/csv?kind=attempts`}>attempts CSV</a> ·{" "}
        <a href={`/api/cohorts/${cohortId}/export/csv?kind=assessments`}>assessments CSV</a> ·{" "}
        <a href={`/api/cohorts/${cohortId}/export/xapi`}>xAPI statements (JSON)</a>
      </p>
      <h3>Matrix</h3>
      <p className="muted">
        Lab scores are self-reported: each learner&apos;s CLI grades their own cluster and submits the report. Use them
        as formative feedback; attempts that graded the untouched solution, or workspace files identical to another
        learner&apos;s, are flagged.
      </p>
      {matrix.rows.length === 0 ? (
        <p>No learner has joined yet. Give them the join code {joinCode}.</p>
      ) : (
        <div style={{ overflowX: "auto" }}>
          <table className="classroom-table">
            <thead>
              <tr>
                <th>Learner</th>
                <th>Lessons done</th>
                <th>Quizzes (best)</th>
                {matrix.labIds.map((id) => (
                  <th key={id}>{ctx.labs.find(id)?.title ?? id}</th>
                ))}
                {(matrix.assessmentModuleIds ?? []).map((id) => (
                  <th key={`assessment-${id}`}>Assessment {id.slice(0, 2)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {matrix.rows.map((row) => (
                <tr key={row.learner.id}>
                  <td>
                    <a href={`/instructor?cohort=${cohortId}&learner=${row.learner.id}`}>{row.learner.name}</a>
                    <div className="muted">{row.learner.email}</div>
                  </td>
                  <td title={[...row.lessonsDone].join(", ")}>
                    {row.lessonsDone.size}/{matrix.lessonIds.length}
                  </td>
                  <td>
                    {(() => {
                      const q = quizzes.get(row.learner.id);
                      return q ? `${q.bestScore}/${q.maxScore} in ${q.quizzes} quiz(zes)` : "—";
                    })()}
                  </td>
                  {matrix.labIds.map((id) => {
                    const cell = row.labs.get(id);
                    const flagged = cellFlags(attempts, flags, row.learner.id, id);
                    return (
                      <td key={id}>
                        {cell ? (
                          <>
                            <strong>
                              {cell.bestScore}/{cell.maxScore}
                            </strong>
                            <div className="muted">
                              last {cell.lastAttemptAt.toISOString().slice(0, 16).replace("T", " ")}, {cell.attempts}{" "}
                              attempt(s)
                            </div>
                            <div className="muted" title={cell.pinnedContentHash}>
                              hash {cell.pinnedContentHash.slice(0, 8)}
                              {ctx.labs.find(id) && ctx.labs.find(id)?.contentHash !== cell.pinnedContentHash
                                ? " (older version)"
                                : ""}
                            </div>
                            {flagged.solutionRuns > 0 ? (
                              <div className="error">{flagged.solutionRuns} solution run(s)</div>
                            ) : null}
                            {flagged.sameFilesAs.length > 0 ? (
                              <div className="error">
                                same files as {flagged.sameFilesAs.map((l) => l.name).join(", ")}
                              </div>
                            ) : null}
                          </>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                    );
                  })}
                  {(matrix.assessmentModuleIds ?? []).map((id) => (
                    <AssessmentCell key={`assessment-${id}`} standing={row.assessments?.get(id)} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Checks that fail most</h3>
      {checks.length === 0 ? (
        <p>No attempts yet.</p>
      ) : (
        <table className="classroom-table">
          <thead>
            <tr>
              <th>Lab · check</th>
              <th>Failure rate</th>
              <th>First-try pass rate</th>
              <th>Most common observed (failing)</th>
            </tr>
          </thead>
          <tbody>
            {checks.map((c) => (
              <tr key={`${c.labId}/${c.checkId}`}>
                <td>
                  {c.labId} · {c.title}
                </td>
                <td>
                  {percent(c.failureRate)}{" "}
                  <span className="muted">
                    ({c.failures}/{c.attempts})
                  </span>
                </td>
                <td>
                  {percent(c.firstTryPassRate)} <span className="muted">of {c.learners} learner(s)</span>
                </td>
                <td>
                  {c.commonObserved.map((o) => (
                    <div key={o.value}>
                      <code>{o.value}</code> ×{o.count}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {drill ? (
        <>
          <h3>{drillName ?? "Learner"}: every attempt</h3>
          {!drillPage || drillPage.attempts.length === 0 ? (
            <p>No attempts yet.</p>
          ) : (
            drillPage.attempts.map((a) => <ReportView key={a.id} report={a.report} submittedAt={a.submittedAt} />)
          )}
          {drillPage ? (
            <PageLinks
              page={drillPage.page}
              hasMore={drillPage.hasMore}
              href={(p) => `/instructor?cohort=${cohortId}&learner=${drill}&page=${p}`}
            />
          ) : null}
        </>
      ) : null}
    </>
  );
}
