/**
 * The lab lifecycle on the process runtime (no Docker): two real training nodes (the bundled
 * dist/carbon-node/carbon-node.mjs) on their own 127.0.x.y addresses. Proves `--runtime process`
 * end to end: up (detached) -> status and check from a fresh runtime handle -> down leaves no session.
 * The solution's fstab files mount one share on both nodes: an artifact deployed on node1 is read on node2.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defineCheck, fail, pass } from "@/lib/grading";
import { createProcessRuntime } from "@/lib/runtime/process/runtime";
import {
  checkLab,
  createLabRegistry,
  defineLab,
  downLab,
  initLab,
  readSession,
  solveLab,
  statusLab,
  upLab,
  type LabCheckContext,
} from "./index";

const BUNDLE = path.resolve(import.meta.dirname, "..", "..", "dist", "carbon-node", "carbon-node.mjs");
const hasBundle = fs.existsSync(BUNDLE);
const root = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-labs-proc-"));
fs.chmodSync(root, 0o755);

function makeLab() {
  const dir = path.join(root, "labs", "proclab");
  for (const node of ["node1", "node2"]) {
    fs.mkdirSync(path.join(dir, "starter", node, "repository", "conf"), { recursive: true });
    fs.writeFileSync(
      path.join(dir, "starter", node, "repository", "conf", "deployment.toml"),
      `[server]\nhostname = "${node}"\noffset = ${node === "node2" ? 1 : 0}\n`,
    );
  }
  // The solution moves node2 back to offset 0 (servlet port 9763, where the lab expects it).
  fs.mkdirSync(path.join(dir, "solution", "node2", "repository", "conf"), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "solution", "node2", "repository", "conf", "deployment.toml"),
    `[server]\nhostname = "node2"\noffset = 0\n`,
  );
  for (const node of ["node1", "node2"]) {
    fs.mkdirSync(path.join(dir, "solution", node), { recursive: true });
    fs.writeFileSync(
      path.join(dir, "solution", node, "fstab"),
      "nfs:/artifacts /opt/clusterlab/carbon/repository/deployment/server/userstores nfs defaults 0 0\n",
    );
  }
  fs.writeFileSync(path.join(dir, "README.mdx"), "# process lab\n");
  const definition = defineLab({
    id: "proclab",
    title: "Process runtime lab",
    topology: {
      nodes: [
        {
          name: "node1",
          role: "carbon",
          ready: { kind: "log", pattern: "WSO2 Carbon started" },
          readyTimeoutMs: 30_000,
        },
        {
          name: "node2",
          role: "carbon",
          ready: { kind: "log", pattern: "WSO2 Carbon started" },
          readyTimeoutMs: 30_000,
        },
      ],
      shares: ["artifacts"],
    },
    runtimes: ["process"],
    lint: { ignore: ["clustering-disabled", "shared-datasource-local-h2"] },
    checks: [
      defineCheck<LabCheckContext>({
        id: "servlet-ports",
        title: "Both nodes serve /carbon/health on 9763",
        points: 1,
        hint: { nudge: "a node listens on another port", fix: "offset = 0" },
        async run(ctx) {
          const results = await Promise.all(
            ["node1", "node2"].map(async (n) => {
              const r = await ctx.http(n, "/carbon/health", { timeoutMs: 3000 });
              return `${n}: ${r.ok ? `${r.status} ${r.headers["x-carbon-node"] ?? ""}` : r.error}`;
            }),
          );
          const expected = "node1: 200 node1, node2: 200 node2";
          return results.join(", ") === expected
            ? pass(expected, results.join(", "))
            : fail(expected, results.join(", "));
        },
      }),
      defineCheck<LabCheckContext>({
        id: "shared-artifacts",
        title: "A user store deployed on node1 is on node2",
        points: 1,
        hint: {
          nudge: "each node has its own deployment folder",
          fix: "mount nfs:/artifacts on userstores in both fstab files",
        },
        async run(ctx) {
          const put = await ctx.http("node1", "/api/artifacts/userstores/PROC.xml", {
            method: "PUT",
            body: JSON.stringify({ content: "<proc/>" }),
            timeoutMs: 3000,
          });
          const read = await ctx.http("node2", "/api/artifacts/userstores/PROC.xml", { timeoutMs: 3000 });
          const observed = `node1 PUT ${put.ok ? put.status : put.error}; node2 GET ${read.ok ? `${read.status} ${read.body}` : read.error}`;
          return read.ok && read.status === 200 && read.body.includes("<proc/>")
            ? pass("node2 reads <proc/>", observed)
            : fail("node2 reads <proc/>", observed);
        },
      }),
    ],
  });
  return createLabRegistry([definition], path.join(root, "labs")).get("proclab");
}

const runtime = () => createProcessRuntime({ stateDir: path.join(root, "state"), carbonNodeBundle: BUNDLE });

afterAll(async () => {
  for (const s of await runtime().listSessions()) await runtime().remove(s.session);
  fs.rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!hasBundle)(
  hasBundle
    ? "lab lifecycle on the process runtime"
    : "lab lifecycle on the process runtime [skipped: run `npm run build:carbon-node` first]",
  () => {
    it("solution: up detached, status and full marks from a new handle, down removes the session", async () => {
      const lab = makeLab();
      const ws = path.join(root, "ws-solution");
      initLab(lab, ws);
      solveLab(lab, ws);
      const { session } = await upLab({ lab, workspace: ws, runtime: runtime(), progress: () => {}, detach: true });
      expect(readSession(ws)).toMatchObject({ runtime: "process", session: session.session });
      const status = await statusLab({ lab, workspace: ws, runtime: runtime() });
      expect(status.nodes.map((n) => n.state)).toEqual(["running", "running"]);
      expect(Object.values(status.nodes[1]?.endpoints ?? {})[0]).toMatch(/^127\.0\.\d+\.\d+:9763$/);
      const report = await checkLab({ lab, workspace: ws, runtime: runtime(), progress: () => {} });
      expect(report, JSON.stringify(report.checks.map((c) => c.evidence))).toMatchObject({
        runtime: "process",
        score: 2,
        maxScore: 2,
      });
      await downLab({ lab, workspace: ws, runtime: runtime(), progress: () => {} });
      expect(await runtime().listSessions({ lab: "proclab" })).toEqual([]);
    }, 120_000);

    it("starter: check starts the cluster, reports node2 off its port as a fail, and removes it", async () => {
      const lab = makeLab();
      const ws = path.join(root, "ws-starter");
      initLab(lab, ws);
      const report = await checkLab({ lab, workspace: ws, runtime: runtime(), progress: () => {} });
      expect(report.checks.map((c) => [c.id, c.status])).toEqual([
        ["config-lint", "pass"],
        ["servlet-ports", "fail"],
        ["shared-artifacts", "fail"],
      ]);
      expect(report.checks[1]?.evidence.observed).toMatch(/^node1: 200 node1, node2: connection refused/);
      expect(await runtime().listSessions({ lab: "proclab" })).toEqual([]);
    }, 120_000);
  },
);
