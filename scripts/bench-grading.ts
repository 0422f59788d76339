/**
 * `npm run bench:grading`: how long a full `lab check` takes per lab, on a cluster that is already up
 * (the learner's usual case: `lab up`, then `lab check` after each change). Each lab's solution is
 * started once (`lab up`, timed separately), then checked `--runs` times; drills included.
 *
 * Budget: the WKA lab (solution with max.no.heartbeat 5 s) must finish its full check, drills
 * included, within 20 s. It is reported as the ratio of its median check time to that budget
 * (≤ 1 meets it). Every check must pass, or the timing would be of a different code path.
 *
 * Usage: npm run bench:grading [-- --runs 3] [-- --lab wka --lab shared-db]
 * Last line: JSON { labs: { <id>: { upMs, checkMs: [...], medianCheckMs, score, maxScore } }, wka: { medianCheckMs, budgetMs, ratio } }.
 */
import path from "node:path";
import { checkLab, downLab, upLab } from "@/lib/labs";
import { createDockerRuntime } from "@/lib/runtime/docker/runtime";
import { median, runLabScript, solvedWorkspace } from "./lab-run-setup";

const WKA_BUDGET_MS = 20_000;

type LabBench = { upMs: number; checkMs: Array<number>; medianCheckMs: number; score: number; maxScore: number };

runLabScript(
  "bench:grading",
  { maxRuns: 20, scratchPrefix: "clusterlab-bench-grading-" },
  async ({ runs, ids, conn, registry }, root) => {
    const runtime = createDockerRuntime({ conn });
    const results: Record<string, LabBench> = {};
    let incomplete: string | null = null;
    for (const id of ids) {
      const lab = registry.get(id);
      const workspace = solvedWorkspace(lab, path.join(root, id));
      const upStarted = Date.now();
      await upLab({ lab, workspace, runtime, progress: () => {}, detach: true });
      const bench: LabBench = { upMs: Date.now() - upStarted, checkMs: [], medianCheckMs: 0, score: 0, maxScore: 0 };
      try {
        for (let run = 1; run <= runs; run++) {
          const started = Date.now();
          const report = await checkLab({ lab, workspace, runtime, progress: () => {} });
          const ms = Date.now() - started;
          bench.checkMs.push(ms);
          bench.score = report.score;
          bench.maxScore = report.maxScore;
          const notPassed = report.checks.filter((c) => c.status !== "pass");
          console.log(
            `${id} check ${run}/${runs}: ${(ms / 1000).toFixed(1)} s, ${report.score}/${report.maxScore}${notPassed.map((c) => `\n  ${c.id}=${c.status}: ${c.evidence.observed}`).join("")}`,
          );
          if (notPassed.length > 0) incomplete ??= `${id}: ${notPassed.map((c) => c.id).join(", ")} did not pass`;
        }
      } finally {
        await downLab({ lab, workspace, runtime, progress: () => {} });
      }
      bench.medianCheckMs = median(bench.checkMs);
      results[id] = bench;
      console.log(
        `${id}: lab up ${(bench.upMs / 1000).toFixed(1)} s, median full check ${(bench.medianCheckMs / 1000).toFixed(1)} s`,
      );
    }
    const wka = results["wka"];
    const wkaSummary = wka
      ? {
          medianCheckMs: wka.medianCheckMs,
          budgetMs: WKA_BUDGET_MS,
          ratio: Number((wka.medianCheckMs / WKA_BUDGET_MS).toFixed(3)),
        }
      : null;
    if (wkaSummary)
      console.log(
        `WKA full check (drills included): ${(wkaSummary.medianCheckMs / 1000).toFixed(1)} s = ${wkaSummary.ratio} × the 20 s budget`,
      );
    if (incomplete)
      console.log(`WARNING: not every check passed (${incomplete}); those timings are not of a full-marks run.`);
    console.log(JSON.stringify({ labs: results, wka: wkaSummary, allPassed: incomplete === null }));
    return incomplete === null ? 0 : 1;
  },
);
