/**
 * The tables of the progress pages: one header row from `columns`, then the caller's rows. Also the two
 * timestamp formats those tables show (UTC, so server and learner agree).
 */
import type { ReactNode } from "react";

export function ClassroomTable({ columns, children }: { columns: ReadonlyArray<string>; children: ReactNode }) {
  return (
    <table className="classroom-table">
      <thead>
        <tr>
          {columns.map((column, index) => (column ? <th key={column}>{column}</th> : <th key={`blank-${index}`} />))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** 2026-11-28 */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** 2026-11-28 06:41 */
export function utcMinute(date: Date): string {
  return date.toISOString().slice(0, 16).replace("T", " ");
}
