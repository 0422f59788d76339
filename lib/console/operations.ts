/**
 * The console's actions: each one a lab desk call (lib/labs/desk.ts), the same call `clusterlab lab <verb>`
 * makes, run in the background through the hub so the page can watch progress stream in. Nothing here reaches a
 * shell: every input is a lab id from the registry, an action from a fixed list or a node of the lab's topology.
 */
import "server-only"; // used only by app/ (route handlers, pages): fails a client-bundle import at build time (ADR 0018)
import { cliCommand } from "@/lib/cli-command";
import { formatReport } from "@/lib/grading";
import {
  describeWorkspaceWrite,
  learnerErrorKind,
  type LabDesk,
  type NodeOperation,
  type WriteWorkspaceResult,
} from "@/lib/labs";
import type { ConsoleAction } from "./events";
import { consoleHub, type Emit, type RunningOperation } from "./hub";

export type ActionInput = { desk: LabDesk; labId: string; action: ConsoleAction; force: boolean };

export function startAction(input: ActionInput): RunningOperation {
  return consoleHub().start(
    input.labId,
    input.action,
    ({ emit, signal }) => runAction(input, emit, signal),
    describeActionError,
  );
}

export type NodeActionInput = { desk: LabDesk; labId: string; node: string; operation: NodeOperation };

/** Stop, start, kill, pause or resume one node (`clusterlab lab node <operation> <lab> <node>`). */
export function startNodeAction(input: NodeActionInput): RunningOperation {
  return consoleHub().start(
    input.labId,
    "node",
    async ({ emit, signal }) => {
      await input.desk.node(
        input.labId,
        input.node,
        input.operation,
        {},
        { progress: (line) => emit({ type: "progress", line }), signal },
      );
    },
    describeActionError,
  );
}

async function runAction({ desk, labId, action, force }: ActionInput, emit: Emit, signal: AbortSignal): Promise<void> {
  const progress = (line: string) => emit({ type: "progress", line });
  switch (action) {
    case "init":
      return reportWrite("Initialised", desk.init(labId, { force }).result, progress);
    case "solve":
      return reportWrite("Wrote the solution into", desk.solve(labId, { force }).result, progress);
    case "reset":
      return reportWrite("Reset", desk.reset(labId, { force }).result, progress);
    case "up": {
      const { session } = await desk.up(labId, {}, { progress, signal });
      progress(
        `Lab "${labId}" is up (session ${session.session}). The nodes answer; the picture shows them joining the cluster over the next seconds.`,
      );
      return;
    }
    case "check": {
      // The desk records the attempt (local progress) and submits it when logged in, exactly as the CLI does.
      await desk.check(
        labId,
        {},
        {
          progress,
          signal,
          onResult: (result) => emit({ type: "result", result }),
          present: (report) => {
            emit({ type: "report", report });
            progress(formatReport(report).split("\n")[0] ?? "");
          },
        },
      );
      return;
    }
    case "down": {
      const { removed } = await desk.down(labId, {}, { progress });
      if (removed) progress(`Lab "${labId}" is down.`);
      return;
    }
  }
}

function reportWrite(verb: string, result: WriteWorkspaceResult, progress: (line: string) => void): void {
  for (const line of describeWorkspaceWrite(verb, result, { discardedBy: null, listFiles: false })) progress(line);
}

/** The learner-facing message for a failed action: the learner's errors say what to do; anything else is not a stack trace. */
export function describeActionError(error: unknown): string {
  const kind = learnerErrorKind(error);
  if (kind === "workspace" && error instanceof Error) {
    // The CLI wording names `--force`; in the console that is the "discard my changes" box.
    return error.message.replace(/re-run `lab (\w+)` with --force/g, 'tick "discard my changes" and press $1 again');
  }
  if (kind !== null && error instanceof Error) return error.message;
  const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return `The action failed unexpectedly: ${detail}. The server log has the details; \`${cliCommand("lab status <lab>")}\` shows what is running.`;
}
