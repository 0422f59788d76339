/**
 * Staged start shared by every runtime: stage 0 (databases) must be ready before stage 1 (nodes)
 * starts, and so on. Within a stage nodes start in parallel. The first node that fails aborts its
 * stage-mates and the whole `up` fails with NodeNotReadyError naming it and carrying its last log lines.
 */
import { NodeNotReadyError, RuntimeError, type NodeSpec, type ProgressEvent, type RuntimeTopology } from "./types";
import { waitFor, WaitFailedError, type WaitTarget } from "./wait";

export type NodeLauncher = {
  /** Create and start the node (does not wait for readiness). */
  start(node: NodeSpec, signal: AbortSignal): Promise<void>;
  target(node: NodeSpec): WaitTarget;
  lastLogs(node: NodeSpec, lines: number): Promise<string>;
};

export function stagesOf(topology: RuntimeTopology): Array<{ stage: number; nodes: Array<NodeSpec> }> {
  const byStage = new Map<number, Array<NodeSpec>>();
  for (const node of topology.nodes) byStage.set(node.stage, [...(byStage.get(node.stage) ?? []), node]);
  return [...byStage.entries()].sort(([a], [b]) => a - b).map(([stage, nodes]) => ({ stage, nodes }));
}

export async function startInStages(
  topology: RuntimeTopology,
  launcher: NodeLauncher,
  { signal, onProgress = () => {}, now = Date.now }: { signal?: AbortSignal; onProgress?: (event: ProgressEvent) => void; now?: () => number },
): Promise<void> {
  for (const { stage, nodes } of stagesOf(topology)) {
    signal?.throwIfAborted();
    const stageStarted = now();
    onProgress({ kind: "stage-starting", stage, nodes: nodes.map((n) => n.name) });
    const stageAbort = new AbortController();
    const onOuterAbort = () => stageAbort.abort(signal?.reason);
    signal?.addEventListener("abort", onOuterAbort, { once: true });
    try {
      await Promise.all(
        nodes.map(async (node) => {
          const nodeStarted = now();
          onProgress({ kind: "node-starting", stage, node: node.name });
          try {
            await launcher.start(node, stageAbort.signal);
            await waitFor(node.wait, launcher.target(node), { deadline: nodeStarted + node.readyTimeoutMs, signal: stageAbort.signal, now });
          } catch (error) {
            if (stageAbort.signal.aborted && !(error instanceof WaitFailedError)) throw error;
            const failure = await describeFailure(node, error, launcher);
            onProgress({ kind: "node-failed", stage, node: node.name, message: failure.reason });
            stageAbort.abort(failure);
            throw failure;
          }
          onProgress({ kind: "node-ready", stage, node: node.name, elapsedMs: now() - nodeStarted });
        }),
      ).catch((error: unknown) => {
        // Report the node that failed first, not a stage-mate's abort.
        const first = stageAbort.signal.reason;
        throw first instanceof NodeNotReadyError ? first : error;
      });
    } finally {
      signal?.removeEventListener("abort", onOuterAbort);
    }
    onProgress({ kind: "stage-ready", stage, elapsedMs: now() - stageStarted });
  }
}

async function describeFailure(node: NodeSpec, error: unknown, launcher: NodeLauncher): Promise<NodeNotReadyError> {
  const reason =
    error instanceof WaitFailedError || error instanceof RuntimeError
      ? error.message
      : `it could not be started (${error instanceof Error ? error.message : String(error)})`;
  const logs = await launcher.lastLogs(node, 20).catch(() => "");
  return new NodeNotReadyError(node.name, reason, lastLines(logs, 20));
}

export function lastLines(text: string, count: number): string {
  const lines = text.replace(/\s+$/, "").split("\n");
  return lines.slice(-count).join("\n");
}
