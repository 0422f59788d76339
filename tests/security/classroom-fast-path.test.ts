// ADR 0035: in classroom mode ClusterLab's own server answers POST /api/submissions itself (the submissions fast
// path) instead of handing it to Next.js. The fast path must be invisible except in CPU: this suite runs the same
// request script against two servers on the same build, one with the fast path and one with
// CLUSTERLAB_SUBMISSION_FAST_PATH=0 (the Next route), each on its own identically seeded SQLite database, and
// compares every answer: status, the headers a client acts on, and the body (ids and times normalised). It covers
// the refusals a client can cause (401, 403, 415, 413, 400, 422, 429, 409), the stored (201) and duplicate (200)
// answers, and requests the fast path must leave to Next (other methods, a trailing slash).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getLabRegistry } from "@/labs";
import { createPrismaClient } from "@/lib/db";
import { createAccount, createSession } from "@/lib/progress/accounts";
import { MAX_SUBMISSIONS_PER_LEARNER, MAX_SUBMISSIONS_PER_WINDOW } from "@/lib/progress/http/handlers/submissions";
import { labCatalogFromRegistry } from "@/lib/progress/lab-catalog";
import type { KnownLab } from "@/lib/progress/lab-catalog";
import { makeReport } from "@/lib/progress/report-fixtures";
import { createSubmissionStore } from "@/lib/progress/submission-store";
import { createApiToken } from "@/lib/progress/tokens";
import { SESSION_COOKIE } from "@/lib/auth/cookies";
import { MAX_SUBMISSION_BYTES } from "@/lib/submissions/envelope";
import { migratedTempDatabase, startApp, type RunningApp, type TempDatabase } from "@/tests/e2e/support/next-app";
import { builtTree } from "./support/local-server";

type Seeded = { learner: string; busy: string; full: string; cookie: string };
type Served = { app: RunningApp; db: TempDatabase; seeded: Seeded };
type Step = {
  name: string;
  request: (s: Seeded) => { method: string; path: string; headers: Record<string, string>; body?: string };
};
type Answer = { status: number; headers: Record<string, string>; body: unknown };

/**
 * Headers allowed to differ. Transport framing (date, connection, keep-alive, transfer-encoding, content-length) and
 * Next's compression: Next gzips JSON and varies on Accept-Encoding and its RSC request headers; the fast path sends
 * these sub-kilobyte bodies uncompressed (ADR 0035). fetch decompresses, so the bodies below still compare equal.
 * Every other header (content-type, www-authenticate, retry-after, cache-control, the security headers...) must match.
 */
const TRANSPORT_HEADERS = new Set([
  "date",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "content-encoding",
  "vary",
]);

function realLab(): KnownLab {
  const lab = labCatalogFromRegistry(getLabRegistry()).find("wka");
  if (!lab) throw new Error("the wka lab is not in the catalogue");
  return lab;
}

async function seed(url: string, lab: KnownLab): Promise<Seeded> {
  const db = createPrismaClient(url);
  try {
    const account = async (name: string, role: "learner" | "instructor" = "learner") => {
      const user = await createAccount(db, { email: `${name}@school.example`, name, passwordHash: "unused", role });
      return { user, token: (await createApiToken(db, user.id, "laptop")).token };
    };
    const learner = await account("lena");
    const busy = await account("omar");
    const full = await account("pia");
    const session = await createSession(db, learner.user.id, new Date());
    // pia already holds the most reports a learner may keep (stored two hours ago, so the per-minute limit is clear).
    const store = createSubmissionStore(url);
    try {
      const then = new Date(Date.now() - 2 * 3_600_000);
      for (let i = 0; i < MAX_SUBMISSIONS_PER_LEARNER; i++) {
        await store.recordAttempt(full.user.id, randomUUID(), makeReport(["pass"], then, lab), then);
      }
    } finally {
      await store.close();
    }
    return {
      learner: learner.token,
      busy: busy.token,
      full: full.token,
      cookie: `${SESSION_COOKIE}=${session.secret}`,
    };
  } finally {
    await db.$disconnect();
  }
}

function post(token: string | null, body: string, contentType = "application/json") {
  return {
    method: "POST",
    path: "/api/submissions",
    headers: { "content-type": contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  };
}

function script(lab: KnownLab): Array<Step> {
  const fixedId = randomUUID();
  const report = (statuses: Array<"pass" | "fail"> = ["pass", "fail"]) => makeReport(statuses, new Date(), lab);
  const envelope = (submissionId = randomUUID(), r: unknown = report()) => JSON.stringify({ submissionId, report: r });
  const steps: Array<Step> = [
    { name: "no token", request: () => post(null, envelope()) },
    { name: "unknown token", request: () => post("clt_not-a-real-token", envelope()) },
    {
      name: "browser session instead of a token",
      request: (s) => ({
        ...post(null, envelope()),
        headers: { "content-type": "application/json", cookie: s.cookie },
      }),
    },
    { name: "not JSON content type", request: (s) => post(s.learner, envelope(), "text/plain") },
    { name: "body over the cap", request: (s) => post(s.learner, "x".repeat(MAX_SUBMISSION_BYTES + 1024)) },
    { name: "malformed JSON", request: (s) => post(s.learner, "{not json") },
    { name: "unknown lab", request: (s) => post(s.learner, envelope(undefined, { ...report(), lab: "no-such-lab" })) },
    {
      name: "stale content hash",
      request: (s) => post(s.learner, envelope(undefined, { ...report(), contentHash: "0".repeat(64) })),
    },
    { name: "a graded report", request: (s) => post(s.learner, envelope(fixedId)) },
    { name: "the same submission again", request: (s) => post(s.learner, envelope(fixedId)) },
    { name: "quota reached", request: (s) => post(s.full, envelope()) },
    {
      name: "GET is Next's",
      request: (s) => ({ method: "GET", path: "/api/submissions", headers: { authorization: `Bearer ${s.learner}` } }),
    },
    {
      name: "trailing slash is Next's",
      request: (s) => ({ ...post(s.learner, envelope()), path: "/api/submissions/" }),
    },
  ];
  for (let i = 0; i <= MAX_SUBMISSIONS_PER_WINDOW; i++) {
    steps.push({ name: `burst ${i + 1}`, request: (s) => post(s.busy, envelope(undefined, report(["pass", "pass"]))) });
  }
  return steps;
}

/** Ids, times and secrets differ between the two databases; everything else must be equal. */
function normalise(value: unknown): unknown {
  if (typeof value === "string") {
    if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value)) return "<time>";
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value)) return "<uuid>";
    if (/^c[0-9a-z]{20,32}$/.test(value)) return "<id>";
    return value;
  }
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  }
  return value;
}

async function run(app: RunningApp, seeded: Seeded, steps: Array<Step>): Promise<Array<Answer>> {
  const answers: Array<Answer> = [];
  for (const step of steps) {
    const { method, path, headers, body } = step.request(seeded);
    const res = await fetch(`${app.baseUrl}${path}`, {
      method,
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(30_000),
    }).catch((error: unknown) => {
      throw new Error(`step "${step.name}" got no answer: ${String(error)}\n${app.logs().slice(-3000)}`, {
        cause: error,
      });
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // a non-JSON answer (Next's 405/308) is compared as text
    }
    answers.push({
      status: res.status,
      headers: Object.fromEntries([...res.headers].filter(([name]) => !TRANSPORT_HEADERS.has(name))),
      body: normalise(parsed),
    });
  }
  return answers;
}

describe("ADR 0035: the submissions fast path answers exactly as the Next route does (classroom mode)", () => {
  const lab = realLab();
  const steps = script(lab);
  let fast: Served | undefined;
  let viaNext: Served | undefined;

  async function serve(fastPath: "1" | "0"): Promise<Served> {
    const root = await builtTree();
    const db = await migratedTempDatabase(`clusterlab-fast-path-${fastPath}-`);
    try {
      const seeded = await seed(db.url, lab);
      const app = await startApp(root, db.url, 90_000, {
        CLUSTERLAB_MODE: "classroom",
        CLUSTERLAB_SUBMISSION_FAST_PATH: fastPath,
      });
      return { app, db, seeded };
    } catch (error) {
      db.remove();
      throw error;
    }
  }

  beforeAll(async () => {
    fast = await serve("1");
    viaNext = await serve("0");
  }, 1_200_000);

  afterAll(async () => {
    for (const served of [fast, viaNext]) {
      await served?.app.stop();
      served?.db.remove();
    }
  });

  test("each server says which path answers lab reports", () => {
    expect(fast?.app.logs()).toContain("answered by the submissions fast path");
    expect(viaNext?.app.logs()).toContain("Lab reports go through Next.js (CLUSTERLAB_SUBMISSION_FAST_PATH=0)");
  });

  test("every step of the script gets the same answer from both", async () => {
    if (!fast || !viaNext) throw new Error("servers did not start");
    const fastAnswers = await run(fast.app, fast.seeded, steps);
    const nextAnswers = await run(viaNext.app, viaNext.seeded, steps);
    const named = (answers: Array<Answer>) => steps.map((step, i) => ({ step: step.name, ...answers[i] }));
    expect(named(fastAnswers)).toEqual(named(nextAnswers));
    // And the script really exercised what it names (a script whose every step failed alike would also be "equal").
    const statusOf = (name: string) => fastAnswers[steps.findIndex((s) => s.name === name)]?.status;
    expect({
      noToken: statusOf("no token"),
      session: statusOf("browser session instead of a token"),
      type: statusOf("not JSON content type"),
      size: statusOf("body over the cap"),
      json: statusOf("malformed JSON"),
      stored: statusOf("a graded report"),
      duplicate: statusOf("the same submission again"),
      quota: statusOf("quota reached"),
      lastOfBurst: statusOf(`burst ${MAX_SUBMISSIONS_PER_WINDOW + 1}`),
      firstOfBurst: statusOf("burst 1"),
    }).toEqual({
      noToken: 401,
      session: 403,
      type: 415,
      size: 413,
      json: 400,
      stored: 201,
      duplicate: 200,
      quota: 409,
      lastOfBurst: 429,
      firstOfBurst: 201,
    });
  });
});
