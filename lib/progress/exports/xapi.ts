/**
 * xAPI (Experience API 1.0.3) statements: one per lab attempt, for a Learning Record Store.
 * - verb: ADL `passed` when every point was earned, else ADL `failed`;
 * - result.score.scaled = score / maxScore (0 when the lab has no points), raw/min/max alongside;
 * - result.success = full marks; result.completion = the grader ran every check (none `error`/`skipped`);
 * - result.duration = finishedAt − startedAt as an ISO 8601 duration;
 * - the statement id is a name-based UUID of the attempt id, so exporting twice does not duplicate in an LRS.
 */
import { createHash } from "node:crypto";
import type { AttemptRecord } from "../attempt-types";

export type XapiStatement = {
  id: string;
  actor: { objectType: "Agent"; name: string; mbox: string };
  verb: { id: string; display: Record<string, string> };
  object: { objectType: "Activity"; id: string; definition: { name: Record<string, string>; type: string } };
  result: {
    score: { scaled: number; raw: number; min: number; max: number };
    success: boolean;
    completion: boolean;
    /** Lab attempts only: a module assessment attempt has no measured duration. */
    duration?: string;
  };
  context: { platform: string; extensions: Record<string, string> };
  timestamp: string;
};

const VERB_PASSED = { id: "http://adlnet.gov/expapi/verbs/passed", display: { "en-US": "passed" } };
const VERB_FAILED = { id: "http://adlnet.gov/expapi/verbs/failed", display: { "en-US": "failed" } };
const ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment";

/** `activityBase` is the course server's public origin, e.g. https://course.example (IRIs must be absolute). */
export function attemptToXapi(attempt: AttemptRecord, activityBase: string, labTitle?: string): XapiStatement {
  const base = activityBase.replace(/\/+$/, "");
  const success =
    attempt.maxScore > 0 ? attempt.score >= attempt.maxScore : attempt.checks.every((c) => c.status === "pass");
  return {
    id: nameBasedUuid(`clusterlab-attempt:${attempt.id}`),
    actor: { objectType: "Agent", name: attempt.learner.name, mbox: `mailto:${attempt.learner.email}` },
    verb: success ? VERB_PASSED : VERB_FAILED,
    object: {
      objectType: "Activity",
      id: `${base}/labs/${encodeURIComponent(attempt.labId)}`,
      definition: { name: { "en-US": labTitle ?? attempt.labId }, type: ASSESSMENT },
    },
    result: {
      score: {
        scaled: attempt.maxScore > 0 ? round4(attempt.score / attempt.maxScore) : 0,
        raw: attempt.score,
        min: 0,
        max: attempt.maxScore,
      },
      success,
      completion: attempt.checks.every((c) => c.status !== "error" && c.status !== "skipped"),
      duration: isoDuration(attempt.finishedAt.getTime() - attempt.startedAt.getTime()),
    },
    context: {
      platform: "ClusterLab",
      extensions: {
        [`${base}/xapi/extensions/content-hash`]: attempt.contentHash,
        [`${base}/xapi/extensions/runtime`]: attempt.runtime,
      },
    },
    timestamp: attempt.finishedAt.toISOString(),
  };
}

export function attemptsToXapi(attempts: ReadonlyArray<AttemptRecord>, activityBase: string): Array<XapiStatement> {
  return attempts.map((attempt) => attemptToXapi(attempt, activityBase));
}

/** ISO 8601 duration, e.g. 83_500 ms → "PT1M23.5S". Negative spans (clock skew) are clamped to zero. */
export function isoDuration(milliseconds: number): string {
  const total = Math.max(0, Math.round(milliseconds)) / 1000;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = Math.round((total % 60) * 1000) / 1000;
  return `PT${hours > 0 ? `${hours}H` : ""}${minutes > 0 ? `${minutes}M` : ""}${seconds}S`;
}

/** RFC 4122 version-5-style UUID (SHA-1, variant bits set) of `name`. */
export function nameBasedUuid(name: string): string {
  const bytes = createHash("sha1").update(name, "utf8").digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
