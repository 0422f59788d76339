/**
 * `clusterlab config explain <carbon-home> [--json]` and `clusterlab config lint <workspace> [--json]`:
 * thin wrappers over lib/wso2-config. Exit codes: 0 ok (lint: no errors), 1 lint found an error,
 * 2 usage error (missing folder).
 */
import { Command } from "commander";
import { CarbonHomeError, explainCarbonHome, formatLintResult, lintWorkspace } from "@/lib/wso2-config";
import { EXIT_FAILURES, EXIT_OK, runAction } from "../exit";

/** The one expected user error is a missing folder. */
function runConfigAction(action: () => Promise<number>): Promise<void> {
  return runAction("config", [CarbonHomeError], action);
}

export function registerConfigCommands(program: Command): void {
  const config = program.command("config").description("Read WSO2 configuration files (deployment.toml or Carbon 4.4 XML) and check clusters");

  config
    .command("explain")
    .description("Print the normalised configuration of one Carbon home (the folder holding repository/conf)")
    .argument("<carbon-home>", "Carbon home folder")
    .option("--json", "print the CarbonConfig JSON (stable shape)")
    .action(async (home: string, options: { json?: boolean }) => {
      await runConfigAction(async () => {
        process.stdout.write(`${await explainCarbonHome(home, { json: options.json === true })}\n`);
        return EXIT_OK;
      });
    });

  config
    .command("lint")
    .description("Check every node folder of a workspace together (node1/, node2/, ... each a Carbon home)")
    .argument("<workspace>", "folder holding one Carbon home per node")
    .option("--json", "print { workspace, nodes, diagnostics } as JSON")
    .action(async (workspace: string, options: { json?: boolean }) => {
      await runConfigAction(async () => {
        const result = await lintWorkspace(workspace);
        if (options.json === true) {
          const summary = { workspace: result.workspace, nodes: result.nodes.map((n) => n.name), diagnostics: result.diagnostics };
          process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        } else {
          process.stdout.write(`${formatLintResult(result)}\n`);
        }
        return result.diagnostics.some((d) => d.severity === "error") ? EXIT_FAILURES : EXIT_OK;
      });
    });
}
