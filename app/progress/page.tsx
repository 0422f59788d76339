/**
 * Learner progress: lessons done, quiz scores, every lab attempt with per-check results, evidence and hints,
 * best score per lab. Classroom mode adds cohorts (join by code), API tokens for the CLI, and sign-out.
 */
import type { Metadata } from "next";
import "@/app/progress/_components/classroom.css";
import { redirect } from "next/navigation";
import { getApiContext } from "@/app/api/_shared/context";
import { getPageUser } from "@/app/api/_shared/page-user";
import { summariseByLab } from "@/lib/progress/analytics";
import { listCohortsFor } from "@/lib/progress/cohorts";
import { checkTitles } from "@/lib/progress/http/handlers/instructor";
import { readPageParam } from "@/lib/progress/http/inputs";
import { progressPageAccess } from "@/lib/progress/http/page-access";
import { PageLinks } from "./_components/PageLinks";
import { listAttemptReportsOfUser, listAttemptsOfUsers } from "@/lib/progress/lab-attempts";
import { getLearnerProgress } from "@/lib/progress/lessons";
import { AssessmentTable } from "./_components/AssessmentTable";
import { listApiTokens } from "@/lib/progress/tokens";
import { ClassroomTable, utcDay, utcMinute } from "./_components/ClassroomTable";
import { ApiButton, JsonForm } from "./_components/JsonForm";
import { ReportView } from "./_components/ReportView";

export const metadata: Metadata = { title: "Your progress" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | Array<string> | undefined>>;

export default async function ProgressPage({ searchParams }: { searchParams: SearchParams }) {
  const access = progressPageAccess(await getPageUser());
  if (access.kind === "sign-in") redirect("/login");
  const ctx = getApiContext();
  const user = access.principal.user;
  const query = await searchParams;
  const [lessons, records, reports] = await Promise.all([
    getLearnerProgress(ctx.db, user.id),
    listAttemptsOfUsers(ctx.db, [user.id], checkTitles(ctx.labs)),
    listAttemptReportsOfUser(ctx.db, user.id, readPageParam(typeof query.page === "string" ? query.page : undefined)),
  ]);
  const best = [...summariseByLab(records).values()];
  const classroom = ctx.mode === "classroom";
  const [cohorts, tokens] = classroom
    ? await Promise.all([listCohortsFor(ctx.db, user), listApiTokens(ctx.db, user.id)])
    : [[], []];

  return (
    <section>
      <h1>Your progress</h1>
      <p className="muted">
        {classroom
          ? `Signed in as ${user.name}${user.email ? ` <${user.email}>` : ""} (${user.role}).`
          : "Local mode: everything is recorded on this machine."}{" "}
        {classroom ? <ApiButton action="/api/auth/logout" method="POST" label="Sign out" /> : null}
        {user.role !== "learner" ? <a href="/instructor"> Instructor dashboard</a> : null}
      </p>

      <h2>Lessons</h2>
      {lessons.completed.size === 0 ? (
        <p>No lesson marked complete yet.</p>
      ) : (
        <ul>
          {[...lessons.completed.entries()]
            .sort((a, b) => a[0].localeCompare(b[0]))
            .map(([slug, at]) => (
              <li key={slug}>
                {slug} <span className="muted">completed {utcDay(at)}</span>
              </li>
            ))}
        </ul>
      )}

      <h2>Quizzes</h2>
      {lessons.quizzes.size === 0 ? (
        <p>No quiz answered yet.</p>
      ) : (
        <ClassroomTable columns={["Quiz", "Best", "Last", "Attempts"]}>
          {[...lessons.quizzes.entries()].map(([key, standing]) => (
            <tr key={key}>
              <td>{key.replace("#", " · ")}</td>
              <td>
                {standing.best.score}/{standing.best.maxScore}
              </td>
              <td>
                {standing.last.score}/{standing.last.maxScore}
              </td>
              <td>{standing.attempts}</td>
            </tr>
          ))}
        </ClassroomTable>
      )}

      <h2>Module assessments</h2>
      <AssessmentTable userId={user.id} />

      <h2>Labs</h2>
      {best.length === 0 ? (
        <p>
          No graded lab attempt yet. Run <code>clusterlab lab check &lt;lab&gt;</code>
          {classroom ? " with --submit after `clusterlab login`" : ""}.
        </p>
      ) : (
        <ClassroomTable columns={["Lab", "Best score", "Attempts", "Last attempt"]}>
          {best.map((lab) => (
            <tr key={lab.labId}>
              <td>{ctx.labs.find(lab.labId)?.title ?? lab.labId}</td>
              <td>
                {lab.bestScore}/{lab.maxScore}
              </td>
              <td>{lab.attempts}</td>
              <td>{utcMinute(lab.lastAttemptAt)} UTC</td>
            </tr>
          ))}
        </ClassroomTable>
      )}
      {reports.attempts.map((attempt) => (
        <ReportView key={attempt.id} report={attempt.report} submittedAt={attempt.submittedAt} />
      ))}
      <PageLinks page={reports.page} hasMore={reports.hasMore} href={(p) => `/progress?page=${p}`} />

      {classroom ? (
        <>
          <h2>Cohorts</h2>
          {cohorts.length === 0 ? (
            <p>You are not in a cohort yet.</p>
          ) : (
            <ul>
              {cohorts.map((c) => (
                <li key={c.id}>
                  {c.name}{" "}
                  <span className="muted">
                    ({c.role}
                    {c.joinCode ? `, join code ${c.joinCode}` : ""})
                  </span>
                </li>
              ))}
            </ul>
          )}
          <JsonForm
            action="/api/cohorts/join"
            fields={[{ name: "code", label: "Join code from your instructor" }]}
            submitLabel="Join cohort"
            after={{ kind: "reload" }}
          />

          <h2>API tokens (for the CLI)</h2>
          <p className="muted">
            A token lets <code>clusterlab</code> submit your graded lab attempts. It can do nothing else.
          </p>
          <JsonForm
            action="/api/tokens"
            fields={[{ name: "name", label: "Name (e.g. laptop)" }]}
            submitLabel="Create token"
            after={{ kind: "show-token" }}
          />
          {tokens.length > 0 ? (
            <ClassroomTable columns={["Name", "Token", "Created", "Last used", ""]}>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>
                    <code>{t.displayPrefix}…</code>
                  </td>
                  <td>{utcDay(t.createdAt)}</td>
                  <td>{t.lastUsedAt ? utcMinute(t.lastUsedAt) : "never"}</td>
                  <td>
                    {t.revokedAt ? (
                      "revoked"
                    ) : (
                      <ApiButton action={`/api/tokens/${t.id}`} method="DELETE" label="Revoke" />
                    )}
                  </td>
                </tr>
              ))}
            </ClassroomTable>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
