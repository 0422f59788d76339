/**
 * Roles. A user's global role: learner | instructor | admin. Being an instructor is not enough to see a
 * learner: the instructor must also be enrolled as instructor in a cohort the learner belongs to
 * (admins see everything). The per-cohort part is decided in lib/progress/access.ts against the DB.
 */
import { z } from "zod";

export const roleSchema = z.enum(["learner", "instructor", "admin"]);
export type Role = z.infer<typeof roleSchema>;

export const cohortRoleSchema = z.enum(["learner", "instructor"]);
export type CohortRole = z.infer<typeof cohortRoleSchema>;

export function isStaff(role: Role): boolean {
  return role === "instructor" || role === "admin";
}
