/**
 * Fault drills on the running cluster through the runtime's fault operations (kill, stop, pause,
 * disconnect, partition). A drill changes the learner's cluster, so every drill records what it broke
 * and puts it back afterwards (`restore`), whatever the outcome: `lab check` leaves the cluster as it
 * found it.
 */
export type FaultOps = {
  kill(node: string): Promise<void>;
  stop(node: string, opts?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
  start(node: string): Promise<void>;
  pause(node: string): Promise<void>;
  unpause(node: string): Promise<void>;
  partition(groupA: Array<string>, groupB: Array<string>): Promise<void>;
  heal(): Promise<void>;
  state(node: string): Promise<"running" | "paused" | "stopped" | "missing">;
  waitReady(node: string, opts?: { signal?: AbortSignal; timeoutMs?: number }): Promise<void>;
};

export type Drill = {
  kill(node: string): Promise<void>;
  stop(node: string): Promise<void>;
  /** Start a node this drill (or an earlier step) took down, and wait until it answers again. */
  start(node: string, opts?: { waitReady?: boolean; timeoutMs?: number }): Promise<void>;
  pause(node: string): Promise<void>;
  partition(groupA: Array<string>, groupB: Array<string>): Promise<void>;
  /** What the drill did, in order, with times since it began (evidence). */
  readonly journal: Array<string>;
  /** Undo everything still broken: heal partitions, unpause, start stopped nodes (and wait for them). */
  restore(opts?: { waitReady?: boolean }): Promise<void>;
};

export function createDrill(ops: FaultOps, signal?: AbortSignal): Drill {
  const started = Date.now();
  const down = new Set<string>();
  const paused = new Set<string>();
  let partitioned = false;
  const journal: Array<string> = [];
  const note = (what: string) => journal.push(`+${((Date.now() - started) / 1000).toFixed(1)} s ${what}`);

  return {
    journal,
    async kill(node) {
      await ops.kill(node);
      down.add(node);
      note(`killed ${node} (SIGKILL, no goodbye)`);
    },
    async stop(node) {
      await ops.stop(node, { graceful: true, timeoutMs: 5_000 });
      down.add(node);
      note(`stopped ${node} gracefully`);
    },
    async start(node, opts = {}) {
      await ops.start(node);
      down.delete(node);
      if (opts.waitReady ?? true) await ops.waitReady(node, { signal, timeoutMs: opts.timeoutMs ?? 30_000 });
      note(`started ${node}${(opts.waitReady ?? true) ? " (answering again)" : ""}`);
    },
    async pause(node) {
      await ops.pause(node);
      paused.add(node);
      note(`paused ${node}`);
    },
    async partition(groupA, groupB) {
      await ops.partition(groupA, groupB);
      partitioned = true;
      note(`partitioned [${groupA.join(", ")}] | [${groupB.join(", ")}]`);
    },
    async restore(opts = {}) {
      const problems: Array<string> = [];
      const attempt = async (what: string, op: () => Promise<void>) => {
        try {
          await op();
        } catch (cause) {
          problems.push(`${what}: ${cause instanceof Error ? cause.message : String(cause)}`);
        }
      };
      if (partitioned) await attempt("heal", () => ops.heal());
      partitioned = false;
      for (const node of paused) await attempt(`unpause ${node}`, () => ops.unpause(node));
      paused.clear();
      const restarting = [...down];
      for (const node of restarting) await attempt(`start ${node}`, () => ops.start(node));
      if (opts.waitReady ?? true) {
        await Promise.all(
          restarting.map((node) => attempt(`wait for ${node}`, () => ops.waitReady(node, { timeoutMs: 30_000 }))),
        );
      }
      down.clear();
      if (restarting.length > 0) note(`restored ${restarting.join(", ")}`);
      if (problems.length > 0)
        throw new Error(
          `could not restore the cluster after the drill (${problems.join("; ")}); run \`lab down\` and \`lab up\``,
        );
    },
  };
}
