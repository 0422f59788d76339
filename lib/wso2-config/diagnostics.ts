/**
 * Small helpers to build positioned diagnostics. Every parser reports problems through these so the
 * shape (1-based line and column, file relative to the Carbon home) is the same everywhere.
 */
import type { Diagnostic, Severity } from "./model";

export type Position = { line: number; column: number };

/** Where a problem is when no better position is known: the start of the file. */
export const FILE_START: Position = { line: 1, column: 1 };

export function diagnostic(
  severity: Severity,
  code: string,
  file: string,
  at: Position,
  message: string,
  key?: string,
): Diagnostic {
  return key === undefined
    ? { severity, code, file, line: at.line, column: at.column, message }
    : { severity, code, file, line: at.line, column: at.column, key, message };
}

/** What every lower-level parser returns: the facts as written, its problems, and where each fact was. */
export type ParseResult<Raw> = {
  raw: Raw;
  diagnostics: Array<Diagnostic>;
  /** Where each fact was written (`localMemberPort`, `members[0].port`, `properties.x`, ...). */
  positions: Record<string, Position>;
};
