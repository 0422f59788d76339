/**
 * `clusterlab config explain <carbon-home> [--json]` and `clusterlab config lint <workspace> [--json]`:
 * thin wrappers over lib/wso2-config. Exit codes: 0 ok (lint: no errors), 1 lint found an error,
 * 2 usage error (missing folder).
 */
import { Command } from "commander";
import { CarbonHomeError, explainCarbonHome, formatLintResult, lintWorkspace } from "@/lib/wso2-config";
import { formatDiagnostic } from "@/lib/labs/lint";
import { labOfWorkspace, lintAsLab } from "@/lib/labs/workspace-lint";
import { getLabRegistry } from "@/labs/index";
import { EXIT_FAILURES, EXIT_OK, runAction } from "../exit";

type FolderCommand = { name: string; description: string; folder: string; folderHelp: string; jsonHelp: string };

/**
 * Both subcommands take one folder and `--json`; the one expected user error is a missing folder
 * (CarbonHomeError), printed as a message with exit 2.
 */
function addFolderCommand(
  config: Command,
  spec: FolderCommand,
  action: (folder: string, json: boolean) => Promise<number>,
): void {
  config
    .command(spec.name)
    .description(spec.description)
    .argument(`<${spec.folder}>`, spec.folderHelp)
    .option("--json", spec.jsonHelp)
    .action((folder: string, options: { json?: boolean }) =>
      runAction("config", [CarbonHomeError], () => action(folder, options.json === true)),
    );
}

export function registerConfigCommands(program: Command): void {
  const config = program
    .command("config")
    .description("Read WSO2 configuration files (deployment.toml or Carbon 4.4 XML) and check clusters");

  addFolderCommand(
    config,
    {
      name: "explain",
      description: "Print the normalised configuration of one Carbon home (the folder holding repository/conf)",
      folder: "carbon-home",
      folderHelp: "Carbon home folder",
      jsonHelp: "print the CarbonConfig JSON (stable shape)",
    },
    async (home, json) => {
      process.stdout.write(`${await explainCarbonHome(home, { json })}\n`);
      return EXIT_OK;
    },
  );

  addFolderCommand(
    config,
    {
      name: "lint",
      description: "Check every node folder of a workspace together (node1/, node2/, ... each a Carbon home)",
      folder: "workspace",
      folderHelp: "folder holding one Carbon home per node",
      jsonHelp: "print { workspace, nodes, diagnostics } as JSON",
    },
    async (workspace, json) => {
      // A lab workspace is linted exactly as `lab up`/`lab check` lint it, so the two never disagree.
      const lab = labOfWorkspace(workspace, getLabRegistry());
      if (lab) return lintLabWorkspaceCommand(await lintAsLab(lab, workspace), workspace, json);
      const result = await lintWorkspace(workspace);
      if (json) {
        const summary = {
          workspace: result.workspace,
          nodes: result.nodes.map((n) => n.name),
          diagnostics: result.diagnostics,
        };
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      } else {
        process.stdout.write(`${formatLintResult(result)}\n`);
      }
      return result.diagnostics.some((d) => d.severity === "error") ? EXIT_FAILURES : EXIT_OK;
    },
  );
}

async function lintLabWorkspaceCommand(
  result: Awaited<ReturnType<typeof lintAsLab>>,
  workspace: string,
  json: boolean,
): Promise<number> {
  if (!result.outcome.available)
    throw new CarbonHomeError(
      `The configuration linter is not available here (${result.outcome.reason}); nothing was checked.`,
    );
  const diagnostics = result.outcome.diagnostics;
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ workspace, lab: result.lab, ignored: result.ignored, nodes: result.nodes, diagnostics }, null, 2)}\n`,
    );
  } else {
    const ignored =
      result.ignored.length > 0 ? `; rules this lab switches off on purpose: ${result.ignored.join(", ")}` : "";
    const lines = [
      `Workspace ${workspace}: lab "${result.lab}" (from its .clusterlab/ marker), linted as \`lab up ${result.lab}\` does${ignored}`,
      ...diagnostics.map(formatDiagnostic),
      `${errors} error(s), ${diagnostics.filter((d) => d.severity === "warning").length} warning(s), ${diagnostics.filter((d) => d.severity === "info").length} note(s)`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  }
  return errors > 0 ? EXIT_FAILURES : EXIT_OK;
}
