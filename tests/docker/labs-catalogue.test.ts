/**
 * Content CI for the graded lab catalogue, on the real engine and the ClusterLab images: for every lab,
 *   - solve -> check = full marks (every check passes);
 *   - the untouched starter -> exactly the failing checks its README documents, each with its hint
 *     ladder and evidence, and the checks that depend on them skipped; its score is 0 and every check
 *     that passes on it is worth 0 points (points are for the learner's work, never for the starter);
 *   - nothing labelled is left behind.
 * `check` on a workspace that is not up starts the cluster for the check and removes it afterwards, so
 * each case is one full learner run. Run one lab with `npx vitest run tests/docker/labs-catalogue.test.ts -t wka`.
 *
 * Needs `clusterlab images build --offline` first; without the images the suite is skipped with that
 * reason, unless CLUSTERLAB_REQUIRE_DOCKER=1 (CI), where missing images are a failure.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { labReportSchema, type LabReport } from "@/lib/grading";
import { checkLab, initLab, solveLab, type RegisteredLab } from "@/lib/labs";
import { parseEnv } from "@/lib/env";
import { listLabelled, removeLabelled } from "@/lib/runtime/docker/client";
import { imageExists } from "@/lib/runtime/docker/import-image";
import { createDockerRuntime } from "@/lib/runtime/docker/runtime";
import { LABEL_LAB, LABEL_OWNER_PID, LABEL_SESSION } from "@/lib/runtime/labels";
import { defaultImage } from "@/lib/runtime/types";
import { getLabRegistry } from "@/labs/index";
import { dockerSuiteTitle, probeDocker, type DockerProbe } from "../helpers/docker";
import { CATALOGUE_EXPECTATIONS } from "./labs-catalogue.expectations";

const registry = getLabRegistry();
// Every registered lab, present and future: a lab without an expectation fails the suite below.
const expectations = new Map(CATALOGUE_EXPECTATIONS.map((e) => [e.lab, e]));
const labs = registry.list().map((lab) => ({ lab, expectation: expectations.get(lab.definition.id) }));
const probe = await withImages(
  await probeDocker(),
  labs.map((l) => l.lab),
);

async function withImages(p: DockerProbe, list: Array<RegisteredLab>): Promise<DockerProbe> {
  if (!p.ok) return p;
  const needed = [
    ...new Set(list.flatMap((lab) => lab.definition.topology.nodes.map((n) => n.image ?? defaultImage(n.role)))),
  ];
  const missing: Array<string> = [];
  for (const image of needed) if (!(await imageExists(p.conn, image))) missing.push(image);
  if (missing.length === 0) return p;
  const reason = `images ${missing.join(", ")} missing (run \`clusterlab images build --offline\`)`;
  if (parseEnv().CLUSTERLAB_REQUIRE_DOCKER) throw new Error(`CLUSTERLAB_REQUIRE_DOCKER=1 but ${reason}`);
  return { ok: false, reason };
}

describe.skipIf(!probe.ok)(dockerSuiteTitle("graded lab catalogue on the ClusterLab images", probe), () => {
  const conn = probe.ok ? probe.conn : (undefined as never);
  const roots: Array<string> = [];
  const progress = () => {};

  function workspace(lab: string): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), `clusterlab-${lab}-`));
    roots.push(root);
    return path.join(root, "ws");
  }

  // checkLab runs in this process, so the suite's sessions carry this process as their owner: a developer's own
  // `lab up` of the same lab (another process) is never counted and never removed.
  const mine = (o: { labels: Record<string, string> }) => o.labels[LABEL_OWNER_PID] === String(process.pid);

  /** Session ids of this process's objects of `lab`. */
  async function sessionsOf(lab: string): Promise<Set<string>> {
    const found = await listLabelled(conn, { [LABEL_LAB]: lab });
    return new Set(
      [...found.containers, ...found.networks, ...found.volumes]
        .filter(mine)
        .flatMap((o) => (o.labels[LABEL_SESSION] ? [o.labels[LABEL_SESSION]] : [])),
    );
  }

  /** Objects this process's sessions of `lab` left behind. */
  async function leftovers(lab: string): Promise<number> {
    const found = await listLabelled(conn, { [LABEL_LAB]: lab });
    return [...found.containers, ...found.networks, ...found.volumes].filter(mine).length;
  }

  function summary(report: LabReport): string {
    return report.checks
      .map((c) => `${c.id}=${c.status}${c.status === "pass" ? "" : ` (${c.evidence.observed})`}`)
      .join("\n");
  }

  afterAll(async () => {
    if (!probe.ok) return;
    // Safety net only (each case already asserts it left nothing): a removal the runtime started may
    // still be in progress (HTTP 409), so retry once after a moment.
    for (const { lab } of labs) {
      for (const session of await sessionsOf(lab.definition.id)) {
        await removeLabelled(conn, { [LABEL_SESSION]: session }).catch(async () => {
          await new Promise((resolve) => setTimeout(resolve, 2_000));
          await removeLabelled(conn, { [LABEL_SESSION]: session });
        });
      }
    }
    for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
  });

  it("every registered lab has an expectation, and no expectation names an unknown lab", () => {
    expect(labs.filter((l) => !l.expectation).map((l) => l.lab.definition.id)).toEqual([]);
    expect(
      CATALOGUE_EXPECTATIONS.map((e) => e.lab).filter((id) => !labs.some((l) => l.lab.definition.id === id)),
    ).toEqual([]);
  });

  for (const { lab, expectation } of labs) {
    const id = lab.definition.id;
    if (!expectation) continue;

    it(`${id}: the solution gets full marks`, { timeout: 240_000 }, async () => {
      const ws = workspace(id);
      initLab(lab, ws);
      solveLab(lab, ws);
      const report = await checkLab({ lab, workspace: ws, runtime: createDockerRuntime({ conn }), progress });
      expect(labReportSchema.safeParse(report).success).toBe(true);
      expect(
        report.checks.filter((c) => c.status !== "pass"),
        summary(report),
      ).toEqual([]);
      expect(report.score).toBe(report.maxScore);
      expect(report.maxScore).toBeGreaterThan(0);
      expect(await leftovers(id)).toBe(0);
    });

    it(
      `${id}: the untouched starter fails exactly the documented checks, with evidence and hints`,
      { timeout: 240_000 },
      async () => {
        const ws = workspace(id);
        initLab(lab, ws);
        const report = await checkLab({ lab, workspace: ws, runtime: createDockerRuntime({ conn }), progress });
        const failing = report.checks.filter((c) => c.status === "fail");
        expect(failing.map((c) => c.id).sort(), summary(report)).toEqual([...expectation.starterFails].sort());
        expect(
          report.checks.filter((c) => c.status === "error"),
          summary(report),
        ).toEqual([]);
        for (const check of failing) {
          // The hint ladder: a nudge, then the lesson section, then the concrete fix.
          expect(check.hint?.nudge, check.id).toBeTruthy();
          expect(check.hint?.lesson, check.id).toBeTruthy();
          expect(check.hint?.fix, check.id).toBeTruthy();
          const pattern = expectation.evidence[check.id];
          if (pattern) expect(check.evidence.observed, check.id).toMatch(pattern);
        }
        // Points for learner work only: nothing the starter already does may earn a point.
        expect(
          report.checks
            .filter((c) => c.status === "pass" && c.maxPoints > 0)
            .map((c) => `${c.id} (${c.maxPoints} pts)`),
          summary(report),
        ).toEqual([]);
        expect(report.score, summary(report)).toBe(0);
        expect(expectation.starterScore).toBe(0);
        expect(await leftovers(id)).toBe(0);
      },
    );
  }
});
