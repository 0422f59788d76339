/**
 * What the console streams to the page (server-sent events). Validated with zod on the browser side too, so
 * the page never renders a shape it did not expect.
 */
import { z } from "zod";
import { checkResultSchema, labReportSchema } from "@/lib/grading/report";

export const CONSOLE_ACTIONS = ["init", "solve", "reset", "up", "check", "down"] as const;
export const consoleActionSchema = z.enum(CONSOLE_ACTIONS);
export type ConsoleAction = z.infer<typeof consoleActionSchema>;

/** What an operation in the event stream was: one of the actions, or an operation on one node (stop, start, …). */
export const consoleOperationKindSchema = z.enum([...CONSOLE_ACTIONS, "node"]);
export type ConsoleOperationKind = z.infer<typeof consoleOperationKindSchema>;

export const consoleEventSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("started"),
    seq: z.number().int(),
    operation: z.string(),
    action: consoleOperationKindSchema,
    at: z.string(),
  }),
  z.object({ type: z.literal("progress"), seq: z.number().int(), operation: z.string(), line: z.string() }),
  z.object({ type: z.literal("result"), seq: z.number().int(), operation: z.string(), result: checkResultSchema }),
  z.object({ type: z.literal("report"), seq: z.number().int(), operation: z.string(), report: labReportSchema }),
  z.object({
    type: z.literal("finished"),
    seq: z.number().int(),
    operation: z.string(),
    action: consoleOperationKindSchema,
    outcome: z.enum(["ok", "failed", "cancelled"]),
    message: z.string().nullable(),
  }),
]);
export type ConsoleEvent = z.infer<typeof consoleEventSchema>;

/** An event before the hub numbers it. */
export type ConsoleEventInput = ConsoleEvent extends infer E
  ? E extends { seq: number; operation: string }
    ? Omit<E, "seq" | "operation">
    : never
  : never;
