import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { defineCheck, pass } from "@/lib/grading";
import { getLabRegistry } from "@/labs/index";
import { lintLabWorkspace } from "./lint";
import { defineLab } from "./schema";
import type { LabCheckContext } from "./check-context";

/** A scratch workspace holding `files` (path -> content), removed after the test. */
function scratchWorkspace(files: Record<string, string>): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-lint-test-"));
  onTestFinished(() => fs.rmSync(ws, { recursive: true, force: true }));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(ws, file)), { recursive: true });
    fs.writeFileSync(path.join(ws, file), content);
  }
  return ws;
}

function copyOf(dir: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-lint-test-"));
  onTestFinished(() => fs.rmSync(copy, { recursive: true, force: true }));
  fs.cpSync(dir, copy, { recursive: true });
  return copy;
}

test("the sample starter passes the static checks once the lab's deliberately-broken rules are ignored", async () => {
  const sample = getLabRegistry().get("sample");
  const outcome = await lintLabWorkspace(sample.definition, sample.starterDir);
  expect(outcome).toEqual({ available: true, diagnostics: [] });
  // Without the lab's ignore list the same files are flagged: the ignore list is what lets them through.
  const strict = await lintLabWorkspace({ ...sample.definition, lint: { ignore: [] } }, sample.starterDir);
  expect(strict.available && strict.diagnostics.map((d) => d.code)).toContain("clustering-disabled");
});

test("a broken deployment.toml is reported with its workspace path, line and column", async () => {
  const sample = getLabRegistry().get("sample");
  const ws = copyOf(sample.starterDir);
  fs.appendFileSync(path.join(ws, "node2/repository/conf/deployment.toml"), "[clustering\n");
  const outcome = await lintLabWorkspace(sample.definition, ws);
  if (!outcome.available) throw new Error("linter unavailable");
  const errors = outcome.diagnostics.filter((d) => d.severity === "error");
  expect(errors.length).toBeGreaterThan(0);
  expect(errors[0]).toMatchObject({ file: "node2/repository/conf/deployment.toml" });
  expect(errors[0]?.line).toBeGreaterThan(0);
});

test("only Carbon node folders reach the linter, and nested config folders map back to the workspace path", async () => {
  const ws = scratchWorkspace({
    "nodes/a/repository/conf/deployment.toml": "[server]\n",
    "lb/nginx.conf": "events {}\n",
  });
  const lab = defineLab({
    id: "nested",
    title: "t",
    topology: {
      nodes: [
        { name: "a", role: "carbon", config: "nodes/a" },
        { name: "lb", role: "nginx" },
      ],
    },
    runtimes: ["docker"],
    checks: [
      defineCheck<LabCheckContext>({
        id: "c",
        title: "c",
        points: 1,
        hint: { nudge: "n" },
        run: async () => pass("x", "x"),
      }),
    ],
  });
  let seen: Array<string> = [];
  const outcome = await lintLabWorkspace(lab, ws, (view) => {
    seen = fs.readdirSync(view);
    return [
      { severity: "error", code: "x", file: "a/repository/conf/deployment.toml", line: 1, column: 1, message: "m" },
    ];
  });
  expect(seen).toEqual(["a"]);
  expect(outcome).toMatchObject({
    available: true,
    diagnostics: [{ file: "nodes/a/repository/conf/deployment.toml" }],
  });
});

test("a node's fstab is checked too (any role), with its workspace path and line; the fstab never reaches the Carbon linter", async () => {
  const ws = scratchWorkspace({
    "nodes/a/repository/conf/deployment.toml": "[server]\n",
    "nodes/a/fstab": "# shares\nnfs:/tenants /opt/clusterlab/carbon/repository/tenants nfs defaults 0 0\n",
    "lb/fstab": "nfs:/userstores /etc/nginx/conf.d nfs\n",
  });
  const lab = defineLab({
    id: "shares",
    title: "t",
    topology: {
      nodes: [
        { name: "a", role: "carbon", config: "nodes/a" },
        { name: "lb", role: "nginx" },
      ],
      shares: ["userstores"],
    },
    runtimes: ["docker"],
    checks: [
      defineCheck<LabCheckContext>({
        id: "c",
        title: "c",
        points: 1,
        hint: { nudge: "n" },
        run: async () => pass("x", "x"),
      }),
    ],
  });
  const outcome = await lintLabWorkspace(lab, ws, () => []);
  expect(outcome).toMatchObject({
    available: true,
    diagnostics: [
      { file: "nodes/a/fstab", line: 2, code: "fstab-unknown-share" },
      // /etc/nginx is nginx's home: allowed there (a lab could share conf.d between load balancers).
    ],
  });
  expect(outcome.available && outcome.diagnostics).toHaveLength(1);
});

test("a broken lb/nginx.conf is a static error with its workspace path and line, before anything starts", async () => {
  const sample = getLabRegistry().get("sample");
  const ws = copyOf(sample.starterDir);
  const conf = path.join(ws, "lb/nginx.conf");
  fs.writeFileSync(conf, fs.readFileSync(conf, "utf8").replace("server node1:9763;", "server node1:9763"));
  const outcome = await lintLabWorkspace(sample.definition, ws);
  const line =
    fs
      .readFileSync(conf, "utf8")
      .split("\n")
      .findIndex((l) => l.includes("server node1:9763")) + 1;
  expect(outcome.available && outcome.diagnostics).toMatchObject([
    { severity: "error", code: "nginx-syntax", file: "lb/nginx.conf", line },
  ]);
});
