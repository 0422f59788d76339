/**
 * What the probes need from a check's context. lib/grading imports nothing from lib/labs (ADR 0009), so
 * this is a structural type: the lab engine's LabCheckContext satisfies it as is.
 */
import type { FaultOps } from "./faults";
import type { LogSource } from "./logs";
import type { Exec } from "./sql";
import { readClusterView, viewsAgree, type NodeView } from "./cluster-view";
import { pollUntil, type PollResult } from "./poll";

export type ProbeContext = {
  workspace: string;
  signal: AbortSignal;
  url(node: string, port?: number): string;
  logTail: LogSource;
  cluster: FaultOps & { exec: Exec };
};

/** Every listed node's cluster view, read in parallel. */
export function readViews(
  ctx: Pick<ProbeContext, "url" | "signal">,
  nodes: ReadonlyArray<string>,
): Promise<Array<NodeView>> {
  return Promise.all(nodes.map((node) => readClusterView(node, ctx.url(node), ctx.signal)));
}

/**
 * Poll until every listed node has joined and lists exactly `nodes` (the membership labs' "one cluster");
 * the last views are the evidence either way.
 */
export function waitForAgreement(
  ctx: Pick<ProbeContext, "url" | "signal">,
  nodes: ReadonlyArray<string>,
  options: { timeoutMs: number; intervalMs?: number },
): Promise<PollResult<Array<NodeView>>> {
  return pollUntil(
    () => readViews(ctx, nodes),
    (views) => viewsAgree(views, nodes),
    { ...options, signal: ctx.signal },
  );
}
