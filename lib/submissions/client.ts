/**
 * Sending graded reports to the class server. Public API for the lab CLI:
 *   submitReport(report)  queue the report, then try to send it (and anything queued before it)
 *   flushQueue()          send everything queued (what `clusterlab submit` runs)
 * Outcomes per submission: `submitted` (server acknowledged; removed from the queue), `queued` (network
 * down, server busy or failing: kept for later), `rejected` (the server refused it for good, e.g. a report
 * for an outdated lab: moved to submissions/rejected/ with the reason).
 */
import { randomUUID } from "node:crypto";
import { getEnv } from "@/lib/env";
import { readCredentials, type ClassroomCredentials } from "./credentials";
import { apiErrorSchema, submissionAcceptedSchema, type SubmissionEnvelope } from "./envelope";
import { submissionPaths, type SubmissionPaths } from "./paths";
import { dequeue, enqueue, listQueue, markRejected, type QueuedSubmission } from "./queue";

export type SubmissionOutcome =
  | { submissionId: string; status: "submitted"; attemptId: string; duplicate: boolean }
  | { submissionId: string; status: "queued"; reason: string }
  | { submissionId: string; status: "rejected"; reason: string; keptAt: string };

export type SubmitOptions = {
  /** Default: the data dir from lib/env. */
  dataDir?: string;
  /** Per request. Default 15 s. */
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
  signal?: AbortSignal;
};

export type SubmitResult =
  | { loggedIn: false; queuedFile?: undefined; outcomes: [] }
  | { loggedIn: true; server: string; outcomes: Array<SubmissionOutcome>; unreadable: Array<string> };

const DEFAULT_TIMEOUT_MS = 15_000;

function resolvePaths(options: SubmitOptions): SubmissionPaths {
  return submissionPaths(options.dataDir ?? getEnv().CLUSTERLAB_DATA_DIR);
}

/** True when `clusterlab login` has been run (the lab CLI submits automatically then). */
export function isLoggedIn(options: SubmitOptions = {}): boolean {
  return readCredentials(resolvePaths(options).credentials) !== undefined;
}

/**
 * Queue `report` (a LabReport from lib/grading) and flush the queue. When not logged in nothing is
 * queued: local mode records attempts locally and there is no server to send to.
 */
export async function submitReport(report: unknown, options: SubmitOptions = {}): Promise<SubmitResult> {
  const paths = resolvePaths(options);
  const credentials = readCredentials(paths.credentials);
  if (!credentials) return { loggedIn: false, outcomes: [] };
  enqueue(paths.queueDir, { submissionId: randomUUID(), queuedAt: new Date().toISOString(), report });
  return flushWith(credentials, paths, options);
}

/** Send every queued report, oldest first. Stops early when the server is unreachable (the rest stay queued). */
export async function flushQueue(options: SubmitOptions = {}): Promise<SubmitResult> {
  const paths = resolvePaths(options);
  const credentials = readCredentials(paths.credentials);
  if (!credentials) return { loggedIn: false, outcomes: [] };
  return flushWith(credentials, paths, options);
}

export function queuedCount(options: SubmitOptions = {}): number {
  return listQueue(resolvePaths(options).queueDir).entries.length;
}

async function flushWith(
  credentials: ClassroomCredentials,
  paths: SubmissionPaths,
  options: SubmitOptions,
): Promise<SubmitResult> {
  const { entries, unreadable } = listQueue(paths.queueDir);
  const outcomes: Array<SubmissionOutcome> = [];
  let unreachable: string | undefined;
  for (const entry of entries) {
    if (unreachable) {
      outcomes.push({ submissionId: entry.submissionId, status: "queued", reason: unreachable });
      continue;
    }
    const outcome = await sendOne(credentials, paths, entry, options);
    outcomes.push(outcome);
    if (outcome.status === "queued") unreachable = outcome.reason;
  }
  return { loggedIn: true, server: credentials.server, outcomes, unreadable };
}

async function sendOne(
  credentials: ClassroomCredentials,
  paths: SubmissionPaths,
  entry: QueuedSubmission,
  options: SubmitOptions,
): Promise<SubmissionOutcome> {
  const envelope: SubmissionEnvelope = { submissionId: entry.submissionId, report: entry.report };
  const fetchImpl = options.fetchImpl ?? fetch;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetchImpl(`${credentials.server}/api/submissions`, {
      method: "POST",
      headers: { authorization: `Bearer ${credentials.token}`, "content-type": "application/json" },
      body: JSON.stringify(envelope),
      signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
    });
  } catch (error) {
    const reason = `could not reach ${credentials.server} (${describeFetchError(error)}); the report stays queued, run \`clusterlab submit\` later`;
    enqueue(paths.queueDir, { ...entry, lastError: reason });
    return { submissionId: entry.submissionId, status: "queued", reason };
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) {
    const accepted = submissionAcceptedSchema.safeParse(body);
    if (accepted.success) {
      dequeue(paths.queueDir, entry.submissionId);
      return { submissionId: entry.submissionId, status: "submitted", ...accepted.data };
    }
    const reason = `${credentials.server} answered ${response.status} without an attempt id: is that a ClusterLab server? The report stays queued.`;
    return { submissionId: entry.submissionId, status: "queued", reason };
  }
  const serverMessage = apiErrorSchema.safeParse(body).data?.error ?? `HTTP ${response.status}`;
  // Retry later: the server is overloaded, failing, or the token was refused (the learner can log in
  // again with a new token and the queued work is still sent).
  if (response.status >= 500 || response.status === 429 || response.status === 401 || response.status === 403) {
    const hint =
      response.status === 401 || response.status === 403
        ? " Create a new token on the course site and run `clusterlab login` again."
        : "";
    const reason = `${credentials.server} answered ${response.status}: ${serverMessage}. The report stays queued.${hint}`;
    enqueue(paths.queueDir, { ...entry, lastError: reason });
    return { submissionId: entry.submissionId, status: "queued", reason };
  }
  const keptAt = markRejected(paths.queueDir, paths.rejectedDir, entry, serverMessage);
  return { submissionId: entry.submissionId, status: "rejected", reason: serverMessage, keptAt };
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError") return "timed out";
    const cause = (error as Error & { cause?: unknown }).cause;
    if (cause instanceof Error && cause.message) return cause.message;
    return error.message;
  }
  return String(error);
}
