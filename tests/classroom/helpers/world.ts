/**
 * A small classroom for the suites: a fixed lab catalogue, report factories, and seeded people:
 * admin, instructor (cohort A), otherInstructor (cohort B), learner and anotherLearner (both in cohort A),
 * each with a session cookie and an API token.
 */
import { randomUUID } from "node:crypto";
import { SESSION_COOKIE } from "@/lib/auth/cookies";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/roles";
import { createAccount, createSession } from "@/lib/progress/accounts";
import { createCohort, joinCohort } from "@/lib/progress/cohorts";
import type { ClassroomDb } from "@/lib/progress/db-types";
import type { ApiContext } from "@/lib/progress/http/context";
import { demoCatalog, makeReport } from "@/lib/progress/report-fixtures";
import { createApiToken } from "@/lib/progress/tokens";

export { demoCatalog, demoLab, makeReport } from "@/lib/progress/report-fixtures";

export const ORIGIN = "http://127.0.0.1:3000";

export function envelope(report: unknown = makeReport()): { submissionId: string; report: unknown } {
  return { submissionId: randomUUID(), report };
}

export type Person = { id: string; email: string; password: string; role: Role; cookie: string; token: string };

export const PERSONAS = ["anonymous", "learner", "anotherLearner", "otherInstructor", "instructor", "admin"] as const;
export type Persona = (typeof PERSONAS)[number];

export type World = {
  ctx: ApiContext;
  people: Record<Exclude<Persona, "anonymous">, Person>;
  cohortA: { id: string; joinCode: string };
  cohortB: { id: string; joinCode: string };
};

const PASSWORD = "correct horse battery staple";

async function person(db: ClassroomDb, name: string, role: Role): Promise<Person> {
  const email = `${name.toLowerCase()}@example.test`;
  const user = await createAccount(db, { email, name, passwordHash: await hashPassword(PASSWORD), role });
  const session = await createSession(db, user.id, new Date());
  const { token } = await createApiToken(db, user.id, "laptop");
  return { id: user.id, email, password: PASSWORD, role, cookie: `${SESSION_COOKIE}=${session.secret}`, token };
}

export function classroomContext(db: ClassroomDb): ApiContext {
  return { db, mode: "classroom", labs: demoCatalog, trustProxy: false, now: () => new Date() };
}

export async function seedWorld(db: ClassroomDb): Promise<World> {
  const [admin, instructor, otherInstructor, learner, anotherLearner] = await Promise.all([
    person(db, "Admin", "admin"),
    person(db, "Instructor", "instructor"),
    person(db, "OtherInstructor", "instructor"),
    person(db, "Learner", "learner"),
    person(db, "AnotherLearner", "learner"),
  ]);
  const cohortA = await createCohort(db, instructor.id, "Cohort A");
  const cohortB = await createCohort(db, otherInstructor.id, "Cohort B");
  await joinCohort(db, learner.id, cohortA.joinCode);
  await joinCohort(db, anotherLearner.id, cohortA.joinCode);
  return {
    ctx: classroomContext(db),
    people: { admin, instructor, otherInstructor, learner, anotherLearner },
    cohortA,
    cohortB,
  };
}

export type RequestOptions = {
  method?: string;
  body?: unknown;
  rawBody?: string;
  auth?: "cookie" | "token" | "none";
  headers?: Record<string, string>;
};

/** A request as a browser on our origin (cookie + Origin) or the CLI (bearer token) would send it. */
export function apiRequest(world: World, who: Persona, path: string, options: RequestOptions = {}): Request {
  const method = options.method ?? "GET";
  const headers = new Headers({ host: "127.0.0.1:3000", ...options.headers });
  const auth = options.auth ?? "cookie";
  if (who !== "anonymous" && auth === "cookie") headers.set("cookie", world.people[who].cookie);
  if (who !== "anonymous" && auth === "token") headers.set("authorization", `Bearer ${world.people[who].token}`);
  if (method !== "GET" && !headers.has("origin")) headers.set("origin", ORIGIN);
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  return new Request(`${ORIGIN}${path}`, { method, headers, body });
}
