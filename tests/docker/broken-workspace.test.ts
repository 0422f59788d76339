/**
 * A learner's broken file is the learner's failure, always graded (issue #15): on the real engine and
 * the ClusterLab images, a workspace whose nginx.conf, init.sql, Carbon configuration or rbac.yaml stops a node
 * gives a report (not an environment error) with a failing check that quotes the tool's own message and
 * the workspace file:line, exit code 1, and the lab's checks skipped; `check` leaves nothing behind.
 * Run with `npx vitest run --project docker tests/docker/broken-workspace.test.ts`.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { labReportSchema, reportExitCode, type LabReport } from "@/lib/grading";
import { checkLab, initLab, type RegisteredLab } from "@/lib/labs";
import { listLabelled, removeLabelled } from "@/lib/runtime/docker/client";
import { createDockerRuntime } from "@/lib/runtime/docker/runtime";
import { LABEL_LAB, LABEL_OWNER_PID, LABEL_SESSION } from "@/lib/runtime/labels";
import { defaultImage } from "@/lib/runtime/types";
import { getLabRegistry } from "@/labs/index";
import { dockerSuiteTitle, probeDocker, withImages } from "../helpers/docker";

const registry = getLabRegistry();
const sample = registry.get("sample");
const sharedDb = registry.get("shared-db");
const kubernetes = registry.get("kubernetes");
const probe = await withImages(await probeDocker(), [
  ...new Set(
    [sample, sharedDb, kubernetes].flatMap((lab) =>
      lab.definition.topology.nodes.map((n) => n.image ?? defaultImage(n.role)),
    ),
  ),
]);
const repoRoot = path.resolve(import.meta.dirname, "..", "..");
const CLI = ["--import", "tsx", path.join(repoRoot, "cli/index.ts")];

describe.skipIf(!probe.ok)(
  dockerSuiteTitle("a broken workspace file is graded as the learner's failure", probe),
  () => {
    const conn = probe.ok ? probe.conn : (undefined as never);
    const roots: Array<string> = [];
    const progress = () => {};

    function workspace(lab: RegisteredLab, edit: (ws: string) => void): string {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), `clusterlab-broken-${lab.definition.id}-`));
      roots.push(root);
      const ws = path.join(root, "ws");
      initLab(lab, ws);
      edit(ws);
      return ws;
    }

    /** Replace `from` with `to` in a workspace file (the edit must apply) and return the 1-based line where `to` now is. */
    function replaceIn(ws: string, file: string, from: string, to: string): number {
      const full = path.join(ws, file);
      const text = fs.readFileSync(full, "utf8");
      if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
      const next = text.replace(from, to);
      fs.writeFileSync(full, next);
      return next.split("\n").findIndex((line) => line.includes(to.split("\n")[0] ?? to)) + 1;
    }

    const mine = (o: { labels: Record<string, string> }) => o.labels[LABEL_OWNER_PID] === String(process.pid);
    async function leftovers(lab: string): Promise<number> {
      const found = await listLabelled(conn, { [LABEL_LAB]: lab });
      return [...found.containers, ...found.networks, ...found.volumes].filter(mine).length;
    }

    function expectGradedStartFailure(report: LabReport, lab: RegisteredLab, where: RegExp, tool: RegExp): void {
      expect(labReportSchema.safeParse(report).success).toBe(true);
      const start = report.checks.find((c) => c.id === "nodes-start");
      expect(start, JSON.stringify(report.checks.map((c) => [c.id, c.status]))).toMatchObject({
        status: "fail",
        points: 0,
        maxPoints: 0,
      });
      expect(start?.evidence.observed).toMatch(where);
      expect(start?.evidence.observed).toMatch(tool);
      expect(start?.hint?.fix).toMatch(where);
      // The lab's own checks did not run (skipped), and nothing is an error of ours.
      expect(
        report.checks
          .filter((c) => lab.definition.checks.some((d) => d.id === c.id))
          .every((c) => c.status === "skipped"),
      ).toBe(true);
      expect(report.checks.filter((c) => c.status === "error")).toEqual([]);
      expect(report.score).toBe(0);
      expect(reportExitCode(report)).toBe(1);
    }

    afterAll(async () => {
      if (!probe.ok) return;
      for (const lab of ["sample", "shared-db", "kubernetes"]) {
        const found = await listLabelled(conn, { [LABEL_LAB]: lab });
        const sessions = new Set(
          [...found.containers, ...found.networks]
            .filter(mine)
            .flatMap((o) => (o.labels[LABEL_SESSION] ? [o.labels[LABEL_SESSION]] : [])),
        );
        for (const session of sessions) await removeLabelled(conn, { [LABEL_SESSION]: session }).catch(() => undefined);
      }
      for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
    });

    it(
      "nginx.conf that does not parse: a static config-lint failure with file:line, before anything starts",
      { timeout: 60_000 },
      async () => {
        let line = 0;
        const ws = workspace(sample, (dir) => {
          line = replaceIn(dir, "lb/nginx.conf", "server node1:9763;", "server node1:9763");
        });
        const report = await checkLab({ lab: sample, workspace: ws, runtime: createDockerRuntime({ conn }), progress });
        const lint = report.checks.find((c) => c.id === "config-lint");
        expect(lint?.status).toBe("fail");
        expect(lint?.evidence.log?.join("\n")).toContain(`lb/nginx.conf:${line}:`);
        expect(lint?.evidence.log?.join("\n")).toContain('directive "server" is not terminated by ";"');
        expect(reportExitCode(report)).toBe(1);
        expect(await leftovers("sample")).toBe(0);
      },
    );

    it(
      "nginx.conf nginx itself refuses (unknown directive): nodes-start fails with nginx's [emerg] and lb/nginx.conf:line",
      { timeout: 180_000 },
      async () => {
        let line = 0;
        const ws = workspace(sample, (dir) => {
          line = replaceIn(dir, "lb/nginx.conf", "proxy_pass http://carbon_nodes;", "proxy_pas http://carbon_nodes;");
        });
        const report = await checkLab({ lab: sample, workspace: ws, runtime: createDockerRuntime({ conn }), progress });
        expectGradedStartFailure(
          report,
          sample,
          new RegExp(`lb/nginx\\.conf:${line}`),
          /nginx: \[emerg\] unknown directive "proxy_pas"/,
        );
        expect(await leftovers("sample")).toBe(0);
      },
    );

    it(
      "init.sql PostgreSQL rejects: nodes-start fails with psql's ERROR and db/init.sql:line",
      { timeout: 180_000 },
      async () => {
        let line = 0;
        const ws = workspace(sharedDb, (dir) => {
          line = replaceIn(dir, "db/init.sql", "SELECT 1;", "CREAT ROLE wso2carbon LOGIN;");
        });
        const report = await checkLab({
          lab: sharedDb,
          workspace: ws,
          runtime: createDockerRuntime({ conn }),
          progress,
        });
        expectGradedStartFailure(
          report,
          sharedDb,
          new RegExp(`db/init\\.sql:${line}`),
          /psql: ERROR: +syntax error at or near "CREAT"/,
        );
        expect(await leftovers("shared-db")).toBe(0);
      },
    );

    it(
      "a Carbon configuration the training node refuses: nodes-start fails with its message and deployment.toml:line",
      { timeout: 180_000 },
      async () => {
        let line = 0;
        const ws = workspace(sample, (dir) => {
          const file = "node1/repository/conf/deployment.toml";
          // Valid for WSO2 (the linter accepts it) but not modelled by the training node, which refuses to start.
          fs.appendFileSync(
            path.join(dir, file),
            '\n[clustering]\nmembership_scheme = "aws-ecs"\nlocal_member_host = "node1"\n',
          );
          line =
            fs
              .readFileSync(path.join(dir, file), "utf8")
              .split("\n")
              .findIndex((l) => l.startsWith("membership_scheme")) + 1;
        });
        const report = await checkLab({ lab: sample, workspace: ws, runtime: createDockerRuntime({ conn }), progress });
        expectGradedStartFailure(
          report,
          sample,
          new RegExp(`node1/repository/conf/deployment\\.toml:${line}`),
          /Refusing to start: membershipScheme/,
        );
        expect(await leftovers("sample")).toBe(0);
      },
    );

    it(
      "an rbac.yaml the kube-apiserver stand-in cannot read exactly: nodes-start fails with its message and rbac.yaml:line",
      { timeout: 180_000 },
      async () => {
        let line = 0;
        const ws = workspace(kubernetes, (dir) => {
          // A key written twice: kubectl would refuse the manifest, and so does the stand-in (ADR 0028 amendment).
          line =
            replaceIn(dir, "kube-apiserver/rbac.yaml", 'verbs: ["list"]', 'verbs: ["list"]\n    verbs: ["get"]') + 1;
        });
        const report = await checkLab({
          lab: kubernetes,
          workspace: ws,
          runtime: createDockerRuntime({ conn }),
          progress,
        });
        expectGradedStartFailure(
          report,
          kubernetes,
          new RegExp(`kube-apiserver/rbac\\.yaml:${line}`),
          /Refusing to start: \S+rbac\.yaml:\d+:\d+ verbs is set twice/,
        );
        expect(await leftovers("kubernetes")).toBe(0);
      },
    );

    it(
      "the CLI: `lab check --json` prints the report, delivers it like any attempt and exits 1 (not 2)",
      { timeout: 240_000 },
      () => {
        const ws = workspace(
          sample,
          (dir) =>
            void replaceIn(dir, "lb/nginx.conf", "proxy_pass http://carbon_nodes;", "proxy_pas http://carbon_nodes;"),
        );
        const run = spawnSync(process.execPath, [...CLI, "lab", "check", "sample", "--workspace", ws, "--json"], {
          cwd: repoRoot,
          encoding: "utf8",
          timeout: 200_000,
        });
        expect(run.status, run.stderr).toBe(1);
        const report = labReportSchema.parse(JSON.parse(run.stdout));
        expect(report.checks.find((c) => c.id === "nodes-start")?.evidence.observed).toMatch(
          /lb\/nginx\.conf:\d+: nginx: \[emerg\] unknown directive "proxy_pas"/,
        );
        // Delivered as an attempt: recorded in the local progress database, or saved for later when there is none.
        expect(run.stderr).toMatch(/Recorded this attempt|The report is saved in/);
      },
    );
  },
);
