/**
 * `npm run replay:labs`: run each lab's solution N times on the real engine and report any flake.
 * Each run is one learner run: a fresh workspace, `lab solve`, `lab check` (which starts the cluster
 * for the check and removes it afterwards). A run that does not get full marks is a flake: the
 * solution is fixed, so only timing or the grader can make it differ.
 *
 * Usage: npm run replay:labs [-- --runs 3] [-- --lab wka --lab shared-db]
 * Last line: JSON { runs, labs: { <id>: { full, runs, failures: [{ run, checks }] , medianCheckMs } }, flaky: [ids] }.
 * Exit code 0 when every run got full marks, 1 when any flaked, 2 on a usage or environment error.
 */
import path from "node:path";
import { checkLab } from "@/lib/labs";
import { createDockerRuntime } from "@/lib/runtime/docker/runtime";
import { median, runLabScript, solvedWorkspace } from "./lab-run-setup";

type LabReplay = {
  runs: number;
  full: number;
  failures: Array<{ run: number; checks: Array<string> }>;
  medianCheckMs: number;
};

runLabScript(
  "replay:labs",
  { maxRuns: 50, scratchPrefix: "clusterlab-replay-" },
  async ({ runs, ids, conn, registry }, root) => {
    const results: Record<string, LabReplay> = {};
    for (const id of ids) {
      const lab = registry.get(id);
      const replay: LabReplay = { runs, full: 0, failures: [], medianCheckMs: 0 };
      const durations: Array<number> = [];
      for (let run = 1; run <= runs; run++) {
        const workspace = solvedWorkspace(lab, path.join(root, `${id}-${run}`));
        const started = Date.now();
        const report = await checkLab({ lab, workspace, runtime: createDockerRuntime({ conn }), progress: () => {} });
        durations.push(Date.now() - started);
        const notPassed = report.checks
          .filter((c) => c.status !== "pass")
          .map((c) => `${c.id}=${c.status}: ${c.evidence.observed}`);
        if (notPassed.length === 0 && report.score === report.maxScore) replay.full++;
        else replay.failures.push({ run, checks: notPassed });
        console.log(
          `${id} run ${run}/${runs}: ${report.score}/${report.maxScore} in ${((Date.now() - started) / 1000).toFixed(1)} s${notPassed.length ? `\n  ${notPassed.join("\n  ")}` : ""}`,
        );
      }
      replay.medianCheckMs = median(durations);
      results[id] = replay;
    }
    const flaky = Object.entries(results)
      .filter(([, r]) => r.full !== r.runs)
      .map(([id]) => id);
    console.log(
      flaky.length === 0 ? `Every solution got full marks in all ${runs} run(s).` : `Flaky: ${flaky.join(", ")}`,
    );
    console.log(JSON.stringify({ runs, labs: results, flaky }));
    return flaky.length === 0 ? 0 : 1;
  },
);
