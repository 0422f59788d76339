/**
 * One stored lab attempt: score, and per check its status, evidence (expected vs observed, log) and hint. Scores are
 * self-reported by the learner's CLI (security review M6), so the summary says so, with where the workspace came from.
 */
import { readStoredReport } from "@/lib/grading/stored-report";
import { InlineCode } from "@/components/ui/InlineCode";
import { LessonReference } from "@/components/ui/LessonReference";
import { ClassroomTable, utcMinute } from "./ClassroomTable";

const STATUS_LABEL = { pass: "PASS", fail: "FAIL", error: "ERROR", skipped: "SKIPPED" } as const;
const SOURCE_LABEL = {
  starter: "untouched starter",
  edited: "edited workspace",
  solution: "SOLUTION RUN (lab solve)",
} as const;

export function ReportView({ report, submittedAt }: { report: unknown; submittedAt: Date }) {
  const parsed = readStoredReport(report);
  if (!parsed.ok)
    return <p className="error">This stored report cannot be read (it predates the current report format).</p>;
  const r = parsed.report;
  return (
    <details>
      <summary>
        {r.lab}: {r.score}/{r.maxScore} points, finished {utcMinute(new Date(r.finishedAt))} UTC ({r.runtime}
        {", recorded "}
        {utcMinute(submittedAt)} UTC) · self-reported{r.workspaceSource ? `, ${SOURCE_LABEL[r.workspaceSource]}` : ""}
      </summary>
      <ClassroomTable columns={["Check", "Result", "Points", "Evidence", "Hint"]}>
        {r.checks.map((check) => (
          <tr key={check.id}>
            <td>{check.title}</td>
            <td>{STATUS_LABEL[check.status]}</td>
            <td>
              {check.points}/{check.maxPoints}
            </td>
            <td>
              <div>expected: {check.evidence.expected}</div>
              <div>observed: {check.evidence.observed}</div>
              {check.evidence.log && check.evidence.log.length > 0 ? (
                <pre>{check.evidence.log.slice(-10).join("\n")}</pre>
              ) : null}
            </td>
            <td>
              {check.hint ? (
                <>
                  <div>
                    <InlineCode text={check.hint.nudge} />
                  </div>
                  {check.hint.lesson ? (
                    <div>
                      Read: <LessonReference text={check.hint.lesson} />
                    </div>
                  ) : null}
                  {check.hint.fix ? (
                    <div>
                      Fix: <InlineCode text={check.hint.fix} />
                    </div>
                  ) : null}
                </>
              ) : null}
            </td>
          </tr>
        ))}
      </ClassroomTable>
      <p className="muted">
        Content hash {r.contentHash.slice(0, 12)}…
        {r.configHash ? ` · workspace files ${r.configHash.slice(0, 12)}…` : ""}
      </p>
    </details>
  );
}
