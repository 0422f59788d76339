/**
 * Reading a report back from the database. Reports stored before evidence was bounded (EVIDENCE_LIMITS, security
 * review M8) may carry longer evidence; they are cut to the bounds for display instead of becoming unreadable.
 */
import { z } from "zod";
import { capEvidence, evidenceSchema } from "./check";
import { labReportSchema, type LabReport } from "./report";

const looseEvidence = evidenceSchema.extend({
  expected: z.string(),
  observed: z.string(),
  log: z.array(z.string()).optional(),
});
const looseChecks = z.object({ checks: z.array(z.looseObject({ evidence: looseEvidence })) });

export function readStoredReport(value: unknown): { ok: true; report: LabReport } | { ok: false } {
  const loose = looseChecks.safeParse(value);
  const candidate = loose.success
    ? { ...(value as object), checks: loose.data.checks.map((c) => ({ ...c, evidence: capEvidence(c.evidence) })) }
    : value;
  const parsed = labReportSchema.safeParse(candidate);
  return parsed.success ? { ok: true, report: parsed.data } : { ok: false };
}
