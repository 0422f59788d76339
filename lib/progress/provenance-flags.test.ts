import { describe, expect, it } from "vitest";
import { makeAttempt, makeLearner } from "./attempt-fixtures";
import { cellFlags, provenanceFlags } from "./provenance-flags";

const [ana, ben, cleo] = [makeLearner("Ana"), makeLearner("Ben"), makeLearner("Cleo")];
const checks = [{ checkId: "c1", status: "pass" as const }];

describe("provenanceFlags (security review M6)", () => {
  it("flags solution runs and edited workspaces identical across learners, not shared starters", () => {
    const attempts = [
      makeAttempt({
        learner: ana,
        finishedAt: "2026-12-01T10:00:00Z",
        checks,
        workspaceSource: "edited",
        configHash: "h1",
      }),
      makeAttempt({
        learner: ben,
        finishedAt: "2026-12-01T11:00:00Z",
        checks,
        workspaceSource: "edited",
        configHash: "h1",
      }),
      makeAttempt({
        learner: cleo,
        finishedAt: "2026-12-01T11:00:00Z",
        checks,
        workspaceSource: "edited",
        configHash: "h2",
      }),
      makeAttempt({
        learner: cleo,
        finishedAt: "2026-12-01T12:00:00Z",
        checks,
        workspaceSource: "solution",
        configHash: "hs",
      }),
      makeAttempt({
        learner: ana,
        finishedAt: "2026-12-01T09:00:00Z",
        checks,
        workspaceSource: "starter",
        configHash: "h0",
      }),
      makeAttempt({
        learner: ben,
        finishedAt: "2026-12-01T09:00:00Z",
        checks,
        workspaceSource: "starter",
        configHash: "h0",
      }),
      makeAttempt({
        learner: ben,
        finishedAt: "2026-12-01T13:00:00Z",
        checks,
        labId: "other",
        workspaceSource: "edited",
        configHash: "h2",
      }),
    ];
    const flags = provenanceFlags(attempts);
    expect(cellFlags(attempts, flags, ana.id, "wka")).toEqual({ solutionRuns: 0, sameFilesAs: [ben] });
    expect(cellFlags(attempts, flags, ben.id, "wka")).toEqual({ solutionRuns: 0, sameFilesAs: [ana] });
    // Same hash on another lab is not a copy.
    expect(cellFlags(attempts, flags, cleo.id, "wka")).toEqual({ solutionRuns: 1, sameFilesAs: [] });
    expect(cellFlags(attempts, flags, ben.id, "other")).toEqual({ solutionRuns: 0, sameFilesAs: [] });
  });
});
