/**
 * The adapter every console route goes through: the local-only guard first, then the lab id resolved by the lab
 * desk, then the handler; errors become JSON `{ error }` with a message for the learner, never a stack. The
 * desk is injected (`createConsoleRoute`), so lib/ never imports the catalogue. Status codes: ADR 0016.
 */
import "server-only"; // used only by app/ (route handlers, pages): fails a client-bundle import at build time (ADR 0018)
import type { z } from "zod";
import { parseJsonBody } from "@/lib/http/body";
import { apiError, HttpError } from "@/lib/http/json";
import { learnerErrorKind, type LabDesk, type RegisteredLab } from "@/lib/labs";
import { consoleMode } from "./context";
import { checkConsoleRequest } from "./guard";
import { OperationBusyError } from "./hub";
import { consoleToken } from "./token";
import { WorkspacePathError } from "./workspace-path";

export { HttpError, json } from "@/lib/http/json";

type RouteContext = { params: Promise<{ lab: string }> };

export type ConsoleHandler = (input: { request: Request; lab: RegisteredLab; desk: LabDesk }) => Promise<Response>;

export type ConsoleRoute = (
  handler: ConsoleHandler,
  opts: { mutating: boolean },
) => (request: Request, route: RouteContext) => Promise<Response>;

export function createConsoleRoute(desk: () => LabDesk): ConsoleRoute {
  return (handler, opts) => async (request, route) => {
    const verdict = checkConsoleRequest(request, {
      mode: consoleMode(),
      token: consoleToken(),
      mutating: opts.mutating,
    });
    if (!verdict.ok) return apiError(verdict.status, verdict.message);
    try {
      const { lab: id } = await route.params;
      const current = desk();
      return await handler({ request, lab: current.registry.get(id), desk: current });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** The console's status codes (ADR 0016): the learner's errors by kind, HTTP errors as thrown, anything else 500. */
export function errorResponse(error: unknown): Response {
  if (error instanceof HttpError) return apiError(error.status, error.message, error.issues, error.headers);
  if (error instanceof WorkspacePathError) return apiError(400, error.message);
  if (error instanceof OperationBusyError) return apiError(409, error.message);
  const kind = learnerErrorKind(error);
  if (kind === "not-found" && error instanceof Error) return apiError(404, error.message);
  if ((kind === "workspace" || kind === "usage" || kind === "lint") && error instanceof Error)
    return apiError(409, error.message);
  console.error("lab console:", error);
  return apiError(
    500,
    "The lab console hit an unexpected error; the server log has the details. Try again, or use the `clusterlab lab` commands.",
  );
}

/**
 * A console request body: JSON, at most `maxBytes` bytes (413 beyond), valid against `schema` (400 naming the
 * fields). No content-type requirement: the console token header already forces a CORS preflight.
 */
export function readConsoleBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes: number,
): Promise<z.infer<S>> {
  return parseJsonBody(request, schema, { maxBytes, requireJsonType: false });
}
