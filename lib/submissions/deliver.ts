/**
 * What a graded check does with its report besides showing it, whichever front end ran it (the CLI's
 * `clusterlab lab check` and the lab console's Check button hand this to the lab desk, lib/labs/desk.ts):
 *   - local mode: record it in the local progress database (the implicit learner), so /progress shows it;
 *   - `--submit`, or automatically when logged in (`clusterlab login`) unless `--no-submit`: send it to the
 *     class server through lib/submissions (queued when the server cannot be reached).
 * Neither step may change the check's exit code or lose the report: every failure is reported as a line saying
 * what happened and what to do, and a report that could be neither recorded nor queued is saved to a file.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { LabReport } from "@/lib/grading";
import { cliCommand } from "@/lib/cli-command";
import { getEnv } from "@/lib/env";
import { isLoggedIn, submitReport, type SubmitResult } from "./client";

export type DeliveryOptions = {
  /** true: --submit, false: --no-submit, undefined: submit when logged in. */
  submit: boolean | undefined;
  /** Where progress lines go (stderr in the CLI, so `--json` stdout stays machine-readable; the event stream in the console). */
  note: (line: string) => void;
};

/** The function the lab desk calls after a check; `closeDatabase`: a one-shot CLI process closes Prisma, a server keeps it. */
export type ReportDelivery = (report: LabReport, options: DeliveryOptions) => Promise<DeliveryResult>;

export function createReportDelivery(opts: { closeDatabase: boolean }): ReportDelivery {
  return (report, options) => deliverReport(report, { ...options, closeDatabase: opts.closeDatabase });
}

export type DeliveryResult = {
  recorded: "recorded" | "failed" | "not-local";
  submission: "submitted" | "queued" | "rejected" | "not-logged-in" | "skipped" | "failed";
  /** Set when the report had to be saved to a file because nothing else kept it. */
  savedTo?: string;
};

export async function deliverReport(
  report: LabReport,
  options: DeliveryOptions & { closeDatabase?: boolean },
): Promise<DeliveryResult> {
  const env = getEnv();
  const recorded =
    env.CLUSTERLAB_MODE === "local"
      ? await recordLocally(report, options.note, options.closeDatabase ?? true)
      : "not-local";
  const submission = await submitIfAsked(report, options);
  const result: DeliveryResult = { recorded, submission };
  const kept =
    recorded === "recorded" || submission === "submitted" || submission === "queued" || submission === "rejected";
  if (!kept && (recorded === "failed" || submission === "failed" || submission === "not-logged-in")) {
    result.savedTo = saveReport(report, env.CLUSTERLAB_DATA_DIR, options.note);
  }
  return result;
}

async function recordLocally(
  report: LabReport,
  note: (line: string) => void,
  closeDatabase: boolean,
): Promise<"recorded" | "failed"> {
  // Imported here so lab commands that never grade do not load Prisma (and lib/submissions, below lib/progress
  // in the layers, depends on it only at run time, for this one call).
  const { getDb, disconnectDb } = await import("@/lib/db");
  const { getLocalLearner } = await import("@/lib/progress/lessons");
  const { recordLabAttempt } = await import("@/lib/progress/lab-attempts");
  try {
    const db = getDb();
    const learner = await getLocalLearner(db);
    await recordLabAttempt(db, learner.id, randomUUID(), report);
    note("Recorded this attempt in your local progress (see /progress in the course site).");
    return "recorded";
  } catch (error) {
    note(
      `Could not record this attempt in your local progress database (${firstLine(error)}). ` +
        "Start the course site once with `npm start` (it creates and migrates the database), then grade again.",
    );
    return "failed";
  } finally {
    if (closeDatabase) await disconnectDb().catch(() => undefined);
  }
}

async function submitIfAsked(report: LabReport, options: DeliveryOptions): Promise<DeliveryResult["submission"]> {
  const { note } = options;
  let loggedIn: boolean;
  try {
    loggedIn = isLoggedIn();
  } catch (error) {
    // An unreadable classroom.json is the learner's to fix; the check itself still counts.
    if (options.submit === false) return "skipped";
    note(`Not submitted: ${firstLine(error)}`);
    return "failed";
  }
  if (options.submit === false) return "skipped";
  if (options.submit === undefined && !loggedIn) return "skipped";
  if (!loggedIn) {
    note(
      `Not submitted: you are not logged in to a class server. Run \`${cliCommand("login --server <url> --token <token>")}\`, ` +
        `then grade again (or save the report with \`--json > report.json\` and send it with \`${cliCommand("submit --report report.json")}\`).`,
    );
    return "not-logged-in";
  }
  let result: SubmitResult;
  try {
    result = await submitReport(report);
  } catch (error) {
    note(
      `Not submitted: ${firstLine(error)}. Save the report with \`--json > report.json\` and send it with \`${cliCommand("submit --report report.json")}\`.`,
    );
    return "failed";
  }
  if (!result.loggedIn) return "not-logged-in";
  // submitReport flushes the whole queue: this report is the newest, so it is the last outcome.
  const ours = result.outcomes.at(-1);
  const earlier = result.outcomes.slice(0, -1);
  const earlierSent = earlier.filter((o) => o.status === "submitted").length;
  if (earlierSent > 0) note(`Also sent ${earlierSent} report(s) queued earlier.`);
  if (!ours) return "failed";
  if (ours.status === "submitted") {
    note(`Submitted to ${result.server}${ours.duplicate ? " (the server already had it)" : ""}.`);
    return "submitted";
  }
  if (ours.status === "queued") {
    note(`Queued, not submitted yet: ${ours.reason}`);
    return "queued";
  }
  note(
    `The server refused this report: ${ours.reason}. It is kept in ${ours.keptAt}; re-initialise the lab if it changed (\`${cliCommand(`lab reset ${report.lab}`)}\`) and grade again.`,
  );
  return "rejected";
}

function saveReport(report: LabReport, dataDir: string, note: (line: string) => void): string | undefined {
  const file = path.join(dataDir, "reports", `${report.lab}-${report.finishedAt.replace(/[:.]/g, "-")}.json`);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    note(`The report is saved in ${file}; send it later with \`${cliCommand(`submit --report ${file}`)}\`.`);
    return file;
  } catch (error) {
    note(
      `Could not save the report either (${firstLine(error)}); re-run the check with \`--json > report.json\` to keep it.`,
    );
    return undefined;
  }
}

/** One line for the learner. Prisma messages open with "Invalid `prisma.x()` invocation:" and end with the cause. */
function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const line = lines[0]?.startsWith("Invalid `") ? lines.at(-1) : lines[0];
  return (line ?? "unknown error").slice(0, 300);
}
