/**
 * `clusterlab lab list | init | up | check | solve | reset | down | status | logs | node`: option parsing and
 * printing over the lab desk (lib/labs/desk.ts), which the lab console calls the same way. Progress goes to
 * stderr so `--json` output on stdout stays machine-readable.
 * Exit codes: 0 success/pass, 1 check failures or configuration (lint) errors, 2 usage or environment error.
 */
import { Argument, Command, InvalidArgumentError, Option } from "commander";
import { cliCommand } from "@/lib/cli-command";
import { formatReport, reportExitCode } from "@/lib/grading";
import {
  describeWorkspaceWrite,
  learnerErrorKind,
  NODE_OPERATIONS,
  type LabTarget,
  type NodeOperation,
  type RegisteredLab,
  type WriteWorkspaceResult,
} from "@/lib/labs";
import { EXIT_FAILURES, EXIT_OK, EXIT_USAGE } from "../exit";
import { cliDesk } from "../desk";
import { note, print } from "../output";

type CommonOptions = LabTarget;

export function registerLabCommands(program: Command): void {
  const lab = program.command("lab").description("Start, grade and stop hands-on labs (see `lab list`)");

  lab
    .command("list")
    .description("List the labs")
    .option("--json", "print JSON")
    .option("--all", 'also list the labs kept for the test suites (audience "test", e.g. sample)')
    .action((opts: { json?: boolean; all?: boolean }) =>
      run(async () => {
        // Test-only labs stay runnable by id (the suites use them) but are not offered to learners (issue #16).
        const labs = cliDesk()
          .registry.list()
          .filter((l) => opts.all === true || l.definition.audience === "learner");
        if (opts.json) {
          print(JSON.stringify(labs.map(summarise), null, 2));
        } else {
          for (const l of labs)
            print(`${l.definition.id.padEnd(20)} ${l.definition.title}  [${l.definition.runtimes.join(", ")}]`);
        }
        return EXIT_OK;
      }),
    );

  registerWorkspaceWrite(lab, "init", "Copy the lab's starter files into a workspace", (id, opts) => {
    reportWrite("Initialised", cliDesk().init(id, opts).result);
    note(`Next: edit the files, then \`${cliCommand(`lab up ${id}${workspaceFlag(opts)}`)}\`.`);
  });
  registerWorkspaceWrite(lab, "solve", "Write the reference solution into the workspace", (id, opts) =>
    reportWrite("Wrote the solution into", cliDesk().solve(id, opts).result),
  );
  registerWorkspaceWrite(lab, "reset", "Put the starter files back in the workspace", (id, opts) =>
    reportWrite("Reset", cliDesk().reset(id, opts).result),
  );

  withRuntime(
    withCommon(lab.command("up <lab>").description("Check the workspace, then start the lab's cluster")),
  ).action((id: string, opts: CommonOptions) =>
    run(async () => {
      const {
        lab: registered,
        session,
        cluster,
      } = await withInterrupt((signal) => cliDesk().up(id, opts, { progress: note, signal }));
      note(
        `Lab "${id}" is up (session ${session.session}). The nodes answer; they may need a few seconds more to form the cluster (\`${cliCommand(`lab status ${id}${workspaceFlag(opts)}`)}\`).`,
      );
      for (const { name } of registered.definition.topology.nodes) {
        const node = cluster.nodes[name];
        if (!node) continue;
        const ports = Object.entries(node.hostPorts).map(([p, ep]) => `${p} -> http://${ep.host}:${ep.port}`);
        print(`  ${name.padEnd(10)} ${node.role.padEnd(8)} ${ports.join(", ")}`);
      }
      note(
        `Grade it with \`${cliCommand(`lab check ${id}${workspaceFlag(opts)}`)}\`; stop it with \`${cliCommand(`lab down ${id}${workspaceFlag(opts)}`)}\`.`,
      );
      return EXIT_OK;
    }),
  );

  withRuntime(
    withCommon(
      lab.command("check <lab>").description("Grade the workspace (starts the cluster for the check if it is not up)"),
    ),
  )
    .option("--json", "print the versioned report as JSON")
    .option("--submit", "send the report to the class server (the default when logged in with `clusterlab login`)")
    .option("--no-submit", "do not send the report, even when logged in")
    .action((id: string, opts: CommonOptions & { json?: boolean; submit?: boolean }) =>
      run(async () => {
        // Recording and submitting (after the report is printed) report their own problems; the exit code is the grade's alone.
        const report = await withInterrupt((signal) =>
          cliDesk().check(id, opts, {
            progress: note,
            signal,
            submit: opts.submit,
            onResult: (r) => note(`  ${r.status.toUpperCase().padEnd(7)} ${r.id} (${r.points}/${r.maxPoints})`),
            present: (r) => print(opts.json ? JSON.stringify(r, null, 2) : formatReport(r)),
          }),
        );
        return reportExitCode(report);
      }),
    );

  withRuntime(
    withCommon(lab.command("down <lab>").description("Stop the lab and remove its containers and networks")),
  ).action((id: string, opts: CommonOptions) =>
    run(async () => {
      const { removed } = await cliDesk().down(id, opts, { progress: note });
      if (removed) note(`Lab "${id}" is down.`);
      return EXIT_OK;
    }),
  );

  withRuntime(
    withCommon(lab.command("status <lab>").description("Show whether the lab is up, and where each node answers")),
  )
    .option("--json", "print JSON")
    .action((id: string, opts: CommonOptions & { json?: boolean }) =>
      run(async () => {
        const status = await cliDesk().status(id, opts, { progress: note });
        if (opts.json) {
          print(JSON.stringify(status, null, 2));
        } else {
          print(
            status.session
              ? `Lab ${status.lab}: ${status.up ? "up" : "degraded"} (session ${status.session}, ${status.runtime}, since ${status.startedAt})`
              : `Lab ${status.lab}: not up`,
          );
          for (const node of status.nodes) {
            const ports = Object.entries(node.endpoints).map(([p, ep]) => `${p} -> http://${ep}`);
            print(`  ${node.name.padEnd(10)} ${node.role.padEnd(8)} ${node.state.padEnd(12)} ${ports.join(", ")}`);
            for (const m of node.mounts)
              print(`  ${"".padEnd(10)} mounts nfs:/${m.share} on ${m.path}${m.readOnly ? " (read-only)" : ""}`);
          }
        }
        return EXIT_OK;
      }),
    );

  withRuntime(withCommon(lab.command("logs <lab> <node>").description("Print a node's last log lines")))
    .option("--tail <lines>", "how many lines", (v) => parsePositiveInt(v, "--tail"), 100)
    .action((id: string, node: string, opts: CommonOptions & { tail: number }) =>
      run(async () => {
        process.stdout.write(await cliDesk().logs(id, node, opts, { tail: opts.tail, progress: note }));
        return EXIT_OK;
      }),
    );

  withRuntime(
    withCommon(
      lab
        .command("node")
        .description("Stop, start, kill, pause or resume one node of the running lab (the lab READMEs' failure drills)")
        .addArgument(new Argument("<operation>", "what to do").choices(NODE_OPERATIONS))
        .argument("<lab>")
        .argument("<node>"),
    ),
  ).action((operation: NodeOperation, id: string, node: string, opts: CommonOptions) =>
    run(async () => {
      await withInterrupt((signal) => cliDesk().node(id, node, operation, opts, { progress: note, signal }));
      return EXIT_OK;
    }),
  );
}

type WriteOptions = CommonOptions & { force?: boolean };

/** `lab init | solve | reset <lab> [--workspace] [--force]`: the commands that write files into a workspace. */
function registerWorkspaceWrite(
  lab: Command,
  name: string,
  description: string,
  write: (id: string, opts: WriteOptions) => void,
): void {
  withCommon(lab.command(`${name} <lab>`).description(description))
    .option("--force", "discard changes already made in the workspace")
    .action((id: string, opts: WriteOptions) =>
      run(async () => {
        write(id, opts);
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
  for (const line of describeWorkspaceWrite(verb, result, { discardedBy: "--force", listFiles: true })) note(line);
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
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidArgumentError(`${flag} must be a positive whole number, got "${value}".`);
  return n;
}

/**
 * Run an action and turn its outcome into an exit code. The learner's errors (lib/labs/learner-error.ts) print
 * their message only: exit 1 for configuration (lint) errors, 2 for the rest; anything else is a bug.
 */
async function run(action: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await action();
  } catch (error) {
    const kind = learnerErrorKind(error);
    process.exitCode = kind === "lint" ? EXIT_FAILURES : EXIT_USAGE;
    note(`clusterlab: ${error instanceof Error ? error.message : String(error)}`);
    if (kind === null && error instanceof Error && error.stack) {
      note("This looks like a ClusterLab bug; please report it with the lines above.");
    }
  }
}
