/**
 * `clusterlab submit`: send every queued lab report to the class server (reports queue when the learner is
 * offline or the server is down). `clusterlab submit --report <file>` queues a saved `lab check --json` report first.
 */
import fs from "node:fs";
import { Command } from "commander";
import type { SubmitResult } from "@/lib/submissions";
import { flushQueue, submitReport } from "@/lib/submissions";
import { EXIT_FAILURES, EXIT_OK, EXIT_USAGE } from "../exit";

export function formatSubmitResult(result: SubmitResult): string {
  if (!result.loggedIn)
    return "Not logged in to a class server: run `clusterlab login --server <url> --token <token>` first.";
  if (result.outcomes.length === 0 && result.unreadable.length === 0)
    return `Nothing to submit: the queue is empty (${result.server}).`;
  const lines = result.outcomes.map((o) => {
    if (o.status === "submitted")
      return `  submitted ${o.submissionId}${o.duplicate ? " (already on the server)" : ""}`;
    if (o.status === "queued") return `  queued    ${o.submissionId}: ${o.reason}`;
    return `  rejected  ${o.submissionId}: ${o.reason} (kept in ${o.keptAt})`;
  });
  for (const file of result.unreadable) lines.push(`  unreadable queue file ${file}: check or delete it`);
  const sent = result.outcomes.filter((o) => o.status === "submitted").length;
  return [`${result.server}: ${sent} of ${result.outcomes.length} report(s) submitted`, ...lines].join("\n");
}

/** Exit code: 0 when everything went, 1 when something is still queued or was rejected. */
export function submitExitCode(result: SubmitResult): number {
  if (!result.loggedIn) return EXIT_USAGE;
  return result.outcomes.every((o) => o.status === "submitted") && result.unreadable.length === 0
    ? EXIT_OK
    : EXIT_FAILURES;
}

export function registerSubmitCommands(program: Command): void {
  program
    .command("submit")
    .description("Send queued graded lab reports to the class server (see `clusterlab login`)")
    .option("--report <file>", "queue this saved report (from `clusterlab lab check <lab> --json`) before sending")
    .option("--json", "print the outcome as JSON")
    .action(async (opts: { report?: string; json?: boolean }) => {
      let result: SubmitResult;
      if (opts.report) {
        let report: unknown;
        try {
          report = JSON.parse(fs.readFileSync(opts.report, "utf8"));
        } catch (error) {
          process.stderr.write(
            `clusterlab submit: cannot read ${opts.report} as JSON (${error instanceof Error ? error.message : String(error)}). Save it with \`clusterlab lab check <lab> --json > report.json\`.\n`,
          );
          process.exitCode = EXIT_USAGE;
          return;
        }
        result = await submitReport(report);
      } else {
        result = await flushQueue();
      }
      process.stdout.write(`${opts.json ? JSON.stringify(result, null, 2) : formatSubmitResult(result)}\n`);
      process.exitCode = submitExitCode(result);
    });
}
