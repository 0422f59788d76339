/** Lesson frontmatter: validated with zod so a typo fails the content tests and `next build`, naming the file. */
import { z } from "zod";
import { isKnownLabId, KNOWN_LAB_IDS } from "./labs";
import { quizSchema } from "./quiz";

export const lessonFrontmatterSchema = z.strictObject({
  title: z.string().min(3),
  summary: z.string().min(10),
  objectives: z.array(z.string().min(3)).min(1, "list at least one learning objective"),
  minutes: z.number().int().min(1).max(240),
  lab: z
    .string()
    .refine(isKnownLabId, {
      error: (issue) => `unknown lab id "${String(issue.input)}"; known: ${KNOWN_LAB_IDS.join(", ")}`,
    })
    .optional(),
  /** Source sections this lesson covers (used by the coverage table in content/README.md). */
  covers: z.array(z.string().min(1)).default([]),
  quiz: quizSchema,
});

export type LessonFrontmatter = z.infer<typeof lessonFrontmatterSchema>;

/** The module assessment: how many questions each lesson contributes to a draw, and the pass mark in percent. */
export const assessmentSettingsSchema = z.strictObject({
  questionsPerLesson: z.number().int().min(1).max(10).default(2),
  passPercent: z.number().int().min(1).max(100).default(75),
});

/** A module's reference page (content/<module>/reference/<slug>.mdx): read-alongside material, no quiz, no progress. */
export const referencePageFrontmatterSchema = z.strictObject({
  title: z.string().min(3),
  summary: z.string().min(10),
});

export type ReferencePageFrontmatter = z.infer<typeof referencePageFrontmatterSchema>;

export const moduleMetaSchema = z.strictObject({
  title: z.string().min(3),
  summary: z.string().min(10),
  attribution: z.string().min(10),
  assessment: assessmentSettingsSchema.default({ questionsPerLesson: 2, passPercent: 75 }),
});

export type ModuleMeta = z.infer<typeof moduleMetaSchema>;

/** Turns zod issues into one line per problem: `quiz.2.choices: ...`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join(".") : "(frontmatter)"}: ${i.message}`).join("; ");
}
