/**
 * Staged start shared by every runtime: stage 0 (databases) must be ready before stage 1 (nodes)
 * starts, and so on. Within a stage nodes start in parallel. The first node that fails aborts its
 * stage-mates and the whole `up` fails with NodeNotReadyError naming it and carrying its last log lines.
 *
 * What does not depend on order (creating a container, copying its files in) is done for EVERY node at once
 * when the launcher offers `prepare`: stages order only the starts, so a later stage waits for its readiness
 * gate, not for its own creation too (bench:lab-up).
 */
import { NodeNotReadyError, RuntimeError, type NodeSpec, type ProgressEvent, type RuntimeTopology } from "./types";
import { waitFor, WaitFailedError, type WaitTarget } from "./wait";

export type NodeLauncher = {
  /**
   * Optional: everything before the start that does not need earlier stages to be ready (create the node, put
   * its files in). Called for every node at once, before the first stage starts; `start` runs after it resolves.
   */
  prepare?(node: NodeSpec, signal: AbortSignal): Promise<void>;
  /** Start the node (and create it, if `prepare` did not). Does not wait for readiness. */
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
  // Preparation runs under its own controller so a failed stage can stop it; `up` then waits for every
  // preparation to settle before returning, or the caller's cleanup could run before a late container exists.
  const prepareAbort = new AbortController();
  const onAbortPrepare = () => prepareAbort.abort(signal?.reason);
  signal?.addEventListener("abort", onAbortPrepare, { once: true });
  const prepared = new Map<string, Promise<void>>();
  if (launcher.prepare) {
    for (const node of topology.nodes) {
      const pending = launcher.prepare(node, prepareAbort.signal);
      // Observed here so a failure in a later stage's node is not an unhandled rejection before its stage awaits it.
      pending.catch(() => undefined);
      prepared.set(node.name, pending);
    }
  }
  try {
    await startStages(topology, launcher, prepared, { signal, onProgress, now });
  } catch (error) {
    prepareAbort.abort(error);
    await Promise.allSettled(prepared.values());
    throw error;
  } finally {
    signal?.removeEventListener("abort", onAbortPrepare);
  }
}

async function startStages(
  topology: RuntimeTopology,
  launcher: NodeLauncher,
  prepared: Map<string, Promise<void>>,
  { signal, onProgress, now }: { signal?: AbortSignal; onProgress: (event: ProgressEvent) => void; now: () => number },
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
            await prepared.get(node.name);
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
