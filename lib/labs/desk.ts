/**
 * The lab desk: the one front door for the lab verbs (init, solve, reset, up, check, down, status, logs and node
 * operations). The CLI and the lab console each build one desk from the catalogue (labs/index.ts) and make the
 * same calls; the desk resolves the lab, the workspace and the runtime once per call, holds the two rules both
 * front ends used to write for themselves (where a lab's workspace is by default, and which runtime a workspace
 * uses), and hands every graded report to the delivery it was given (local progress record, classroom submission).
 * Errors stay lib/labs' own; lib/labs/learner-error.ts says which of them are the learner's.
 */
import path from "node:path";
import type { CheckResult, LabReport } from "@/lib/grading";
import type { ClusterRuntime, RuntimeKind } from "@/lib/runtime/types";
import {
  checkLab,
  chooseRuntime,
  downLab,
  initLab,
  logsLab,
  nodeLab,
  resetLab,
  solveLab,
  statusLab,
  upLab,
  type LabStatus,
  type NodeOperation,
  type Progress,
  type UpResult,
} from "./lifecycle";
import type { LabRegistry, RegisteredLab } from "./registry";
import { readSession, type LabSession } from "./session";
import type { WriteWorkspaceResult } from "./workspace";

/** Where a verb acts: an explicit workspace folder and runtime, or the desk's defaults. */
export type LabTarget = { workspace?: string; runtime?: RuntimeKind };

/** What the desk does with a finished report; the same function for both front ends (lib/submissions/deliver.ts). */
export type DeskReportDelivery = (
  report: LabReport,
  options: { submit: boolean | undefined; note: Progress },
) => Promise<unknown>;

export type LabDeskOptions = {
  registry: LabRegistry;
  /** The folder that holds one workspace per lab (`<dir>/<lab>`) when a call names none. */
  workspacesDir: string;
  openRuntime: (kind: RuntimeKind) => Promise<ClusterRuntime>;
  deliver: DeskReportDelivery;
};

type Run = { progress: Progress; signal?: AbortSignal };

export type Resolved = { lab: RegisteredLab; workspace: string };

export type LabDesk = {
  readonly registry: LabRegistry;
  /** The workspace a call on `labId` uses: the target's own, else `<workspacesDir>/<labId>`. */
  workspaceFor(labId: string, target?: LabTarget): string;
  resolve(labId: string, target?: LabTarget): Resolved;
  /** The runtime a workspace uses: the requested one; else the one its recorded session runs on; else the lab's default. */
  runtimeFor(labId: string, target?: LabTarget): Promise<ClusterRuntime>;
  session(labId: string, target?: LabTarget): LabSession | null;
  init(labId: string, target: LabTarget & { force?: boolean }): Resolved & { result: WriteWorkspaceResult };
  solve(labId: string, target: LabTarget & { force?: boolean }): Resolved & { result: WriteWorkspaceResult };
  reset(labId: string, target: LabTarget & { force?: boolean }): Resolved & { result: WriteWorkspaceResult };
  up(labId: string, target: LabTarget, run: Run): Promise<Resolved & UpResult>;
  /**
   * Grade, then show (`present`, e.g. print it) and deliver the report. Delivery reports its own problems as
   * progress lines and never changes the grade.
   */
  check(
    labId: string,
    target: LabTarget,
    run: Run & { onResult?: (result: CheckResult) => void; present?: (report: LabReport) => void; submit?: boolean },
  ): Promise<LabReport>;
  down(labId: string, target: LabTarget, run: Run): Promise<{ removed: string | null }>;
  status(labId: string, target: LabTarget, run?: Partial<Run>): Promise<LabStatus>;
  logs(labId: string, node: string, target: LabTarget, opts?: { tail?: number; progress?: Progress }): Promise<string>;
  node(
    labId: string,
    node: string,
    operation: NodeOperation,
    target: LabTarget,
    run: Run,
  ): Promise<{ node: string; state: string }>;
};

export function createLabDesk(options: LabDeskOptions): LabDesk {
  const { registry } = options;

  function workspaceFor(labId: string, target: LabTarget = {}): string {
    return target.workspace ? path.resolve(target.workspace) : path.join(options.workspacesDir, labId);
  }

  function resolve(labId: string, target: LabTarget = {}): Resolved {
    return { lab: registry.get(labId), workspace: workspaceFor(labId, target) };
  }

  // A running session decides the runtime (it was started on one) unless the caller asks for one; the lab
  // checks the request (`chooseRuntime`), and `liveSession` refuses a request that contradicts the session.
  async function runtimeOf({ lab, workspace }: Resolved, requested?: RuntimeKind): Promise<ClusterRuntime> {
    const recorded = requested ? undefined : readSession(workspace)?.runtime;
    return options.openRuntime(recorded ?? chooseRuntime(lab, requested));
  }

  async function withRuntime(labId: string, target: LabTarget): Promise<Resolved & { runtime: ClusterRuntime }> {
    const resolved = resolve(labId, target);
    return { ...resolved, runtime: await runtimeOf(resolved, target.runtime) };
  }

  return {
    registry,
    workspaceFor,
    resolve,
    runtimeFor: async (labId, target = {}) => (await withRuntime(labId, target)).runtime,
    session: (labId, target = {}) => readSession(workspaceFor(labId, target)),
    init(labId, target) {
      const r = resolve(labId, target);
      return { ...r, result: initLab(r.lab, r.workspace, { force: target.force }) };
    },
    solve(labId, target) {
      const r = resolve(labId, target);
      return { ...r, result: solveLab(r.lab, r.workspace, { force: target.force }) };
    },
    reset(labId, target) {
      const r = resolve(labId, target);
      return { ...r, result: resetLab(r.lab, r.workspace, { force: target.force }) };
    },
    async up(labId, target, run) {
      const r = await withRuntime(labId, target);
      // Detached in both front ends: the cluster outlives the command or the page; `down` removes it.
      const started = await upLab({ ...r, progress: run.progress, signal: run.signal, detach: true });
      return { lab: r.lab, workspace: r.workspace, ...started };
    },
    async check(labId, target, run) {
      const r = await withRuntime(labId, target);
      const report = await checkLab({ ...r, progress: run.progress, signal: run.signal, onResult: run.onResult });
      run.present?.(report);
      await options.deliver(report, { submit: run.submit, note: run.progress }).catch((error: unknown) => {
        run.progress(
          `Could not record or submit this report (${error instanceof Error ? error.message : String(error)}); re-run the check with \`--json > report.json\` to keep it.`,
        );
      });
      return report;
    },
    async down(labId, target, run) {
      return downLab({ ...(await withRuntime(labId, target)), progress: run.progress });
    },
    async status(labId, target, run = {}) {
      return statusLab({ ...(await withRuntime(labId, target)), progress: run.progress });
    },
    async logs(labId, node, target, opts = {}) {
      return logsLab({ ...(await withRuntime(labId, target)), node, tail: opts.tail, progress: opts.progress });
    },
    async node(labId, node, operation, target, run) {
      return nodeLab({
        ...(await withRuntime(labId, target)),
        node,
        operation,
        progress: run.progress,
        signal: run.signal,
      });
    },
  };
}
