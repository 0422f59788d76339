/**
 * `npx tsx scripts/bench-lab-memory.ts --lab apim-distributed [--runs N]`: the memory a whole lab takes on this
 * machine. Each run starts the lab's solution, grades it once (so every node has done its work: APIs published,
 * tokens cached, throttle windows counted), then adds up what each container uses, as `docker stats` shows it
 * (lib/runtime/docker/client.ts containerMemoryBytes), and removes the lab.
 * Last line: JSON { labs: { <id>: { medianMiB, maxMiB, byNodeMiB } }, targetMiB }.
 */
import path from "node:path";
import { checkLab, downLab, upLab } from "@/lib/labs";
import { containerMemoryBytes, listLabelled } from "@/lib/runtime/docker/client";
import { createDockerRuntime } from "@/lib/runtime/docker/runtime";
import { LABEL_NODE, LABEL_SESSION } from "@/lib/runtime/labels";
import { median, runLabScript, solvedWorkspace } from "./lab-run-setup";

/** Issue #13's budget for the API-M lab; reported for every lab measured. */
const TARGET_MIB = 1200;
const MIB = 1024 * 1024;

runLabScript(
  "bench-lab-memory",
  { maxRuns: 10, scratchPrefix: "clusterlab-memory-" },
  async ({ runs, ids, conn, registry }, root) => {
    const labs: Record<string, { medianMiB: number; maxMiB: number; byNodeMiB: Record<string, number> }> = {};
    for (const id of ids) {
      const lab = registry.get(id);
      const totals: Array<number> = [];
      let byNode: Record<string, number> = {};
      for (let run = 1; run <= runs; run++) {
        const workspace = solvedWorkspace(lab, path.join(root, `${id}-${run}`));
        const runtime = createDockerRuntime({ conn });
        const { session } = await upLab({ lab, workspace, runtime, progress: () => {}, detach: true });
        try {
          await checkLab({ lab, workspace, runtime, progress: () => {} });
          const found = await listLabelled(conn, { [LABEL_SESSION]: session.session });
          byNode = {};
          for (const c of found.containers) {
            const bytes = await containerMemoryBytes(conn, c.id);
            if (bytes !== null) byNode[c.labels[LABEL_NODE] ?? c.name] = Math.round((bytes / MIB) * 10) / 10;
          }
          const total = Object.values(byNode).reduce((a, b) => a + b, 0);
          totals.push(total);
          console.log(
            `${id} run ${run}: ${total.toFixed(1)} MiB (${Object.entries(byNode)
              .map(([n, m]) => `${n} ${m}`)
              .join(", ")})`,
          );
        } finally {
          await downLab({ lab, workspace, runtime, progress: () => {} });
        }
      }
      labs[id] = { medianMiB: Math.round(median(totals)), maxMiB: Math.round(Math.max(...totals)), byNodeMiB: byNode };
    }
    console.log(JSON.stringify({ labs, targetMiB: TARGET_MIB }));
    return Object.values(labs).every((l) => l.maxMiB <= TARGET_MIB) ? 0 : 1;
  },
);
