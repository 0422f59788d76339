/** zod schemas for every classroom API body and query: strict objects, bounded strings, no control characters. */
import { z } from "zod";
import { passwordSchema } from "@/lib/auth/password";
import { roleSchema } from "@/lib/auth/roles";

const noControlChars = (value: string) => !/[\u0000-\u001f\u007f]/.test(value);

export const displayNameSchema = z
  .string({ error: "must be a string" })
  .trim()
  .min(1, "must not be empty")
  .max(100, "must be at most 100 characters")
  .refine(noControlChars, "must not contain control characters");

export const emailSchema = z.email({ error: "must be an email address" }).max(254, "must be at most 254 characters");

export const signupSchema = z.strictObject({ email: emailSchema, name: displayNameSchema, password: passwordSchema });
export const loginSchema = z.strictObject({
  email: z.string({ error: "must be a string" }).min(1, "must not be empty").max(254, "must be at most 254 characters"),
  password: z
    .string({ error: "must be a string" })
    .min(1, "must not be empty")
    .max(256, "must be at most 256 characters"),
});
export const createTokenSchema = z.strictObject({ name: displayNameSchema });
export const createCohortSchema = z.strictObject({ name: displayNameSchema });
export const joinCohortSchema = z.strictObject({
  code: z.string({ error: "must be a string" }).max(32, "must be at most 32 characters"),
});
export const setRoleSchema = z.strictObject({ role: roleSchema });

/** Route ids are cuids; anything else cannot exist, so it is refused before a query. */
export const idParamSchema = z.string().regex(/^[a-z0-9]{20,32}$/, "is not an id");

/** `?page=` of paginated reads: 1-based, bounded so `skip` stays cheap. */
export const pageParamSchema = z.coerce
  .number({ error: "page must be a number" })
  .int("page must be a whole number")
  .min(1, "page starts at 1")
  .max(1000, "page must be at most 1000");

export function readPageParam(value: string | null | undefined): number {
  const parsed = pageParamSchema.safeParse(value ?? "1");
  return parsed.success ? parsed.data : 1;
}

export const csvKindSchema = z.enum(["matrix", "attempts", "assessments"], {
  error: "kind must be matrix, attempts or assessments",
});
