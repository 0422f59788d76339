/**
 * The console's state wire shape (GET /api/labs/<lab>/state and the lint part of a file save), shared by the server
 * route, which builds it, and the page, which validates it (zod only: safe to bundle for the browser). One schema, so a
 * field the server adds or renames is a type error on the server side instead of a page that silently shows nothing
 * (architecture review §4.6).
 */
import { z } from "zod";

export const EDITOR_LANGUAGES = ["toml", "xml", "nginx", "sql", "properties", "text"] as const;
export type EditorLanguage = (typeof EDITOR_LANGUAGES)[number];

/** What the editor shows of a static-check diagnostic (lib/wso2-config/model's Diagnostic carries these and more). */
const consoleDiagnosticSchema = z.object({
  severity: z.enum(["error", "warning", "info"]),
  code: z.string(),
  file: z.string(),
  line: z.number(),
  column: z.number(),
  message: z.string(),
});

export const lintViewSchema = z.union([
  z.object({ available: z.literal(true), diagnostics: z.array(consoleDiagnosticSchema) }),
  z.object({ available: z.literal(false), reason: z.string() }),
]);
export type LintViewWire = z.infer<typeof lintViewSchema>;

export const consoleStateSchema = z.object({
  lab: z.string(),
  workspace: z.string(),
  initialised: z.boolean(),
  source: z.enum(["starter", "solution"]).nullable(),
  files: z.array(z.object({ path: z.string(), language: z.enum(EDITOR_LANGUAGES) })),
  lint: lintViewSchema,
  /** endpoints: node -> container port -> "127.0.0.1:<host port>", as `lab status` prints them (they change on every up). */
  session: z
    .object({
      session: z.string(),
      runtime: z.string(),
      startedAt: z.string(),
      endpoints: z.record(z.string(), z.record(z.string(), z.string())).default({}),
    })
    .nullable(),
  running: z.object({ operation: z.string(), action: z.string(), startedAt: z.string() }).nullable(),
});
/** What the server sends (endpoints always present); the page reads it through consoleStateSchema. */
export type ConsoleStateWire = z.input<typeof consoleStateSchema>;
export type ConsoleState = z.infer<typeof consoleStateSchema>;
