/**
 * The `lab` and `doctor` commands run as a learner runs them (tsx cli/index.ts), checking exit codes,
 * where output goes, and that user errors print a message, never a stack trace. No Docker needed:
 * DOCKER_HOST points at a closed port where an engine is required.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { runClusterlab } from "@/tests/helpers/clusterlab-cli";

const NO_ENGINE = "tcp://127.0.0.1:1";
/** Each CLI run starts tsx (a few seconds on a busy 2-core machine). */
const SLOW = 120_000;

function cli(args: Array<string>, env: Record<string, string> = {}) {
  return runClusterlab(args, { env });
}

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-cli-test-"));
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, "ws");
}

test(
  "lab list --json prints the learner catalogue on stdout; --all adds the test-only labs",
  async () => {
    const { code, stdout } = await cli(["lab", "list", "--json"]);
    expect(code).toBe(0);
    const labs = JSON.parse(stdout) as Array<{ id: string; checks: Array<{ id: string }> }>;
    expect(labs.map((l) => l.id)).toContain("wka");
    expect(labs.map((l) => l.id)).not.toContain("sample");
    const all = JSON.parse((await cli(["lab", "list", "--all", "--json"])).stdout) as Array<{
      id: string;
      checks: Array<{ id: string }>;
    }>;
    expect(all.find((l) => l.id === "sample")?.checks.map((c) => c.id)).toEqual([
      "both-nodes-healthy",
      "lb-reaches-both-nodes",
    ]);
  },
  SLOW,
);

test(
  "init writes the starter; init over edits exits 2 naming the file; --force replaces it",
  async () => {
    const ws = workspace();
    expect((await cli(["lab", "init", "sample", "--workspace", ws])).code).toBe(0);
    expect(fs.readFileSync(path.join(ws, "lb/nginx.conf"), "utf8")).toContain("server node1:9763;");
    fs.appendFileSync(path.join(ws, "lb/nginx.conf"), "# mine\n");
    const refused = await cli(["lab", "init", "sample", "--workspace", ws]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("modified: lb/nginx.conf");
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect((await cli(["lab", "solve", "sample", "--workspace", ws, "--force"])).code).toBe(0);
    expect(fs.readFileSync(path.join(ws, "lb/nginx.conf"), "utf8")).toContain("server node2:9763;");
  },
  SLOW,
);

test(
  "usage errors exit 2 with a message and no stack trace",
  async () => {
    const unknown = await cli(["lab", "init", "nope"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown lab "nope"\. Labs: (\S+, )*sample[,.]/);
    const badRuntime = await cli(["lab", "up", "sample", "--runtime", "vm"]);
    expect(badRuntime.code).toBe(2);
    expect(badRuntime.stderr).toMatch(/--runtime.*invalid/);
    const noWorkspace = await cli([
      "lab",
      "check",
      "sample",
      "--workspace",
      path.join(os.tmpdir(), "clusterlab-does-not-exist"),
    ]);
    expect(noWorkspace.code).toBe(2);
    expect(noWorkspace.stderr).toContain("Create it with `npm run clusterlab -- lab init sample`");
  },
  SLOW,
);

test(
  "up without a Docker engine exits 2 and says how to start one",
  async () => {
    const ws = workspace();
    await cli(["lab", "init", "sample", "--workspace", ws]);
    const { code, stderr } = await cli(["lab", "up", "sample", "--workspace", ws], { DOCKER_HOST: NO_ENGINE });
    expect(code).toBe(2);
    expect(stderr).toContain(`No Docker engine answers at ${NO_ENGINE}`);
    expect(stderr).not.toMatch(/\n\s+at /);
  },
  SLOW,
);

test(
  "doctor without an engine reports the problem with its fix and exits 2",
  async () => {
    const { code, stdout } = await cli(["doctor", "--json"], { DOCKER_HOST: NO_ENGINE });
    expect(code).toBe(2);
    const report = JSON.parse(stdout) as { ok: boolean; findings: Array<{ id: string; status: string; fix?: string }> };
    expect(report.ok).toBe(false);
    expect(report.findings.find((f) => f.id === "docker")).toMatchObject({
      status: "problem",
      fix: expect.stringContaining("DOCKER_HOST"),
    });
  },
  SLOW,
);

test(
  "lab node: an unknown operation or node exits 2 naming the choices, before any engine is needed",
  async () => {
    const badOperation = await cli(["lab", "node", "explode", "sample", "node1"]);
    expect(badOperation.code).toBe(2);
    expect(badOperation.stderr).toMatch(
      /value 'explode' is invalid for argument 'operation'\. Allowed choices are stop, start, kill, pause, resume/,
    );
    const ws = workspace();
    await cli(["lab", "init", "sample", "--workspace", ws]);
    const badNode = await cli(["lab", "node", "stop", "sample", "node9", "--workspace", ws], {
      DOCKER_HOST: NO_ENGINE,
    });
    expect(badNode.code).toBe(2);
    expect(badNode.stderr).toContain('Lab "sample" has no node "node9"; its nodes are: ');
    const notUp = await cli(["lab", "node", "stop", "sample", "node2", "--workspace", ws], { DOCKER_HOST: NO_ENGINE });
    expect(notUp.code).toBe(2);
    expect(notUp.stderr).toContain(`No Docker engine answers at ${NO_ENGINE}`);
    expect(notUp.stderr).not.toMatch(/\n\s+at /);
  },
  SLOW,
);
