/**
 * `npm run bench:lab-up`: how much the lab engine costs over starting the same containers by hand.
 *
 *   lab up   = upLab() on the sample lab's solution: reaper, static checks, network, every container created
 *              at once, staged start (nodes; nginx once they have started, lib/roles/nginx.ts startsAfter),
 *              each node's readiness wait (HTTP /carbon/health, nginx's port).
 *   baseline = the same containers (same images, files, limits, published ports) created and started
 *              all at once in parallel through the Docker client, plus a port wait on every published
 *              port (the runtime's own TCP probe: connect and stay open 250 ms, so Docker's userland
 *              proxy accepting before the server listens does not count).
 *
 * Runs alternate (baseline, lab up, ...) so engine warm-up and background load hit both alike; medians are
 * compared. Last line: JSON { labUpMs, baselineMs, ratio, target }. Usage: npm run bench:lab-up [-- --runs N]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { getEnv } from "@/lib/env";
import { downLab, initLab, solveLab, upLab, buildTopology, type RegisteredLab } from "@/lib/labs";
import {
  connectDocker,
  createContainer,
  createNetwork,
  inspectContainer,
  pingDocker,
  putArchive,
  removeLabelled,
  startContainer,
  type DockerConnection,
} from "@/lib/runtime/docker/client";
import { imageExists } from "@/lib/runtime/docker/import-image";
import { createDockerRuntime } from "@/lib/runtime/docker/runtime";
import { LABEL_LAB, LABEL_SESSION, sessionLabels } from "@/lib/runtime/labels";
import { filesTar, resolveFiles } from "@/lib/runtime/node-files";
import { defaultImage, parseTopology } from "@/lib/runtime/types";
import { tcpConnects } from "@/lib/runtime/wait";
import { getLabRegistry } from "@/labs/index";

const TARGET_RATIO = 1.2;
const BASELINE_LAB = "bench-baseline";
const PORT_WAIT_DEADLINE_MS = 60_000;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { runs: { type: "string", default: "5" }, lab: { type: "string", default: "sample" } },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 50)
    return usage(`--runs must be a whole number from 1 to 50, got "${values.runs}"`);

  const conn = connectDocker(getEnv().DOCKER_HOST);
  try {
    await pingDocker(conn);
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
  const lab = getLabRegistry().get(values.lab);
  const missing: Array<string> = [];
  for (const node of lab.definition.topology.nodes) {
    const image = node.image ?? defaultImage(node.role);
    if (!(await imageExists(conn, image)) && !missing.includes(image)) missing.push(image);
  }
  if (missing.length > 0)
    return usage(
      `images ${missing.join(", ")} are missing: build them with \`clusterlab images build --offline\` first`,
    );

  const root = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-bench-"));
  const workspace = path.join(root, "ws");
  initLab(lab, workspace);
  solveLab(lab, workspace);
  const runtime = createDockerRuntime({ conn });
  const labUp: Array<number> = [];
  const baseline: Array<number> = [];
  try {
    for (let run = 1; run <= runs; run++) {
      baseline.push(await timeBaseline(conn, lab, workspace, run));
      const started = performance.now();
      await upLab({ lab, workspace, runtime, progress: () => {}, detach: true });
      labUp.push(performance.now() - started);
      await downLab({ lab, workspace, runtime, progress: () => {} });
      process.stderr.write(
        `run ${run}/${runs}: baseline ${fmt(baseline.at(-1) ?? 0)}, lab up ${fmt(labUp.at(-1) ?? 0)}\n`,
      );
    }
  } finally {
    await downLab({ lab, workspace, runtime, progress: () => {} }).catch(() => undefined);
    await removeLabelled(conn, { [LABEL_LAB]: BASELINE_LAB }).catch(() => undefined);
    fs.rmSync(root, { recursive: true, force: true });
  }
  const result = {
    bench: "lab-up",
    lab: lab.definition.id,
    nodes: lab.definition.topology.nodes.length,
    runs,
    labUpMs: Math.round(median(labUp)),
    baselineMs: Math.round(median(baseline)),
    ratio: Number((median(labUp) / median(baseline)).toFixed(2)),
    target: TARGET_RATIO,
    labUpRunsMs: labUp.map(Math.round),
    baselineRunsMs: baseline.map(Math.round),
  };
  process.stderr.write(
    `lab up median ${fmt(median(labUp))} vs plain parallel docker run + port wait ${fmt(median(baseline))}: ${result.ratio}x (target <= ${TARGET_RATIO}x)\n`,
  );
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return 0;
}

/** The same containers, all created and started at once, then every published port waited for. Removed afterwards (not timed). */
async function timeBaseline(
  conn: DockerConnection,
  lab: RegisteredLab,
  workspace: string,
  run: number,
): Promise<number> {
  const session = `bench-${process.pid}-${run}`;
  const topology = parseTopology(buildTopology({ lab: lab.definition, workspace, session }));
  const labels = (node?: string) => sessionLabels({ lab: BASELINE_LAB, session, node });
  const started = performance.now();
  try {
    const network = `clusterlab-${session}`;
    await createNetwork(conn, { name: network, labels: labels() });
    const ids = await Promise.all(
      topology.nodes.map(async (node) => {
        const container = await createContainer(conn, {
          name: `${network}-${node.name}`,
          image: node.image ?? defaultImage(node.role),
          cmd: node.command,
          env: node.env,
          labels: labels(node.name),
          network: { name: network, aliases: [node.name] },
          publish: Object.fromEntries(node.ports.map((p) => [`${p}/tcp`, 0])),
          memoryBytes: node.memoryMb * 1024 * 1024,
          pidsLimit: node.pidsLimit,
        });
        if (node.files.length > 0) await putArchive(conn, container.id, await filesTar(await resolveFiles(node.files)));
        await startContainer(conn, container.id);
        return { id: container.id, ports: node.ports };
      }),
    );
    const deadline = Date.now() + PORT_WAIT_DEADLINE_MS;
    await Promise.all(
      ids.map(async ({ id, ports }) => {
        const facts = await inspectContainer(conn, id);
        await Promise.all(
          ports.map(async (port) => {
            const endpoint = facts?.ports[`${port}/tcp`];
            if (!endpoint) throw new Error(`port ${port} of ${id} is not published`);
            for (;;) {
              if ((await tcpConnects(endpoint, 1000, 250)) === true) return;
              if (Date.now() > deadline)
                throw new Error(`baseline: ${endpoint.host}:${endpoint.port} never accepted connections`);
              await new Promise((r) => setTimeout(r, 50));
            }
          }),
        );
      }),
    );
    return performance.now() - started;
  } finally {
    await removeLabelled(conn, { [LABEL_SESSION]: session });
  }
}

function median(values: Array<number>): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function fmt(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function usage(message: string): number {
  process.stderr.write(`bench:lab-up: ${message}\n`);
  return 2;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench:lab-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
