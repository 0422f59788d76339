/**
 * Lab attempts: storing a validated grading report (attempt + one CheckResult per check in ONE
 * transaction, idempotent on the submission id) and reading attempts back as AttemptRecord.
 */
import type { LabReport } from "@/lib/grading";
import { checkStatusSchema, type AttemptRecord, type CheckOutcome, type CheckStatus } from "./attempt-types";
import { isUniqueViolation, type ClassroomDb } from "./db-types";

/** Observed values are kept for analytics ("most common observed"); the full text stays in the report JSON. */
export const OBSERVED_MAX_CHARS = 500;

export type StoredAttempt = { attemptId: string; duplicate: boolean };

export type CheckResultColumns = {
  checkId: string;
  status: CheckStatus;
  points: number;
  maxPoints: number;
  observed: string;
};

/**
 * The CheckResult values of each check in a report, in report order (besides the row's id and its attempt's
 * labId). Prisma here and the raw SQL writers of submission-store.ts store exactly these.
 */
export function checkResultColumns(report: LabReport): Array<CheckResultColumns> {
  return report.checks.map((check) => ({
    checkId: check.id,
    status: check.status,
    points: check.points,
    maxPoints: check.maxPoints,
    observed: check.evidence.observed.slice(0, OBSERVED_MAX_CHARS),
  }));
}

export async function recordLabAttempt(
  db: ClassroomDb,
  userId: string,
  submissionId: string,
  report: LabReport,
): Promise<StoredAttempt> {
  try {
    // A nested create is one transaction: the attempt and all its check rows are stored, or none.
    const attempt = await db.labAttempt.create({
      data: {
        userId,
        submissionId,
        labId: report.lab,
        contentHash: report.contentHash,
        runtime: report.runtime,
        score: report.score,
        maxScore: report.maxScore,
        startedAt: new Date(report.startedAt),
        finishedAt: new Date(report.finishedAt),
        report,
        workspaceSource: report.workspaceSource ?? null,
        configHash: report.configHash ?? null,
        checks: {
          create: checkResultColumns(report).map((columns) => ({ labId: report.lab, ...columns })),
        },
      },
      select: { id: true },
    });
    return { attemptId: attempt.id, duplicate: false };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // The same submission again (a retry after a lost acknowledgement): answer with the stored attempt.
    const existing = await db.labAttempt.findUnique({
      where: { userId_submissionId: { userId, submissionId } },
      select: { id: true },
    });
    if (!existing) throw error;
    return { attemptId: existing.id, duplicate: true };
  }
}

const attemptSelect = {
  id: true,
  labId: true,
  contentHash: true,
  runtime: true,
  score: true,
  maxScore: true,
  startedAt: true,
  finishedAt: true,
  submittedAt: true,
  workspaceSource: true,
  configHash: true,
  user: { select: { id: true, email: true, name: true } },
  checks: {
    select: { checkId: true, status: true, points: true, maxPoints: true, observed: true },
    orderBy: { id: "asc" },
  },
} as const;

/**
 * An attempt as `attemptSelect` reads it: the AttemptRecord columns, with the learner as the stored user (email
 * may be null) and checks as stored (no title, status as written).
 */
type AttemptRow = Omit<AttemptRecord, "learner" | "checks"> & {
  user: { id: string; email: string | null; name: string };
  checks: Array<Omit<CheckOutcome, "title" | "status"> & { status: string }>;
};

function toRecord(row: AttemptRow, titles: ReadonlyMap<string, string>): AttemptRecord {
  return {
    id: row.id,
    learner: { id: row.user.id, email: row.user.email ?? "", name: row.user.name },
    labId: row.labId,
    contentHash: row.contentHash,
    runtime: row.runtime,
    score: row.score,
    maxScore: row.maxScore,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    submittedAt: row.submittedAt,
    workspaceSource: row.workspaceSource,
    configHash: row.configHash,
    checks: row.checks.map((c): CheckOutcome => ({
      checkId: c.checkId,
      title: titles.get(`${row.labId}\u0000${c.checkId}`) ?? c.checkId,
      status: toStatus(c.status),
      points: c.points,
      maxPoints: c.maxPoints,
      observed: c.observed,
    })),
  };
}

// A status this code does not know (a row written by a newer version) reads as "error", never as a pass.
const storedStatusSchema = checkStatusSchema.catch("error");

function toStatus(value: string): CheckStatus {
  return storedStatusSchema.parse(value);
}

/** Check titles by `${labId}\0${checkId}`, from the lab catalogue (titles are not stored per row). */
export type CheckTitles = ReadonlyMap<string, string>;

export async function listAttemptsOfUsers(
  db: ClassroomDb,
  userIds: ReadonlyArray<string>,
  titles: CheckTitles = new Map(),
): Promise<Array<AttemptRecord>> {
  if (userIds.length === 0) return [];
  const rows = await db.labAttempt.findMany({
    where: { userId: { in: [...userIds] } },
    orderBy: [{ finishedAt: "asc" }, { id: "asc" }],
    select: attemptSelect,
  });
  return rows.map((row) => toRecord(row, titles));
}

/** The full stored report of one attempt (evidence and hints for the drill-down and /progress). */
export async function getAttemptReport(
  db: ClassroomDb,
  attemptId: string,
): Promise<{ userId: string; report: unknown } | undefined> {
  const row = await db.labAttempt.findUnique({ where: { id: attemptId }, select: { userId: true, report: true } });
  return row ?? undefined;
}

/** Full reports are large (evidence): views read them a page at a time, newest first (security review M8). */
export const REPORTS_PAGE_SIZE = 20;

export type ReportPage = {
  attempts: Array<{ id: string; submittedAt: Date; report: unknown }>;
  page: number;
  pageSize: number;
  hasMore: boolean;
};

/** Page `page` (1-based) of a learner's stored reports, newest first. */
export async function listAttemptReportsOfUser(db: ClassroomDb, userId: string, page = 1): Promise<ReportPage> {
  const current = Math.max(1, Math.floor(page));
  const rows = await db.labAttempt.findMany({
    where: { userId },
    orderBy: [{ finishedAt: "desc" }, { id: "desc" }],
    skip: (current - 1) * REPORTS_PAGE_SIZE,
    // One more than a page tells whether there is a next one without counting.
    take: REPORTS_PAGE_SIZE + 1,
    select: { id: true, submittedAt: true, report: true },
  });
  return {
    attempts: rows.slice(0, REPORTS_PAGE_SIZE),
    page: current,
    pageSize: REPORTS_PAGE_SIZE,
    hasMore: rows.length > REPORTS_PAGE_SIZE,
  };
}

/** How many attempts a learner stored in all, and since `since` (the submission quota and rate, security review M8). */
export async function countSubmissionsOf(
  db: ClassroomDb,
  userId: string,
  since: Date,
): Promise<{ total: number; recent: number }> {
  const [total, recent] = await Promise.all([
    db.labAttempt.count({ where: { userId } }),
    db.labAttempt.count({ where: { userId, submittedAt: { gt: since } } }),
  ]);
  return { total, recent };
}

export async function countAttempts(db: ClassroomDb): Promise<number> {
  return db.labAttempt.count();
}
