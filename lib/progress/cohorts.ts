/** Cohorts, enrolment by join code, and who may see whom. */
import { generateJoinCode } from "@/lib/auth/join-code";
import { cohortRoleSchema, isStaff, type CohortRole } from "@/lib/auth/roles";
import type { AccountUser } from "./accounts";
import type { LearnerRef } from "./attempt-types";
import { isUniqueViolation, type ClassroomDb } from "./db-types";

export type CohortSummary = {
  id: string;
  name: string;
  joinCode: string | null;
  role: CohortRole | "admin";
  members: number;
};

const JOIN_CODE_RETRIES = 5;

/** The creator is enrolled as the cohort's instructor. A join-code collision (≈ 1 in 10^12) is retried. */
export async function createCohort(
  db: ClassroomDb,
  creatorId: string,
  name: string,
): Promise<{ id: string; name: string; joinCode: string }> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.cohort.create({
        data: {
          name,
          joinCode: generateJoinCode(),
          enrollments: { create: { userId: creatorId, role: "instructor" } },
        },
        select: { id: true, name: true, joinCode: true },
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= JOIN_CODE_RETRIES) throw error;
    }
  }
}

export type JoinOutcome =
  { status: "joined" | "already-member"; cohort: { id: string; name: string } } | { status: "unknown-code" };

export async function joinCohort(db: ClassroomDb, userId: string, joinCode: string): Promise<JoinOutcome> {
  const cohort = await db.cohort.findUnique({ where: { joinCode }, select: { id: true, name: true } });
  if (!cohort) return { status: "unknown-code" };
  try {
    await db.enrollment.create({ data: { cohortId: cohort.id, userId, role: "learner" } });
    return { status: "joined", cohort };
  } catch (error) {
    if (isUniqueViolation(error)) return { status: "already-member", cohort };
    throw error;
  }
}

/**
 * Cohorts the user belongs to; admins see every cohort. Join codes only for the cohort's instructors and admins, and
 * only while the account is still an instructor (security review L10: a demoted instructor keeps the enrolment row).
 */
export async function listCohortsFor(db: ClassroomDb, user: AccountUser): Promise<Array<CohortSummary>> {
  if (user.role === "admin") {
    const cohorts = await db.cohort.findMany({
      orderBy: { createdAt: "asc" },
      select: { id: true, name: true, joinCode: true, _count: { select: { enrollments: true } } },
    });
    return cohorts.map((c) => ({
      id: c.id,
      name: c.name,
      joinCode: c.joinCode,
      role: "admin",
      members: c._count.enrollments,
    }));
  }
  const enrollments = await db.enrollment.findMany({
    where: { userId: user.id },
    orderBy: { createdAt: "asc" },
    select: {
      role: true,
      cohort: { select: { id: true, name: true, joinCode: true, _count: { select: { enrollments: true } } } },
    },
  });
  return enrollments.map((e) => {
    const role = cohortRoleSchema.safeParse(e.role).data ?? "learner";
    const seesCode = role === "instructor" && isStaff(user.role);
    return {
      id: e.cohort.id,
      name: e.cohort.name,
      joinCode: seesCode ? e.cohort.joinCode : null,
      role,
      members: e.cohort._count.enrollments,
    };
  });
}

/**
 * Whether `user` may see the cohort's instructor views: admins always; otherwise a global instructor who is
 * enrolled as instructor in THIS cohort (an instructor of another cohort sees nothing here).
 */
export async function canInstructCohort(db: ClassroomDb, user: AccountUser, cohortId: string): Promise<boolean> {
  if (user.role === "admin") return (await db.cohort.count({ where: { id: cohortId } })) > 0;
  if (user.role !== "instructor") return false;
  const enrollment = await db.enrollment.findUnique({
    where: { cohortId_userId: { cohortId, userId: user.id } },
    select: { role: true },
  });
  return enrollment?.role === "instructor";
}

export async function getCohort(
  db: ClassroomDb,
  cohortId: string,
): Promise<{ id: string; name: string; joinCode: string } | undefined> {
  return (
    (await db.cohort.findUnique({ where: { id: cohortId }, select: { id: true, name: true, joinCode: true } })) ??
    undefined
  );
}

export async function listCohortLearners(db: ClassroomDb, cohortId: string): Promise<Array<LearnerRef>> {
  const rows = await db.enrollment.findMany({
    where: { cohortId, role: "learner" },
    select: { user: { select: { id: true, email: true, name: true } } },
  });
  return rows.map((r) => ({ id: r.user.id, email: r.user.email ?? "", name: r.user.name }));
}

export async function isCohortLearner(db: ClassroomDb, cohortId: string, userId: string): Promise<boolean> {
  const enrollment = await db.enrollment.findUnique({
    where: { cohortId_userId: { cohortId, userId } },
    select: { role: true },
  });
  return enrollment?.role === "learner";
}

/** Lessons completed, per learner, for the matrix's lesson columns (read-only use of LessonProgress). */
export async function lessonsDoneByLearners(
  db: ClassroomDb,
  userIds: ReadonlyArray<string>,
): Promise<Map<string, Set<string>>> {
  const rows = await db.lessonProgress.findMany({
    where: { userId: { in: [...userIds] } },
    select: { userId: true, lessonSlug: true },
  });
  const done = new Map<string, Set<string>>();
  for (const row of rows) {
    const set = done.get(row.userId) ?? new Set<string>();
    set.add(row.lessonSlug);
    done.set(row.userId, set);
  }
  return done;
}

export type QuizSummary = { quizzes: number; bestScore: number; maxScore: number };

/**
 * Lesson quizzes per learner for the instructor matrix (security review M2: now that quiz attempts belong to each
 * learner, instructors see them): how many quizzes each learner answered and the sum of their best scores.
 */
export async function quizzesByLearners(
  db: ClassroomDb,
  userIds: ReadonlyArray<string>,
): Promise<Map<string, QuizSummary>> {
  const rows = await db.quizAttempt.groupBy({
    by: ["userId", "lessonSlug", "quizId", "maxScore"],
    where: { userId: { in: [...userIds] } },
    _max: { score: true },
  });
  const summary = new Map<string, QuizSummary>();
  for (const row of rows) {
    const s = summary.get(row.userId) ?? { quizzes: 0, bestScore: 0, maxScore: 0 };
    // A quiz whose length changed has one group per maxScore: each counts with its own best.
    s.quizzes += 1;
    s.bestScore += row._max.score ?? 0;
    s.maxScore += row.maxScore;
    summary.set(row.userId, s);
  }
  return summary;
}
