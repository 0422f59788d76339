/**
 * Staged start shared by every runtime: stage 0 (databases) must be ready before stage 1 (nodes)
 * starts, and so on. Within a stage nodes start in parallel. The first node that fails aborts its
 * stage-mates and the whole `up` fails with NodeNotReadyError naming it and carrying its last log lines.
 *
 * What does not depend on order (creating a container, copying its files in) is done for EVERY node at once
 * when the launcher offers `prepare`: stages order only the starts, so a later stage waits for its readiness
 * gate, not for its own creation too (bench:lab-up). A stage whose nodes all declare `startsAfter: "started"`
 * (a load balancer: it only resolves its upstreams' names) starts as soon as the earlier stages have started,
 * and its readiness overlaps theirs; `up` still returns only when every node is ready.
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
  {
    signal,
    onProgress = () => {},
    now = Date.now,
  }: { signal?: AbortSignal; onProgress?: (event: ProgressEvent) => void; now?: () => number },
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

/** Rejects a node whose gate will never open (an earlier node failed): settles it without blaming it. */
class GateClosedError extends Error {
  override name = "GateClosedError";
}

async function startStages(
  topology: RuntimeTopology,
  launcher: NodeLauncher,
  prepared: Map<string, Promise<void>>,
  { signal, onProgress, now }: { signal?: AbortSignal; onProgress: (event: ProgressEvent) => void; now: () => number },
): Promise<void> {
  signal?.throwIfAborted();
  // One controller for every stage: with `startsAfter: "started"` two stages can be in flight at once, and the
  // first failure must stop both.
  const abort = new AbortController();
  const onOuterAbort = () => abort.abort(signal?.reason);
  signal?.addEventListener("abort", onOuterAbort, { once: true });
  const outcomes: Array<Promise<void>> = [];
  const stageEvents: Array<Promise<void>> = [];
  // What the next stage may wait for: every node so far started, or every node so far ready.
  let allStarted: Promise<boolean> = Promise.resolve(true);
  let allReady: Promise<boolean> = Promise.resolve(true);
  try {
    for (const { stage, nodes } of stagesOf(topology)) {
      const gate = nodes.every((n) => n.startsAfter === "started") ? allStarted : allReady;
      const stageBegun = gate.then((open) => {
        if (!open || abort.signal.aborted)
          throw new GateClosedError(`stage ${stage} was not started: an earlier node failed`);
        onProgress({ kind: "stage-starting", stage, nodes: nodes.map((n) => n.name) });
        return now();
      });
      const runs = nodes.map((node) =>
        runNode(node, stage, stageBegun, { launcher, prepared, abort, onProgress, now }),
      );
      const stageStarted = Promise.all(runs.map((r) => r.started));
      const stageReady = Promise.all(runs.map((r) => r.ready));
      stageEvents.push(
        Promise.all([stageBegun, stageReady]).then(
          ([begunAt]) => onProgress({ kind: "stage-ready", stage, elapsedMs: now() - begunAt }),
          () => undefined,
        ),
      );
      allStarted = Promise.all([allStarted, stageStarted]).then(
        ([before]) => before,
        () => false,
      );
      allReady = Promise.all([allReady, stageReady]).then(
        ([before]) => before,
        () => false,
      );
      outcomes.push(...runs.map((r) => r.ready));
    }
    // Every node settles (a failure aborts the rest quickly) before `up` goes on to clean up or return.
    const results = await Promise.allSettled(outcomes);
    await Promise.all(stageEvents);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) {
      // Report the node that failed first, not a stage-mate's abort or a closed gate.
      const first: unknown = abort.signal.reason;
      throw first instanceof NodeNotReadyError ? first : signal?.aborted ? signal.reason : failed.reason;
    }
  } finally {
    signal?.removeEventListener("abort", onOuterAbort);
  }
}

/** One node: wait for its stage's gate, start it, wait for readiness. `started` settles once its start returned. */
function runNode(
  node: NodeSpec,
  stage: number,
  stageBegun: Promise<number>,
  ctx: {
    launcher: NodeLauncher;
    prepared: Map<string, Promise<void>>;
    abort: AbortController;
    onProgress: (event: ProgressEvent) => void;
    now: () => number;
  },
): { started: Promise<void>; ready: Promise<void> } {
  const { launcher, prepared, abort, onProgress, now } = ctx;
  let nodeStarted = 0;
  const started = stageBegun.then(async () => {
    nodeStarted = now();
    onProgress({ kind: "node-starting", stage, node: node.name });
    await prepared.get(node.name);
    await launcher.start(node, abort.signal);
  });
  const ready = started
    .then(async () => {
      await waitFor(node.wait, launcher.target(node), {
        deadline: nodeStarted + node.readyTimeoutMs,
        signal: abort.signal,
        now,
      });
      onProgress({ kind: "node-ready", stage, node: node.name, elapsedMs: now() - nodeStarted });
    })
    .catch(async (error: unknown) => {
      if (error instanceof GateClosedError || (abort.signal.aborted && !(error instanceof WaitFailedError)))
        throw error;
      const failure = await describeFailure(node, error, launcher);
      onProgress({ kind: "node-failed", stage, node: node.name, message: failure.reason });
      // Only the first failure becomes the reason: later ones are consequences of the abort.
      if (!abort.signal.aborted) abort.abort(failure);
      throw failure;
    });
  // Observed through `ready`; this keeps a failed start from also being an unhandled rejection.
  started.catch(() => undefined);
  return { started, ready };
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
