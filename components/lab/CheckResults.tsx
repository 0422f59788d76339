"use client";
/**
 * Check results as they arrive: status, points, the evidence (expected, observed, log lines) and the hint
 * ladder revealed one rung at a time (nudge, then the lesson, then the fix), as the grading ADR asks.
 */
import { useState } from "react";
import { InlineCode } from "@/components/ui/InlineCode";
import { LessonReference } from "@/components/ui/LessonReference";
import type { CheckResult, LabReport } from "@/lib/grading/report";

const STATUS_LABEL: Record<CheckResult["status"], string> = {
  pass: "PASS",
  fail: "FAIL",
  error: "ERROR",
  skipped: "SKIPPED",
};

function HintLadder({ hint }: { hint: NonNullable<CheckResult["hint"]> }) {
  const rungs = [
    { label: "Hint", text: hint.nudge },
    ...(hint.lesson ? [{ label: "Read", text: hint.lesson }] : []),
    ...(hint.fix ? [{ label: "Fix", text: hint.fix }] : []),
  ];
  const [shown, setShown] = useState(1);
  return (
    <div className="hint-ladder">
      {rungs.slice(0, shown).map((r) => (
        <p key={r.label} className="hint">
          <strong>{r.label}:</strong>{" "}
          <span className="pre-line">
            {r.label === "Read" ? <LessonReference text={r.text} /> : <InlineCode text={r.text} />}
          </span>
        </p>
      ))}
      {shown < rungs.length ? (
        <button type="button" className="secondary" onClick={() => setShown(shown + 1)}>
          Show {rungs[shown]?.label === "Fix" ? "the fix" : "where the lesson explains it"}
        </button>
      ) : null}
    </div>
  );
}

export function CheckResults({ results, report }: { results: ReadonlyArray<CheckResult>; report: LabReport | null }) {
  if (results.length === 0 && !report)
    return <p className="muted">No check has run yet. Press “Check” to grade the workspace.</p>;
  const shown = report?.checks ?? results;
  return (
    <div>
      {report ? (
        <p className={`score ${report.score === report.maxScore ? "ok" : ""}`} data-testid="score">
          Score: {report.score}/{report.maxScore}
        </p>
      ) : (
        <p className="muted">
          Checking… {results.length} result{results.length === 1 ? "" : "s"} so far.
        </p>
      )}
      <ol className="check-list">
        {shown.map((r) => (
          <li key={r.id} className={`check check-${r.status}`} data-check={r.id} data-status={r.status}>
            <div className="check-head">
              <span className={`status status-${r.status}`}>{STATUS_LABEL[r.status]}</span> <strong>{r.title}</strong>{" "}
              <span className="muted">
                ({r.points}/{r.maxPoints})
              </span>
            </div>
            {r.status !== "pass" ? (
              <dl className="evidence">
                <dt>Expected</dt>
                <dd>{r.evidence.expected}</dd>
                <dt>Observed</dt>
                <dd>{r.evidence.observed}</dd>
              </dl>
            ) : (
              <p className="evidence-pass muted">{r.evidence.observed}</p>
            )}
            {r.evidence.log && r.evidence.log.length > 0 ? (
              <details>
                <summary>
                  Evidence log ({r.evidence.log.length} line{r.evidence.log.length === 1 ? "" : "s"})
                </summary>
                <pre className="log">{r.evidence.log.join("\n")}</pre>
              </details>
            ) : null}
            {r.hint ? <HintLadder hint={r.hint} /> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
