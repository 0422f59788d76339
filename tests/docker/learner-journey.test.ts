/**
 * The learner's journey of issue #5, exactly as a learner types it, through the real CLI process:
 * `lab init sample` → `lab solve sample` → `lab up sample` → the cluster serves through nginx → `lab down sample`
 * → `doctor` reports a clean machine (exit 0, no problem, no leftovers). Images come from
 * `clusterlab images build --offline` (run by .ci/run before the tests).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { listLabelled, removeLabelled } from "@/lib/runtime/docker/client";
import { LABEL_SESSION } from "@/lib/runtime/labels";
import { defaultImage } from "@/lib/runtime/types";
import { getLabRegistry } from "@/labs/index";
import { dockerSuiteTitle, probeDocker, withImages } from "../helpers/docker";

const sample = getLabRegistry().get("sample");
const probe = await withImages(
  await probeDocker(),
  sample.definition.topology.nodes.map((n) => n.image ?? defaultImage(n.role)),
);
const repoRoot = path.resolve(import.meta.dirname, "..", "..");

const statusSchema = z.object({
  up: z.boolean(),
  session: z.string().nullable().optional(),
  nodes: z.array(z.object({ name: z.string(), endpoints: z.record(z.string(), z.string()) })),
});
const doctorSchema = z.object({
  ok: z.boolean(),
  findings: z.array(z.object({ id: z.string(), status: z.enum(["ok", "warn", "problem"]), summary: z.string() })),
});

/** Run `clusterlab <args>` as a learner would (bounded: 5 minutes per command). */
function clusterlab(args: Array<string>): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", path.join(repoRoot, "cli/index.ts"), ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    timeout: 300_000,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(!probe.ok)(dockerSuiteTitle("learner journey through the CLI (sample lab)", probe), () => {
  const conn = probe.ok ? probe.conn : (undefined as never);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-journey-"));
  const ws = path.join(root, "ws");
  let session: string | undefined;

  afterAll(async () => {
    if (probe.ok && session) await removeLabelled(conn, { [LABEL_SESSION]: session });
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("init, solve, up, serve through nginx, down, and doctor reports a clean machine", async () => {
    const ok = (args: Array<string>) => {
      const r = clusterlab(args);
      expect(r.code, `clusterlab ${args.join(" ")}\n${r.stdout}\n${r.stderr}`).toBe(0);
      return r;
    };
    ok(["lab", "init", "sample", "--workspace", ws]);
    ok(["lab", "solve", "sample", "--workspace", ws]);
    ok(["lab", "up", "sample", "--workspace", ws]);

    const status = statusSchema.parse(JSON.parse(ok(["lab", "status", "sample", "--workspace", ws, "--json"]).stdout));
    expect(status.up).toBe(true);
    session = status.session ?? undefined;
    expect(session).toBeTruthy();
    const lb = status.nodes.find((n) => n.name === "lb")?.endpoints["8080"];
    expect(lb).toMatch(/^127\.0\.0\.1:\d+$/);

    // Through nginx, round robin: both training nodes answer (X-Carbon-Node), every request succeeds.
    const served = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`http://${lb}/carbon/health`, { signal: AbortSignal.timeout(10_000) });
      expect(res.status).toBe(200);
      served.add(res.headers.get("x-carbon-node") ?? "");
    }
    expect([...served].sort()).toEqual(["node1", "node2"]);

    ok(["lab", "down", "sample", "--workspace", ws]);
    const left = await listLabelled(conn, { [LABEL_SESSION]: session ?? "" });
    expect(left.containers.length + left.networks.length + left.volumes.length).toBe(0);

    const doctor = clusterlab(["doctor", "--json"]);
    const report = doctorSchema.parse(JSON.parse(doctor.stdout));
    expect(
      report.findings.filter((f) => f.status === "problem"),
      doctor.stdout,
    ).toEqual([]);
    expect(report.findings.find((f) => f.id === "leftovers")?.status).toBe("ok");
    expect(report.findings.some((f) => f.id.includes(session ?? "?"))).toBe(false);
    expect(doctor.code).toBe(0);
  });
});
