/**
 * The lab lifecycle: init, up, check, solve, reset, down, status, logs and node operations. Each takes the
 * resolved lab, the workspace and a runtime, and reports progress as plain lines (the caller decides where they
 * go: stderr in the CLI, a stream in the UI). The front ends reach these through the lab desk (desk.ts), which
 * does the resolving; tests may call them directly.
 */
import path from "node:path";
import { runChecks, type CheckResult, type LabReport } from "@/lib/grading";
import {
  newSessionId,
  type ClusterRuntime,
  type NodeMount,
  type NodeState,
  type ProgressEvent,
  type RuntimeKind,
  type StartedCluster,
} from "@/lib/runtime/types";
import { createLabCheckContext } from "./check-context";
import { cliCommand } from "@/lib/cli-command";
import { hashTrees } from "./files";
import { LabUsageError, LintFailedError } from "./learner-error";
import { formatDiagnostic, lintLabWorkspace, type LintOutcome } from "./lint";
import { NODE_OPERATIONS, nodeOperationsFor, type NodeOperation } from "./node-operations";
import { workspaceProvenance } from "./provenance";
import { labContentHash, type RegisteredLab } from "./registry";
import { clearSession, readSession, writeSession, type LabSession } from "./session";
import { buildTopology } from "./topology";
import { startFailureResult, workspaceStartFailure } from "./start-failure";
import { requireWorkspace, writeWorkspace, type WriteWorkspaceResult } from "./workspace";

export type Progress = (line: string) => void;

export { LabUsageError, LintFailedError };

/** The runtime to use: the requested one if the lab supports it, else the lab's first (docker before process). */
export function chooseRuntime(lab: RegisteredLab, requested?: RuntimeKind): RuntimeKind {
  const supported = lab.definition.runtimes;
  if (requested) {
    if (!supported.includes(requested)) {
      throw new LabUsageError(
        `Lab "${lab.definition.id}" does not run on the ${requested} runtime (it supports: ${supported.join(", ")}). Use --runtime ${supported[0]}.`,
      );
    }
    return requested;
  }
  return supported.includes("docker") ? "docker" : (supported[0] ?? "docker");
}

// ---------------------------------------------------------------------------------------------
// Workspace verbs

export function initLab(lab: RegisteredLab, workspace: string, opts: { force?: boolean } = {}): WriteWorkspaceResult {
  return writeWorkspace({
    lab: lab.definition.id,
    workspace,
    starterDir: lab.starterDir,
    force: opts.force,
    verb: "init",
  });
}

export function solveLab(lab: RegisteredLab, workspace: string, opts: { force?: boolean } = {}): WriteWorkspaceResult {
  return writeWorkspace({
    lab: lab.definition.id,
    workspace,
    starterDir: lab.starterDir,
    solutionDir: lab.solutionDir,
    force: opts.force,
    verb: "solve",
  });
}

export function resetLab(lab: RegisteredLab, workspace: string, opts: { force?: boolean } = {}): WriteWorkspaceResult {
  return writeWorkspace({
    lab: lab.definition.id,
    workspace,
    starterDir: lab.starterDir,
    force: opts.force,
    verb: "reset",
  });
}

// ---------------------------------------------------------------------------------------------
// Static checks

/** Lint the workspace; errors stop `up` (LintFailedError), warnings are printed. */
export async function runStaticChecks(lab: RegisteredLab, workspace: string, progress: Progress): Promise<LintOutcome> {
  progress("Static checks: linting the node configurations");
  const outcome = await lintLabWorkspace(lab.definition, workspace);
  if (!outcome.available) {
    progress(`  skipped: ${outcome.reason}`);
    return outcome;
  }
  for (const d of outcome.diagnostics) progress(`  ${formatDiagnostic(d)}`);
  const errors = outcome.diagnostics.filter((d) => d.severity === "error");
  if (errors.length === 0)
    progress(`  ok (${outcome.diagnostics.length} note${outcome.diagnostics.length === 1 ? "" : "s"})`);
  return outcome;
}

function lintErrors(outcome: LintOutcome): Array<string> {
  return outcome.available ? outcome.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic) : [];
}

// ---------------------------------------------------------------------------------------------
// up / down

export type UpResult = { session: LabSession; cluster: StartedCluster };

/** Reap orphans, lint, start the topology stage by stage, record the session in the workspace. */
export async function upLab(input: {
  lab: RegisteredLab;
  workspace: string;
  runtime: ClusterRuntime;
  progress: Progress;
  signal?: AbortSignal;
  /** The CLI detaches (the cluster outlives `lab up`); `check` starting a cluster for itself does not. */
  detach?: boolean;
}): Promise<UpResult> {
  const { lab, workspace, runtime, progress } = input;
  const id = lab.definition.id;
  requireWorkspace(workspace, id);
  await prepareRuntime(runtime, progress);
  const existing = await liveSession(workspace, runtime);
  if (existing) {
    throw new LabUsageError(
      `Lab "${id}" is already up in this workspace (session ${existing.session}). Run \`${cliCommand(`lab down ${id}`)}\` first to restart it with your changes.`,
    );
  }
  const lint = await runStaticChecks(lab, workspace, progress);
  const errors = lintErrors(lint);
  if (errors.length > 0) {
    throw new LintFailedError(
      `The workspace has ${errors.length} configuration error${errors.length === 1 ? "" : "s"}; fix ${errors.length === 1 ? "it" : "them"} and run \`${cliCommand(`lab up ${id}`)}\` again:\n${errors.map((e) => `  ${e}`).join("\n")}`,
    );
  }
  return startCluster({ ...input, detach: input.detach ?? true });
}

/**
 * Start the topology and (when detached) record the session. The caller has already checked the workspace,
 * prepared the runtime and linted: `up` and `check` each do that once, then share this step.
 */
async function startCluster(input: {
  lab: RegisteredLab;
  workspace: string;
  runtime: ClusterRuntime;
  progress: Progress;
  signal?: AbortSignal;
  detach: boolean;
}): Promise<UpResult> {
  const { lab, workspace, runtime, progress } = input;
  const id = lab.definition.id;
  const session = newSessionId(id);
  const topology = buildTopology({ lab: lab.definition, workspace, session });
  progress(
    `Starting ${topology.nodes.length} node${topology.nodes.length === 1 ? "" : "s"} on the ${runtime.kind} runtime (session ${session})`,
  );
  const cluster = await runtime.up(topology, {
    signal: input.signal,
    onProgress: (event) => progress(describeProgress(event)),
    detach: input.detach,
  });
  const record: LabSession = {
    lab: id,
    session,
    runtime: runtime.kind,
    startedAt: new Date().toISOString(),
    contentHash: labContentHash(lab),
    workspaceHash: nodeFoldersHash(lab, workspace),
    endpoints: endpointsOf(cluster),
  };
  if (input.detach) writeSession(workspace, record);
  return { session: record, cluster };
}

export async function downLab(input: {
  lab: RegisteredLab;
  workspace: string;
  runtime: ClusterRuntime;
  progress: Progress;
}): Promise<{ removed: string | null }> {
  const record = readSession(input.workspace, input.lab);
  if (!record) {
    input.progress(`Lab "${input.lab.definition.id}" is not up in ${input.workspace}: nothing to stop.`);
    return { removed: null };
  }
  await prepareRuntime(input.runtime, input.progress);
  input.progress(`Removing session ${record.session} (${record.runtime})`);
  await input.runtime.remove(record.session);
  clearSession(input.workspace);
  return { removed: record.session };
}

// ---------------------------------------------------------------------------------------------
// check

/** The check the engine adds to every report of a lab with lintable configuration (0 points; failing it skips the rest). */
export const STATIC_CHECK_ID = "config-lint";

/**
 * Grade the workspace. Static checks first: a workspace that does not lint reports a `config-lint` fail
 * and skips every runtime check. Uses the running session when there is one; otherwise starts the
 * cluster for the duration of the check and removes it afterwards (it leaves things as it found them).
 */
export async function checkLab(input: {
  lab: RegisteredLab;
  workspace: string;
  runtime: ClusterRuntime;
  progress: Progress;
  signal?: AbortSignal;
  onResult?: (result: CheckResult) => void;
}): Promise<LabReport> {
  const { lab, workspace, runtime, progress } = input;
  const id = lab.definition.id;
  requireWorkspace(workspace, id);
  const contentHash = labContentHash(lab);
  // Recorded before anything runs: what the learner's files were when grading started (security review M6).
  const provenance = workspaceProvenance(lab, workspace);
  const base = {
    lab: id,
    contentHash,
    runtime: runtime.kind,
    checks: lab.definition.checks,
    onResult: input.onResult,
    signal: input.signal,
    provenance,
  };

  const lint = await runStaticChecks(lab, workspace, progress);
  const errors = lintErrors(lint);
  const lintResult: Array<CheckResult> = lint.available
    ? [
        {
          id: STATIC_CHECK_ID,
          title: "Node configurations pass the static checks",
          status: errors.length > 0 ? "fail" : "pass",
          points: 0,
          maxPoints: 0,
          evidence: {
            expected: "no configuration errors",
            observed: errors.length > 0 ? `${errors.length} error(s)` : "no errors",
            ...(errors.length > 0 ? { log: errors } : {}),
          },
          hint:
            errors.length > 0
              ? {
                  nudge:
                    "A configuration file does not parse or breaks a clustering rule; the log names the file, line and column.",
                  fix: "Fix each listed error, then check again.",
                }
              : null,
        },
      ]
    : [];
  if (errors.length > 0) {
    return runChecks({
      ...base,
      preResults: lintResult,
      skipAllBecause: "not run: the workspace has configuration errors (see config-lint)",
      contextFor: () => undefined as never,
    });
  }

  await prepareRuntime(runtime, progress);
  let cluster: StartedCluster;
  let startedHere = false;
  const existing = await liveSession(workspace, runtime);
  if (existing) {
    progress(`Using the running session ${existing.session}`);
    if (existing.workspaceHash && existing.workspaceHash !== nodeFoldersHash(lab, workspace)) {
      progress(
        `  note: the workspace changed since \`lab up\`; the running cluster still uses the old files. Run \`${cliCommand(`lab down ${id}`)}\` and \`${cliCommand(`lab up ${id}`)}\` to grade your changes.`,
      );
    }
    cluster = await runtime.attach(existing.session);
  } else {
    progress(`Lab "${id}" is not up: starting it for this check (it is removed afterwards)`);
    try {
      // The workspace, the runtime and the lint were checked above: start the cluster without repeating them.
      cluster = (await startCluster({ lab, workspace, runtime, progress, signal: input.signal, detach: false }))
        .cluster;
    } catch (error) {
      // A node refused the learner's file (nginx.conf, init.sql, Carbon config): graded, not an environment error.
      const failure = workspaceStartFailure(error, lab.definition, workspace);
      if (!failure) throw error;
      progress(`  ${failure.node} did not start because of the workspace: grading it as a failed start`);
      return runChecks({
        ...base,
        preResults: [...lintResult, startFailureResult(failure)],
        skipAllBecause: "not run: a node did not start (see nodes-start)",
        contextFor: () => undefined as never,
      });
    }
    startedHere = true;
  }
  try {
    progress(`Running ${lab.definition.checks.length} check${lab.definition.checks.length === 1 ? "" : "s"}`);
    return await runChecks({
      ...base,
      preResults: lintResult,
      contextFor: (_check, signal) =>
        createLabCheckContext({ lab: id, workspace, nodes: lab.definition.topology.nodes, cluster, signal }),
    });
  } finally {
    if (startedHere) {
      progress("Removing the cluster started for this check");
      await cluster.down();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// status / logs

export type LabStatus = {
  lab: string;
  workspace: string;
  up: boolean;
  session: string | null;
  runtime: RuntimeKind | null;
  startedAt: string | null;
  nodes: Array<{
    name: string;
    role: string;
    state: NodeState | "not-started";
    endpoints: Record<string, string>;
    mounts: Array<NodeMount>;
  }>;
};

export async function statusLab(input: {
  lab: RegisteredLab;
  workspace: string;
  runtime: ClusterRuntime;
  progress?: Progress;
}): Promise<LabStatus> {
  const { lab, workspace, runtime } = input;
  await prepareRuntime(runtime, input.progress ?? (() => {}));
  const record = await liveSession(workspace, runtime);
  const base = { lab: lab.definition.id, workspace };
  if (!record) {
    return {
      ...base,
      up: false,
      session: null,
      runtime: null,
      startedAt: null,
      nodes: lab.definition.topology.nodes.map((n) => ({
        name: n.name,
        role: n.role,
        state: "not-started" as const,
        endpoints: {},
        mounts: [],
      })),
    };
  }
  const cluster = await runtime.attach(record.session);
  const endpoints = endpointsOf(cluster);
  const nodes = await Promise.all(
    lab.definition.topology.nodes.map(async (n) => ({
      name: n.name,
      role: n.role,
      state: await cluster.state(n.name),
      endpoints: endpoints[n.name] ?? {},
      mounts: cluster.nodes[n.name]?.mounts ?? [],
    })),
  );
  return {
    ...base,
    up: nodes.every((n) => n.state === "running"),
    session: record.session,
    runtime: record.runtime,
    startedAt: record.startedAt,
    nodes,
  };
}

export async function logsLab(input: {
  lab: RegisteredLab;
  workspace: string;
  runtime: ClusterRuntime;
  node: string;
  tail?: number;
  progress?: Progress;
}): Promise<string> {
  const { lab, workspace, runtime, node } = input;
  requireNode(lab, node);
  await prepareRuntime(runtime, input.progress ?? (() => {}));
  const record = await liveSession(workspace, runtime);
  if (!record)
    throw new LabUsageError(
      `Lab "${lab.definition.id}" is not up in ${workspace}. Start it with \`${cliCommand(`lab up ${lab.definition.id}`)}\`.`,
    );
  const cluster = await runtime.attach(record.session);
  return cluster.logs(node, { tail: input.tail ?? 100 });
}

// ---------------------------------------------------------------------------------------------
// node operations (the READMEs' "stop node2 and watch": the runtime's own fault operations)

export { NODE_OPERATIONS, type NodeOperation };

/** How long `start` waits for the node's readiness before saying it started but does not answer yet. */
const NODE_START_READY_MS = 90_000;

/**
 * Stop (graceful), start (and wait until it answers), kill (SIGKILL, no goodbye), pause or resume one node of
 * the running session. Unlike a drill in a check, nothing is put back afterwards: the learner asked for it.
 */
export async function nodeLab(input: {
  lab: RegisteredLab;
  workspace: string;
  runtime: ClusterRuntime;
  node: string;
  operation: NodeOperation;
  progress: Progress;
  signal?: AbortSignal;
}): Promise<{ node: string; state: NodeState }> {
  const { lab, workspace, runtime, node, operation, progress } = input;
  const id = lab.definition.id;
  requireNode(lab, node);
  await prepareRuntime(runtime, progress);
  const record = await liveSession(workspace, runtime);
  if (!record)
    throw new LabUsageError(
      `Lab "${id}" is not up in ${workspace}, so there is no ${node} to ${operation}. Start it with \`${cliCommand(`lab up ${id}`)}\`.`,
    );
  const cluster = await runtime.attach(record.session);
  const before = await cluster.state(node);
  const refusal = nodeOperationRefusal(operation, before, id);
  if (refusal) throw new LabUsageError(`${node} is ${before}: ${refusal}`);
  switch (operation) {
    case "stop":
      progress(`Stopping ${node} gracefully (SIGTERM; killed after 10 s)`);
      await cluster.stop(node, { graceful: true, timeoutMs: 10_000 });
      break;
    case "kill":
      progress(`Killing ${node} (SIGKILL: it leaves the cluster without a goodbye)`);
      await cluster.kill(node);
      break;
    case "pause":
      progress(`Pausing ${node} (it stays up but answers nothing, as a long GC pause)`);
      await cluster.pause(node);
      break;
    case "resume":
      progress(`Resuming ${node}`);
      await cluster.unpause(node);
      break;
    case "start":
      progress(`Starting ${node}`);
      await cluster.start(node);
      try {
        await cluster.waitReady(node, { signal: input.signal, timeoutMs: NODE_START_READY_MS });
        progress(`  ${node} answers again; the other members see it once membership agrees (watch the topology).`);
      } catch (error) {
        if (input.signal?.aborted) throw error;
        progress(
          `  ${node} started but does not answer yet (${error instanceof Error ? error.message.split("\n")[0] : String(error)}); see \`${cliCommand(`lab logs ${id} ${node}`)}\`.`,
        );
      }
      break;
  }
  const state = await cluster.state(node);
  progress(`${node} is ${state}.`);
  return { node, state };
}

/** Why `operation` makes no sense on a node in `state` (the same table the console's buttons follow), or null. */
function nodeOperationRefusal(operation: NodeOperation, state: NodeState, labId: string): string | null {
  if (nodeOperationsFor(state).includes(operation)) return null;
  if (state === "missing")
    return `its container or process is gone; run \`${cliCommand(`lab down ${labId}`)}\` and \`${cliCommand(`lab up ${labId}`)}\` to recreate the cluster.`;
  if (state === "stopped") return "start it first.";
  if (state === "paused") return operation === "start" ? "resume it instead." : "it is already paused.";
  return operation === "start" ? "it is already running." : "only a paused node can be resumed.";
}

function requireNode(lab: RegisteredLab, node: string): void {
  const names = lab.definition.topology.nodes.map((n) => n.name);
  if (!names.includes(node))
    throw new LabUsageError(`Lab "${lab.definition.id}" has no node "${node}"; its nodes are: ${names.join(", ")}.`);
}

// ---------------------------------------------------------------------------------------------
// helpers

/** The workspace's recorded session if the runtime still has it; a stale record (reaped, removed by hand) is cleared. */
export async function liveSession(workspace: string, runtime: ClusterRuntime): Promise<LabSession | null> {
  const record = readSession(workspace);
  if (!record) return null;
  if (record.runtime !== runtime.kind) {
    throw new LabUsageError(
      `This workspace's lab is up on the ${record.runtime} runtime (session ${record.session}); add --runtime ${record.runtime}, or run \`${cliCommand(`lab down ${record.lab} --runtime ${record.runtime}`)}\` first.`,
    );
  }
  const sessions = await runtime.listSessions({ lab: record.lab });
  if (sessions.some((s) => s.session === record.session)) return record;
  clearSession(workspace);
  return null;
}

/**
 * Every verb that talks to the runtime starts here: fail early with the runtime's own explanation (e.g. "no
 * Docker engine answers ... start Docker") instead of a socket error later, then run the reaper, so
 * whatever a crashed or killed command left behind is removed by the next command, whichever it is.
 */
async function prepareRuntime(runtime: ClusterRuntime, progress: Progress): Promise<void> {
  const availability = await runtime.available();
  if (!availability.ok) throw new LabUsageError(availability.reason);
  const report = await runtime.reap();
  if (report.removed.length > 0) {
    progress(
      `Removed ${report.removed.length} leftover session${report.removed.length === 1 ? "" : "s"}: ${report.removed.map((r) => `${r.session} (${r.reason})`).join(", ")}`,
    );
  }
  for (const f of report.failed ?? []) {
    progress(
      `Could not remove leftover session ${f.session} (lab ${f.lab}): ${f.error}. Carrying on; \`clusterlab doctor\` lists what is left, and \`docker ps -a --filter label=io.clusterlab.session=${f.session}\` and \`docker network inspect clusterlab-${f.session}\` show what holds it.`,
    );
  }
}

/** One hash over every node folder of the workspace (what `up` copies into the nodes). */
function nodeFoldersHash(lab: RegisteredLab, workspace: string): string {
  return hashTrees(
    lab.definition.topology.nodes.map((n) => ({ prefix: n.config, dir: path.join(workspace, n.config) })),
  );
}

function endpointsOf(cluster: StartedCluster): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [name, node] of Object.entries(cluster.nodes)) {
    out[name] = Object.fromEntries(Object.entries(node.hostPorts).map(([port, ep]) => [port, `${ep.host}:${ep.port}`]));
  }
  return out;
}

export function describeProgress(event: ProgressEvent): string {
  switch (event.kind) {
    case "reaped":
      return `  reaped leftover sessions: ${event.sessions.join(", ")}`;
    case "stage-starting":
      return `  stage ${event.stage}: starting ${event.nodes.join(", ")}`;
    case "node-starting":
      return `    ${event.node}: starting`;
    case "node-ready":
      return `    ${event.node}: ready in ${(event.elapsedMs / 1000).toFixed(1)} s`;
    case "stage-ready":
      return `  stage ${event.stage}: ready in ${(event.elapsedMs / 1000).toFixed(1)} s`;
    case "node-failed":
      return `    ${event.node}: FAILED — ${event.message}`;
    case "cleaning-up":
      return `  cleaning up: ${event.reason}`;
  }
}
