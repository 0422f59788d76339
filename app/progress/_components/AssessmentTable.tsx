/**
 * /progress: the learner's module assessments (best, last, passed), with a link to take each one. A server
 * component that loads its own data, so the progress page only gains one line.
 */
import { getApiContext } from "@/app/api/_shared/context";
import { loadCatalog } from "@/lib/content";
import { getAssessmentStandings } from "@/lib/progress/assessments";
import { ClassroomTable, utcDay } from "./ClassroomTable";

export async function AssessmentTable({ userId }: { userId: string }) {
  const standings = await getAssessmentStandings(getApiContext().db, userId);
  const modules = loadCatalog().modules;
  return (
    <ClassroomTable columns={["Module", "Result", "Best", "Last", "Attempts"]}>
      {modules.map((m) => {
        const s = standings.get(m.id);
        return (
          <tr key={m.id} data-testid={`assessment-row-${m.id}`}>
            <td>
              <a href={`${m.href}/assessment`}>{m.title}</a>
            </td>
            <td>{s ? (s.firstPassedAt ? `passed ${utcDay(s.firstPassedAt)}` : "not passed yet") : "not taken"}</td>
            <td>{s ? `${s.best.score}/${s.best.maxScore}` : "—"}</td>
            <td>{s ? `${s.last.score}/${s.last.maxScore}${s.last.passed ? " (pass)" : ""}` : "—"}</td>
            <td>{s?.attempts ?? 0}</td>
          </tr>
        );
      })}
    </ClassroomTable>
  );
}
