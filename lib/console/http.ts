/**
 * The adapter every console route goes through: the local-only guard first, then the lab id resolved from the
 * registry, then the handler; errors become JSON `{ error }` with a message for the learner, never a stack.
 */
import { apiError, HttpError } from "@/lib/progress/http/respond";
import { isUserFacingError, LabNotFoundError, WorkspaceError, type RegisteredLab } from "@/lib/labs";
import { consoleMode, consoleRegistry } from "./context";
import { checkConsoleRequest } from "./guard";
import { OperationBusyError } from "./hub";
import { consoleToken } from "./token";
import { WorkspacePathError } from "./workspace-path";

type RouteContext = { params: Promise<{ lab: string }> };

export type ConsoleHandler = (input: { request: Request; lab: RegisteredLab }) => Promise<Response>;

export function consoleRoute(handler: ConsoleHandler, opts: { mutating: boolean }): (request: Request, route: RouteContext) => Promise<Response> {
  return async (request, route) => {
    const verdict = checkConsoleRequest(request, { mode: consoleMode(), token: consoleToken(), mutating: opts.mutating });
    if (!verdict.ok) return jsonError(verdict.status, verdict.message);
    try {
      const { lab: id } = await route.params;
      const lab = consoleRegistry().get(id);
      return await handler({ request, lab });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" } });
}

export function jsonError(status: number, message: string): Response {
  return json({ error: message }, status);
}

export function errorResponse(error: unknown): Response {
  if (error instanceof LabNotFoundError) return jsonError(404, error.message);
  if (error instanceof WorkspacePathError) return jsonError(400, error.message);
  if (error instanceof OperationBusyError) return jsonError(409, error.message);
  if (error instanceof WorkspaceError || isUserFacingError(error)) return jsonError(409, error.message);
  if (error instanceof BadRequestError) return jsonError(400, error.message);
  // Bodies are read by the classroom API's parseJsonBody (streamed size cap, application/json, strict UTF-8).
  if (error instanceof HttpError) return apiError(error.status, error.message, error.issues, error.headers);
  console.error("lab console:", error);
  return jsonError(500, "The lab console hit an unexpected error; the server log has the details. Try again, or use the `clusterlab lab` commands.");
}

export class BadRequestError extends Error {
  override name = "BadRequestError";
}
