/**
 * Small helpers the lab checks share for reading a training node's JSON answers and for keeping the data of
 * separate grading runs apart.
 */
import type { z } from "zod";

/** Parse a response body against a schema; null when it is not JSON or not of that shape (the check reports it as evidence). */
export function parseJsonAs<T>(schema: z.ZodType<T>, text: string): T | null {
  try {
    const result = schema.safeParse(JSON.parse(text));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

/** A unique suffix per grading run, so repeated checks on one cluster never read an earlier run's data. */
export function runTag(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}
