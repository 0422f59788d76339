/**
 * `clusterlab config explain|lint`, run for real through tsx (exit codes, stdout/stderr), plus
 * `config explain --json` in-process over EVERY reference sample (spawning 24 tsx processes would
 * cost minutes on a shared 2-core machine; the in-process run executes the same command code).
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { afterEach, describe, expect, it, vi } from "vitest";
import { carbonConfigSchema, lintWorkspace, loadCarbonHome } from "@/lib/wso2-config";
import { runClusterlab, type CliResult } from "@/tests/helpers/clusterlab-cli";
import { registerConfigCommands } from "./config";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const samples = path.resolve(repoRoot, "../shared/reference/wso2-samples");
const fixtures = path.join(repoRoot, "tests/fixtures/wso2");

function cli(...args: Array<string>): Promise<CliResult> {
  return runClusterlab(["config", ...args], { timeoutMs: 90_000 });
}

describe("clusterlab config (spawned CLI)", () => {
  it("explain --json prints the stable CarbonConfig shape", async () => {
    const result = await cli("explain", path.join(samples, "k45m3-s4-toml"), "--json");
    expect(result.code).toBe(0);
    const config = carbonConfigSchema.parse(JSON.parse(result.stdout));
    expect(config.clustering).toMatchObject({
      enabled: true,
      scheme: "wka",
      localMemberHost: "example.com",
      members: [
        { host: "192.168.1.2", port: 4000 },
        { host: "192.168.1.2", port: 4001 },
      ],
    });
    expect(Object.keys(config)).toEqual([
      "sources",
      "era",
      "server",
      "clustering",
      "hazelcast",
      "datasources",
      "registry",
      "ports",
      "diagnostics",
    ]);
  }, 120_000);

  it("explain without --json prints a readable summary", async () => {
    const result = await cli("explain", path.join(fixtures, "xml-wka-node"));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Clustering: ENABLED, scheme wka, domain wso2.is.domain");
    expect(result.stdout).toContain("well-known members: 10.0.0.11:4000, 10.0.0.12:4000");
    expect(result.stdout).toContain("Ports: HTTP 9764, HTTPS 9444, cluster member 4000");
  }, 120_000);

  it("lint exits 1 with positioned findings for a broken workspace", async () => {
    const result = await cli("lint", path.join(fixtures, "workspaces/broken"), "--json");
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      nodes: Array<string>;
      diagnostics: Array<{ code: string; file: string; line: number }>;
    };
    expect(report.nodes).toEqual(["node1", "node2", "node3"]);
    expect(report.diagnostics.map((d) => d.code)).toEqual([
      "clustering-disabled",
      "wka-too-few-members",
      "node-missing-from-members",
      "loopback-member-host",
      "domain-mismatch",
      "shared-datasource-mismatch",
    ]);
    expect(report.diagnostics.find((d) => d.code === "domain-mismatch")).toMatchObject({
      file: "node2/repository/conf/axis2/axis2.xml",
      line: 7,
    });
  }, 120_000);

  it("lint exits 0 for a correct workspace (human output)", async () => {
    const result = await cli("lint", path.join(fixtures, "workspaces/wka-ok"));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("2 node(s) (node1, node2)");
    expect(result.stdout).toContain("0 error(s), 0 warning(s)");
  }, 120_000);

  it("a missing folder is a usage error (exit 2) with a message, not a stack trace", async () => {
    const result = await cli("explain", path.join(fixtures, "no-such-home"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/does not exist\. Pass the folder that contains repository\/conf/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});

describe("config explain --json over every reference sample (in-process)", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });
  const ids = readdirSync(samples, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

  it.each(ids)("%s", async (id) => {
    let out = "";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    const program = new Command().exitOverride();
    registerConfigCommands(program);
    await program.parseAsync(["node", "clusterlab", "config", "explain", path.join(samples, id), "--json"]);
    vi.restoreAllMocks();
    expect(process.exitCode).toBe(0);
    const printed = carbonConfigSchema.parse(JSON.parse(out));
    expect(printed).toEqual(await loadCarbonHome(path.join(samples, id)));
    expect(printed.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });
});

describe("config lint on a lab workspace gives the verdict of `lab up` (walkthrough D12, in-process)", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  async function lint(...args: Array<string>): Promise<string> {
    let out = "";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    const program = new Command().exitOverride();
    registerConfigCommands(program);
    await program.parseAsync(["node", "clusterlab", "config", "lint", ...args]);
    vi.restoreAllMocks();
    return out;
  }

  it("applies the lab's lint.ignore read from the workspace's .clusterlab/ marker, says so, and agrees with the lab engine", async () => {
    const { initLab, lintLabWorkspace } = await import("@/lib/labs");
    const { getLabRegistry } = await import("@/labs/index");
    const lab = getLabRegistry().get("sticky-sessions");
    const ws = path.join(mkdtempSync(path.join(tmpdir(), "clusterlab-config-lint-")), "ws");
    try {
      initLab(lab, ws);
      // The same folder as plain Carbon homes: clustering-disabled errors (what the learner saw before).
      const plain = await lintWorkspace(ws);
      expect(plain.diagnostics.filter((d) => d.code === "clustering-disabled").length).toBeGreaterThan(0);

      const human = await lint(ws);
      expect(process.exitCode).toBe(0);
      expect(human).toContain('lab "sticky-sessions" (from its .clusterlab/ marker)');
      expect(human).toContain("switches off on purpose: clustering-disabled, shared-datasource-mismatch");
      expect(human).not.toContain("[clustering-disabled]");

      const printed = JSON.parse(await lint(ws, "--json")) as {
        lab: string;
        ignored: Array<string>;
        diagnostics: Array<{ code: string }>;
      };
      const engine = await lintLabWorkspace(lab.definition, ws);
      expect(printed).toMatchObject({
        lab: "sticky-sessions",
        ignored: ["clustering-disabled", "shared-datasource-mismatch"],
      });
      expect(engine.available && printed.diagnostics).toEqual(engine.available ? engine.diagnostics : false);
    } finally {
      rmSync(path.dirname(ws), { recursive: true, force: true });
    }
  });
});
