import { expect, test } from "vitest";
import { WorkSaturatedError } from "@/lib/auth/work-limiter";
import type { ApiContext } from "./context";
import { runHandler } from "./run-handler";

const ctx = {} as ApiContext;
const request = new Request("http://127.0.0.1/api/x");
const failing = (error: unknown) => runHandler(async () => Promise.reject(error), request, ctx, {});

test("saturated password hashing is a 503 with Retry-After (security review M5)", async () => {
  const response = await failing(new WorkSaturatedError(2));
  expect(response.status).toBe(503);
  expect(response.headers.get("retry-after")).toBe("2");
});

test("a full disk or a timed-out database is a 503, not a 500 (security review L14)", async () => {
  for (const error of [
    Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" }),
    Object.assign(new Error("could not extend file"), { code: "53100" }),
    new Error("timeout exceeded when trying to connect"),
  ]) {
    const response = await failing(error);
    expect(response.status, error.message).toBe(503);
    expect(response.headers.get("retry-after")).toBe("30");
  }
  expect((await failing(new Error("a bug"))).status).toBe(500);
});
