/**
 * The one place an API handler's failure becomes a response: HttpError → its 4xx with the message; a
 * database that cannot be reached, or password hashing saturated (lib/auth/work-limiter.ts) → 503 (try again); anything else → 500 with a generic message (the
 * details go to the server log, never to the client).
 */
import { WorkSaturatedError } from "@/lib/auth/work-limiter";
import type { ApiContext, ApiHandler, RouteParams } from "./context";
import { apiError, HttpError } from "./respond";

export async function runHandler(
  handler: ApiHandler,
  request: Request,
  ctx: ApiContext,
  params: RouteParams,
): Promise<Response> {
  try {
    return await handler(request, ctx, params);
  } catch (error) {
    if (error instanceof HttpError) return apiError(error.status, error.message, error.issues, error.headers);
    if (error instanceof WorkSaturatedError) {
      return apiError(503, `${error.message} Try again in a few seconds.`, [], {
        "retry-after": String(error.retryAfterSeconds),
      });
    }
    if (isDatabaseUnavailable(error)) {
      return apiError(
        503,
        "The course database is not reachable right now. Try again in a minute; queued CLI submissions are kept and resent.",
        [],
        { "retry-after": "30" },
      );
    }
    console.error(
      `[api] ${request.method} ${new URL(request.url).pathname} failed:`,
      error instanceof Error ? (error.stack ?? error.message) : error,
    );
    return apiError(
      500,
      "The server failed to handle this request. It has been logged; try again, and tell your instructor if it keeps happening.",
    );
  }
}

function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const code = (error as { code?: unknown }).code;
  // Disk full (SQLITE_FULL, PostgreSQL 53100) and timeouts (57014 statement timeout) are the server's trouble, not
  // the request's: 503, so the CLI keeps the report queued (security review L14).
  if (
    code === "P1001" ||
    code === "P1002" ||
    code === "P1017" ||
    code === "ECONNREFUSED" ||
    code === "SQLITE_BUSY" ||
    code === "SQLITE_FULL" ||
    code === "53100" ||
    code === "57014"
  )
    return true;
  const message = (error as { message?: unknown }).message;
  return (
    typeof message === "string" &&
    /ECONNREFUSED|Connection terminated|database is locked|too many clients|database or disk is full|No space left on device|could not extend file|timeout exceeded when trying to connect|Query read timeout|statement timeout/i.test(
      message,
    )
  );
}
