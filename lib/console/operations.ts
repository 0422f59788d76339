/**
 * The console's actions, each one the SAME lib/labs call the CLI makes (`clusterlab lab <verb>`), run in the
 * background through the hub so the page can watch progress stream in. Nothing here reaches a shell: every
 * input is a lab id from the registry and an action from a fixed list.
 */
import "server-only"; // used only by app/ (route handlers, pages): fails a client-bundle import at build time (ADR 0018)
import { formatReport } from "@/lib/grading";
import { checkLab, describeEdits, downLab, initLab, isUserFacingError, LabCatalogueError, LabNotFoundError, LintFailedError, resetLab, solveLab, upLab, WorkspaceError, type RegisteredLab, type WriteWorkspaceResult } from "@/lib/labs";
import { consoleRuntime, runtimeKindFor, workspaceFor } from "./context";
import type { ConsoleAction } from "./events";
import { consoleHub, type Emit, type RunningOperation } from "./hub";

export type ActionInput = { lab: RegisteredLab; action: ConsoleAction; force: boolean };

export function startAction(input: ActionInput): RunningOperation {
  const workspace = workspaceFor(input.lab.definition.id);
  return consoleHub().start(input.lab.definition.id, input.action, ({ emit, signal }) => runAction(input, workspace, emit, signal), describeActionError);
}

async function runAction({ lab, action, force }: ActionInput, workspace: string, emit: Emit, signal: AbortSignal): Promise<void> {
  const progress = (line: string) => emit({ type: "progress", line });
  switch (action) {
    case "init":
      return reportWrite("Initialised", initLab(lab, workspace, { force }), progress);
    case "solve":
      return reportWrite("Wrote the solution into", solveLab(lab, workspace, { force }), progress);
    case "reset":
      return reportWrite("Reset", resetLab(lab, workspace, { force }), progress);
    case "up": {
      const runtime = await consoleRuntime(runtimeKindFor(lab, workspace));
      // Detached, as the CLI: the cluster outlives this request and the page; `down` (browser or CLI) removes it.
      const { session } = await upLab({ lab, workspace, runtime, progress, signal, detach: true });
      progress(`Lab "${lab.definition.id}" is up (session ${session.session}).`);
      return;
    }
    case "check": {
      const runtime = await consoleRuntime(runtimeKindFor(lab, workspace));
      const report = await checkLab({ lab, workspace, runtime, progress, signal, onResult: (result) => emit({ type: "result", result }) });
      emit({ type: "report", report });
      progress(formatReport(report).split("\n")[0] ?? "");
      return;
    }
    case "down": {
      const runtime = await consoleRuntime(runtimeKindFor(lab, workspace));
      const { removed } = await downLab({ lab, workspace, runtime, progress });
      if (removed) progress(`Lab "${lab.definition.id}" is down.`);
      return;
    }
  }
}

function reportWrite(verb: string, result: WriteWorkspaceResult, progress: (line: string) => void): void {
  if (result.discarded) progress(`Discarded your changes:\n${describeEdits(result.discarded)}`);
  progress(`${verb} the workspace (${result.written.length} file${result.written.length === 1 ? "" : "s"}).`);
}

/** The learner-facing message for a failed action: known errors say what to do; anything else is not a stack trace. */
export function describeActionError(error: unknown): string {
  if (error instanceof WorkspaceError) {
    // The CLI wording names `--force`; in the console that is the "discard my changes" box.
    return error.message.replace(/re-run `lab (\w+)` with --force/g, 'tick "discard my changes" and press $1 again');
  }
  if (isUserFacingError(error) || error instanceof LintFailedError || error instanceof LabNotFoundError || error instanceof LabCatalogueError) return error.message;
  const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return `The action failed unexpectedly: ${detail}. The server log has the details; \`clusterlab lab status\` shows what is running.`;
}
