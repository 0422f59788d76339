/** One learner's module assessment in the instructor matrix: best score, passed or not, attempts. */
import type { AssessmentStanding } from "@/lib/progress/assessments";
import { utcDay } from "./ClassroomTable";

export function AssessmentCell({ standing }: { standing: AssessmentStanding | undefined }) {
  if (!standing) {
    return (
      <td>
        <span className="muted">—</span>
      </td>
    );
  }
  return (
    <td>
      <strong>
        {standing.best.score}/{standing.best.maxScore}
      </strong>
      <div className="muted">{standing.firstPassedAt ? `passed ${utcDay(standing.firstPassedAt)}` : "not passed"}</div>
      <div className="muted">{standing.attempts} attempt(s)</div>
    </td>
  );
}
