/**
 * The Prisma client type the classroom repositories take as their first argument. The app passes lib/db's
 * singleton; tests pass a client on their own SQLite file or PostgreSQL database (a client generated for
 * PostgreSQL has the same models, so this type describes it too).
 */
import type { PrismaClient } from "@/generated/prisma/client";

export type ClassroomDb = PrismaClient;

/** A unique-constraint violation (Prisma P2002), detected by code so it works for either generated client. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2002"
  );
}
