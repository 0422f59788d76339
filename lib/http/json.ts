/**
 * JSON answers for both HTTP APIs of the app (the classroom API under /api/* and the lab console under
 * /api/labs/<lab>/*). Every error has the shape { error, issues? }: `error` says what happened and what to do,
 * `issues` lists field problems ("report.score: ..."). Nothing is cached and nothing is sniffed.
 * The status codes each API answers with are listed in docs/decisions/0016-one-http-toolkit.md.
 */
export const baseHeaders = { "cache-control": "no-store", "x-content-type-options": "nosniff" } as const;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...baseHeaders, "content-type": "application/json; charset=utf-8", ...headers },
  });
}

export function apiError(
  status: number,
  error: string,
  issues?: ReadonlyArray<string>,
  headers: Record<string, string> = {},
): Response {
  return json(status, issues && issues.length > 0 ? { error, issues } : { error }, headers);
}

/** Thrown inside a handler to answer with a 4xx; each API's adapter turns it into `apiError`. */
export class HttpError extends Error {
  override name = "HttpError";
  constructor(
    readonly status: number,
    message: string,
    readonly issues: ReadonlyArray<string> = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}
