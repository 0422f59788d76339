/**
 * `clusterlab lab list | init | up | check | solve | reset | down | status | logs`: thin wrappers over
 * lib/labs. Progress goes to stderr so `--json` output on stdout stays machine-readable.
 * Exit codes: 0 success/pass, 1 check failures or configuration (lint) errors, 2 usage or environment error.
 */
import path from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { formatReport, reportExitCode } from "@/lib/grading";
import { EnvError } from "@/lib/env";
import {
  checkLab,
  chooseRuntime,
  defaultWorkspace,
  describeEdits,
  downLab,
  initLab,
  LabCatalogueError,
  LabDefinitionError,
  LabNotFoundError,
  LabUsageError,
  LintFailedError,
  logsLab,
  readSession,
  resetLab,
  solveLab,
  statusLab,
  upLab,
  WorkspaceError,
  type RegisteredLab,
  type WriteWorkspaceResult,
} from "@/lib/labs";
import { openRuntime } from "@/lib/labs/runtimes";
import { RuntimeError, type RuntimeKind } from "@/lib/runtime/types";
import { DockerUnavailableError } from "@/lib/runtime/docker/client";
import { getLabRegistry } from "@/labs/index";
import { EXIT_FAILURES, EXIT_OK, EXIT_USAGE } from "../exit";
import { note, print } from "../output";
import { deliverReport } from "./lab-report-delivery";

type CommonOptions = { workspace?: string; runtime?: RuntimeKind };

export function registerLabCommands(program: Command): void {
  const lab = program.command("lab").description("Start, grade and stop hands-on labs (see `lab list`)");

  lab
    .command("list")
    .description("List the labs")
    .option("--json", "print JSON")
    .action((opts: { json?: boolean }) =>
      run(async () => {
        const labs = getLabRegistry().list();
        if (opts.json) {
          print(JSON.stringify(labs.map(summarise), null, 2));
        } else {
          for (const l of labs) print(`${l.definition.id.padEnd(20)} ${l.definition.title}  [${l.definition.runtimes.join(", ")}]`);
        }
        return EXIT_OK;
      }),
    );

  registerWorkspaceWrite(lab, "init", "Copy the lab's starter files into a workspace", (id, registered, workspace, opts) => {
    reportWrite("Initialised", initLab(registered, workspace, { force: opts.force }));
    note(`Next: edit the files, then \`clusterlab lab up ${id}${workspaceFlag(opts)}\`.`);
  });
  registerWorkspaceWrite(lab, "solve", "Write the reference solution into the workspace", (_id, registered, workspace, opts) =>
    reportWrite("Wrote the solution into", solveLab(registered, workspace, { force: opts.force })),
  );
  registerWorkspaceWrite(lab, "reset", "Put the starter files back in the workspace", (_id, registered, workspace, opts) =>
    reportWrite("Reset", resetLab(registered, workspace, { force: opts.force })),
  );

  withRuntime(withCommon(lab.command("up <lab>").description("Check the workspace, then start the lab's cluster")))
    .action((id: string, opts: CommonOptions) =>
      run(async () => {
        const { registered, workspace } = resolve(id, opts);
        const runtime = await openRuntime(chooseRuntime(registered, opts.runtime));
        const { session, cluster } = await withInterrupt((signal) => upLab({ lab: registered, workspace, runtime, progress: note, signal, detach: true }));
        note(`Lab "${id}" is up (session ${session.session}).`);
        for (const { name } of registered.definition.topology.nodes) {
          const node = cluster.nodes[name];
          if (!node) continue;
          const ports = Object.entries(node.hostPorts).map(([p, ep]) => `${p} -> http://${ep.host}:${ep.port}`);
          print(`  ${name.padEnd(10)} ${node.role.padEnd(8)} ${ports.join(", ")}`);
        }
        note(`Grade it with \`clusterlab lab check ${id}${workspaceFlag(opts)}\`; stop it with \`clusterlab lab down ${id}${workspaceFlag(opts)}\`.`);
        return EXIT_OK;
      }),
    );

  withRuntime(withCommon(lab.command("check <lab>").description("Grade the workspace (starts the cluster for the check if it is not up)")))
    .option("--json", "print the versioned report as JSON")
    .option("--submit", "send the report to the class server (the default when logged in with `clusterlab login`)")
    .option("--no-submit", "do not send the report, even when logged in")
    .action((id: string, opts: CommonOptions & { json?: boolean; submit?: boolean }) =>
      run(async () => {
        const { registered, workspace, runtime } = await resolveExisting(id, opts);
        const report = await withInterrupt((signal) =>
          checkLab({
            lab: registered,
            workspace,
            runtime,
            progress: note,
            signal,
            onResult: (r) => note(`  ${r.status.toUpperCase().padEnd(7)} ${r.id} (${r.points}/${r.maxPoints})`),
          }),
        );
        print(opts.json ? JSON.stringify(report, null, 2) : formatReport(report));
        // Recording and submitting report their own problems; the exit code is the grade's alone.
        await deliverReport(report, { submit: opts.submit, note }).catch((error: unknown) =>
          note(`Could not record or submit this report (${error instanceof Error ? error.message : String(error)}); re-run with \`--json > report.json\` to keep it.`),
        );
        return reportExitCode(report);
      }),
    );

  withRuntime(withCommon(lab.command("down <lab>").description("Stop the lab and remove its containers and networks")))
    .action((id: string, opts: CommonOptions) =>
      run(async () => {
        const { registered, workspace, runtime } = await resolveExisting(id, opts);
        const { removed } = await downLab({ lab: registered, workspace, runtime, progress: note });
        if (removed) note(`Lab "${id}" is down.`);
        return EXIT_OK;
      }),
    );

  withRuntime(withCommon(lab.command("status <lab>").description("Show whether the lab is up, and where each node answers")))
    .option("--json", "print JSON")
    .action((id: string, opts: CommonOptions & { json?: boolean }) =>
      run(async () => {
        const { registered, workspace, runtime } = await resolveExisting(id, opts);
        const status = await statusLab({ lab: registered, workspace, runtime, progress: note });
        if (opts.json) {
          print(JSON.stringify(status, null, 2));
        } else {
          print(status.session ? `Lab ${status.lab}: ${status.up ? "up" : "degraded"} (session ${status.session}, ${status.runtime}, since ${status.startedAt})` : `Lab ${status.lab}: not up`);
          for (const node of status.nodes) {
            const ports = Object.entries(node.endpoints).map(([p, ep]) => `${p} -> http://${ep}`);
            print(`  ${node.name.padEnd(10)} ${node.role.padEnd(8)} ${node.state.padEnd(12)} ${ports.join(", ")}`);
            for (const m of node.mounts) print(`  ${"".padEnd(10)} mounts nfs:/${m.share} on ${m.path}${m.readOnly ? " (read-only)" : ""}`);
          }
        }
        return EXIT_OK;
      }),
    );

  withRuntime(withCommon(lab.command("logs <lab> <node>").description("Print a node's last log lines")))
    .option("--tail <lines>", "how many lines", (v) => parsePositiveInt(v, "--tail"), 100)
    .action((id: string, node: string, opts: CommonOptions & { tail: number }) =>
      run(async () => {
        const { registered, workspace, runtime } = await resolveExisting(id, opts);
        process.stdout.write(await logsLab({ lab: registered, workspace, runtime, node, tail: opts.tail, progress: note }));
        return EXIT_OK;
      }),
    );
}

type WriteOptions = CommonOptions & { force?: boolean };

/** `lab init | solve | reset <lab> [--workspace] [--force]`: the commands that write files into a workspace. */
function registerWorkspaceWrite(lab: Command, name: string, description: string, write: (id: string, registered: RegisteredLab, workspace: string, opts: WriteOptions) => void): void {
  withCommon(lab.command(`${name} <lab>`).description(description))
    .option("--force", "discard changes already made in the workspace")
    .action((id: string, opts: WriteOptions) =>
      run(async () => {
        const { registered, workspace } = resolve(id, opts);
        write(id, registered, workspace, opts);
        return EXIT_OK;
      }),
    );
}

function withCommon(command: Command): Command {
  return command.option("--workspace <dir>", "the lab's workspace folder (default: workspaces/<lab>)");
}

function withRuntime(command: Command): Command {
  return command.addOption(new Option("--runtime <kind>", "where nodes run").choices(["docker", "process"]));
}

function resolve(id: string, opts: CommonOptions): { registered: RegisteredLab; workspace: string } {
  const registered = getLabRegistry().get(id);
  const workspace = opts.workspace ? path.resolve(opts.workspace) : defaultWorkspace(process.cwd(), id);
  return { registered, workspace };
}

/** The lab, its workspace, and the runtime its running session (or the flag, or the lab's default) names. */
async function resolveExisting(id: string, opts: CommonOptions): Promise<{ registered: RegisteredLab; workspace: string; runtime: Awaited<ReturnType<typeof openRuntime>> }> {
  const { registered, workspace } = resolve(id, opts);
  return { registered, workspace, runtime: await openRuntime(await runtimeForExisting(registered, workspace, opts.runtime)) };
}

/** A running session decides the runtime (it was started on one); otherwise the flag or the lab's default. */
async function runtimeForExisting(lab: RegisteredLab, workspace: string, requested?: RuntimeKind): Promise<RuntimeKind> {
  const record = readSession(workspace);
  if (record && !requested) return record.runtime;
  return chooseRuntime(lab, requested);
}

function summarise(lab: RegisteredLab) {
  const d = lab.definition;
  return {
    id: d.id,
    title: d.title,
    summary: d.summary ?? null,
    runtimes: d.runtimes,
    lessons: d.lessons,
    nodes: d.topology.nodes.map((n) => ({ name: n.name, role: n.role })),
    checks: d.checks.map((c) => ({ id: c.id, title: c.title, points: c.points })),
  };
}

function reportWrite(verb: string, result: WriteWorkspaceResult): void {
  if (result.discarded) note(`Discarded your changes (--force):\n${describeEdits(result.discarded)}`);
  note(`${verb} ${result.workspace} (${result.written.length} file${result.written.length === 1 ? "" : "s"}):`);
  for (const file of result.written) note(`  ${file}`);
}

function workspaceFlag(opts: CommonOptions): string {
  return opts.workspace ? ` --workspace ${opts.workspace}` : "";
}

/** Ctrl-C during a long operation aborts it (the runtime removes what it created) instead of orphaning containers. */
async function withInterrupt<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = () => {
    note("Interrupted: stopping and cleaning up…");
    controller.abort(new Error("interrupted"));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    return await fn(controller.signal);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

function parsePositiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${flag} must be a positive whole number, got "${value}".`);
  return n;
}

/** Run an action and turn its outcome into an exit code; known errors print their message only (no stack). */
async function run(action: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await action();
  } catch (error) {
    process.exitCode = exitCodeFor(error);
    note(`clusterlab: ${error instanceof Error ? error.message : String(error)}`);
    if (!isKnown(error) && error instanceof Error && error.stack) {
      note("This looks like a ClusterLab bug; please report it with the lines above.");
    }
  }
}

function exitCodeFor(error: unknown): number {
  return error instanceof LintFailedError ? EXIT_FAILURES : EXIT_USAGE;
}

function isKnown(error: unknown): boolean {
  return [LabUsageError, LintFailedError, WorkspaceError, LabNotFoundError, LabCatalogueError, LabDefinitionError, RuntimeError, DockerUnavailableError, EnvError].some(
    (kind) => error instanceof kind,
  );
}
