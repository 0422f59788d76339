/**
 * CSV exports for instructors (RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or
 * line break). Learner-controlled text (names, observed values) is neutralised against spreadsheet
 * formula injection: a cell starting with = + - @ TAB or CR is prefixed with a quote, which Excel,
 * LibreOffice and Sheets all show as text.
 */
import type { AttemptRecord } from "../attempt-types";
import type { CohortMatrix } from "../analytics";

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "number" ? String(value) : value;
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(
  header: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string | number | null>>,
): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/**
 * One row per learner; per lab: best score, max, last attempt time, pinned content hash; lessons done count; then,
 * per module with an assessment column: best, max, passed, attempts.
 */
export function matrixToCsv(matrix: CohortMatrix): string {
  const header = ["learner", "email", "lessons_done"];
  for (const labId of matrix.labIds)
    header.push(`${labId}:best`, `${labId}:max`, `${labId}:last_attempt`, `${labId}:content_hash`);
  const assessments = assessmentMatrixColumns(matrix);
  header.push(...assessments.header);
  const rows = matrix.rows.map((row) => {
    const cells: Array<string | number | null> = [row.learner.name, row.learner.email, row.lessonsDone.size];
    for (const labId of matrix.labIds) {
      const lab = row.labs.get(labId);
      cells.push(
        lab?.bestScore ?? null,
        lab?.maxScore ?? null,
        lab?.lastAttemptAt.toISOString() ?? null,
        lab?.pinnedContentHash ?? null,
      );
    }
    cells.push(...assessments.cells(row));
    return cells;
  });
  return toCsv(header, rows);
}

/** One row per attempt, for spreadsheets and grade books. */
export function attemptsToCsv(attempts: ReadonlyArray<AttemptRecord>): string {
  const header = [
    "attempt_id",
    "learner",
    "email",
    "lab",
    "content_hash",
    "runtime",
    "score",
    "max_score",
    "checks_passed",
    "checks_total",
    "started_at",
    "finished_at",
    "submitted_at",
  ];
  const rows = attempts.map((a) => [
    a.id,
    a.learner.name,
    a.learner.email,
    a.labId,
    a.contentHash,
    a.runtime,
    a.score,
    a.maxScore,
    a.checks.filter((c) => c.status === "pass").length,
    a.checks.length,
    a.startedAt.toISOString(),
    a.finishedAt.toISOString(),
    a.submittedAt.toISOString(),
  ]);
  return toCsv(header, rows);
}

/** The matrix CSV's extra columns, per assessed module: best, max, passed (yes/no), attempts. */
export function assessmentMatrixColumns(matrix: CohortMatrix): {
  header: string[];
  cells: (row: CohortMatrix["rows"][number]) => Array<string | number | null>;
} {
  const ids = matrix.assessmentModuleIds ?? [];
  return {
    header: ids.flatMap((id) => [
      `assessment:${id}:best`,
      `assessment:${id}:max`,
      `assessment:${id}:passed`,
      `assessment:${id}:attempts`,
    ]),
    cells: (row) =>
      ids.flatMap((id) => {
        const s = row.assessments?.get(id);
        return s ? [s.best.score, s.best.maxScore, s.firstPassedAt ? "yes" : "no", s.attempts] : [null, null, null, 0];
      }),
  };
}
