/**
 * The adapter every console route goes through: the local-only guard first, then the lab id resolved from the
 * registry, then the handler; errors become JSON `{ error }` with a message for the learner, never a stack.
 */
import "server-only"; // used only by app/ (route handlers, pages): fails a client-bundle import at build time (ADR 0018)
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
  console.error("lab console:", error);
  return jsonError(500, "The lab console hit an unexpected error; the server log has the details. Try again, or use the `clusterlab lab` commands.");
}

export class BadRequestError extends Error {
  override name = "BadRequestError";
}

/** Parse a JSON body with a zod-like schema; a bad body is a 400 naming the problem. */
export async function readJsonBody<T>(request: Request, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, maxBytes = 512_000): Promise<T> {
  const text = await request.text();
  if (text.length > maxBytes) throw new BadRequestError(`The request is too large (over ${Math.round(maxBytes / 1000)} kB).`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new BadRequestError("The request body is not JSON.");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new BadRequestError(`Bad request: ${parsed.error.issues.map((i) => `${i.path.map(String).join(".") || "body"}: ${i.message}`).join("; ")}`);
  return parsed.data;
}
