/**
 * Test data: a small fixed lab catalogue and grading reports for it, shared by the unit tests here and the
 * classroom suites (tests/classroom/helpers/world.ts re-exports them) so both build reports one way.
 */
import { createHash } from "node:crypto";
import type { LabReport } from "@/lib/grading";
import type { CheckStatus } from "./attempt-types";
import { fixedLabCatalog, type KnownLab } from "./lab-catalog";

export const demoLab: KnownLab = {
  id: "wka-demo",
  title: "WKA demo",
  contentHash: createHash("sha256").update("wka-demo-v1").digest("hex"),
  checks: [
    { id: "members-joined", title: "Both members joined", maxPoints: 3 },
    { id: "port-offset", title: "Port offset applied", maxPoints: 2 },
    { id: "session-sticky", title: "Sessions are sticky", maxPoints: 5 },
  ],
};

export const demoCatalog = fixedLabCatalog([demoLab]);

export function makeReport(
  statuses: ReadonlyArray<CheckStatus> = ["pass", "pass", "pass"],
  finishedAt = new Date(),
  lab: KnownLab = demoLab,
): LabReport {
  const checks = lab.checks.map((check, index) => {
    const status = statuses[index] ?? "pass";
    return {
      id: check.id,
      title: check.title,
      status,
      points: status === "pass" ? check.maxPoints : 0,
      maxPoints: check.maxPoints,
      evidence: { expected: "2 members", observed: status === "pass" ? "2 members" : "1 member" },
      hint: status === "pass" || status === "skipped" ? null : { nudge: "Check the WKA member list." },
    };
  });
  return {
    schemaVersion: 1,
    lab: lab.id,
    contentHash: lab.contentHash,
    runtime: "docker",
    startedAt: new Date(finishedAt.getTime() - 60_000).toISOString(),
    finishedAt: finishedAt.toISOString(),
    score: checks.reduce((s, c) => s + c.points, 0),
    maxScore: checks.reduce((s, c) => s + c.maxPoints, 0),
    checks,
  };
}
