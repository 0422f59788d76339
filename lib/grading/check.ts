/**
 * `defineCheck`: how a lab declares one graded step. A check is data (id, title, points, a hint ladder)
 * plus `run(ctx)`, which looks at the learner's running cluster and answers with a status and evidence.
 *
 * Status semantics are the heart of honest grading:
 * - `pass` / `fail` are verdicts about the LEARNER's work (fail = something they must change);
 * - `error` means OUR side broke (a probe could not run, the engine went away): never the learner's fault;
 * - `skipped` means the check did not run because something it needs did not pass.
 */
import { z } from "zod";

export const checkStatusSchema = z.enum(["pass", "fail", "error", "skipped"]);
export type CheckStatus = z.infer<typeof checkStatusSchema>;

/**
 * Bounds on one check's evidence (security review M8): a report is stored per attempt and read back on every view, so
 * its size is bounded by the schema; the runner cuts evidence to these bounds (capEvidence) before validating.
 */
export const EVIDENCE_LIMITS = { expectedChars: 1_000, observedChars: 2_000, logLines: 40, logLineChars: 500 } as const;

export const evidenceSchema = z.object({
  /** What a correct cluster shows, in the learner's words (e.g. "responses from node1 and node2"). */
  expected: z.string().max(EVIDENCE_LIMITS.expectedChars),
  /** What this cluster showed. */
  observed: z.string().max(EVIDENCE_LIMITS.observedChars),
  /** Supporting lines (probe transcript, node log tail), newest last. */
  log: z.array(z.string().max(EVIDENCE_LIMITS.logLineChars)).max(EVIDENCE_LIMITS.logLines).optional(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Evidence within EVIDENCE_LIMITS: long texts end in "…", and the log keeps its newest lines. */
export function capEvidence(evidence: Evidence): Evidence {
  return {
    expected: cut(evidence.expected, EVIDENCE_LIMITS.expectedChars),
    observed: cut(evidence.observed, EVIDENCE_LIMITS.observedChars),
    ...(evidence.log
      ? { log: evidence.log.slice(-EVIDENCE_LIMITS.logLines).map((line) => cut(line, EVIDENCE_LIMITS.logLineChars)) }
      : {}),
  };
}

/**
 * The hint ladder shown for a fail: a nudge first, then where the lesson explains it, then the
 * concrete fix. UIs reveal the rungs one at a time; the CLI prints all three.
 */
export const hintSchema = z.object({
  nudge: z.string().min(1),
  lesson: z.string().min(1).optional(),
  fix: z.string().min(1).optional(),
});
export type Hint = z.infer<typeof hintSchema>;

/** Ids are stable forever (reports and progress rows key off them): lowercase words joined by dashes or dots. */
export const checkIdSchema = z
  .string()
  .regex(
    /^[a-z0-9]+(?:[-.][a-z0-9]+)*$/,
    "check ids are lowercase words joined by '-' or '.', e.g. 'both-nodes-healthy'",
  );

export type CheckOutcome =
  { status: Exclude<CheckStatus, "skipped">; evidence: Evidence } | { status: "skipped"; evidence: Evidence };

export type CheckDefinition<Ctx> = {
  id: string;
  title: string;
  points: number;
  hint: Hint;
  /** Ids of checks that must pass first; when one did not, this check is `skipped` rather than failing twice. */
  requires?: Array<string>;
  /** Upper bound for `run`; past it the check is an `error` (ours), never a `fail`. */
  timeoutMs?: number;
  run: (ctx: Ctx) => Promise<CheckOutcome>;
};

const checkMetaSchema = z.object({
  id: checkIdSchema,
  title: z.string().min(1, "a check needs a title"),
  points: z.number().int().min(0, "points cannot be negative"),
  hint: hintSchema,
  requires: z.array(checkIdSchema).optional(),
  timeoutMs: z.number().int().positive().optional(),
});

/** Declare a check. Validates its metadata at load so a typo fails when the lab is loaded, not when graded. */
export function defineCheck<Ctx>(check: CheckDefinition<Ctx>): CheckDefinition<Ctx> {
  const parsed = checkMetaSchema.safeParse(check);
  if (!parsed.success) {
    const where = typeof check.id === "string" ? `check "${check.id}"` : "a check";
    throw new CheckDefinitionError(
      `${where} is invalid: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`,
    );
  }
  if (typeof check.run !== "function") throw new CheckDefinitionError(`check "${check.id}" has no run(ctx) function`);
  return check;
}

export class CheckDefinitionError extends Error {
  override name = "CheckDefinitionError";
}

/** Small constructors so checks read as verdicts. */
export function pass(expected: string, observed: string, log?: Array<string>): CheckOutcome {
  return { status: "pass", evidence: { expected, observed, ...(log ? { log } : {}) } };
}

export function fail(expected: string, observed: string, log?: Array<string>): CheckOutcome {
  return { status: "fail", evidence: { expected, observed, ...(log ? { log } : {}) } };
}

export function error(expected: string, observed: string, log?: Array<string>): CheckOutcome {
  return { status: "error", evidence: { expected, observed, ...(log ? { log } : {}) } };
}

/** The verdict on one condition, with the same evidence either way: `verdict(ok, e, o)` for `ok ? pass(e, o) : fail(e, o)`. */
export function verdict(ok: boolean, expected: string, observed: string, log?: Array<string>): CheckOutcome {
  return ok ? pass(expected, observed, log) : fail(expected, observed, log);
}
