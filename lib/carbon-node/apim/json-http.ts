/**
 * The small HTTP/JSON toolkit the API-M profiles talk over: a route table server on one port and a bounded
 * JSON client. Every answer carries X-Carbon-Node so a grader going through nginx can tell which node answered.
 */
import http from "node:http";
import type { z } from "zod";
import { readBodyText, sendJson } from "../node-http";

export type JsonReply = { status: number; body: unknown; headers?: Record<string, string> };
export type JsonRequest = { method: string; path: string; headers: http.IncomingHttpHeaders; body: unknown };
export type JsonRoute = (req: JsonRequest) => Promise<JsonReply | null>;

const MAX_BODY = 64 * 1024;

function sendReply(res: http.ServerResponse, reply: JsonReply): void {
  sendJson(res, reply.status, reply.body, reply.headers);
}

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const text = await readBodyText(req, MAX_BODY);
  if (!text.trim()) return null;
  return JSON.parse(text);
}

/** A handler that tries each route in order; the first non-null reply wins, else `fallback`. */
export function createJsonHandler(
  node: string,
  routes: ReadonlyArray<JsonRoute>,
  fallback: (req: JsonRequest) => JsonReply,
): http.RequestListener {
  return (req, res) => {
    res.setHeader("X-Carbon-Node", node);
    void (async () => {
      let body: unknown;
      try {
        body = await readBody(req);
      } catch (error) {
        sendReply(res, { status: 400, body: { error: `unreadable JSON body: ${(error as Error).message}`, node } });
        return;
      }
      let path = "/";
      try {
        path = new URL(req.url ?? "/", "http://node").pathname;
      } catch {
        // keep "/"
      }
      const request: JsonRequest = { method: req.method ?? "GET", path, headers: req.headers, body };
      try {
        for (const route of routes) {
          const reply = await route(request);
          if (reply) return sendReply(res, reply);
        }
        sendReply(res, fallback(request));
      } catch (error) {
        sendReply(res, { status: 500, body: { error: (error as Error).message, node } });
      }
    })();
  };
}

export type CallResult<T> =
  { ok: true; status: number; value: T } | { ok: false; status: number | null; error: string };

/** POST JSON to `url` and parse the answer with `schema`; never throws (the caller turns failures into messages). */
export async function postJson<T>(
  url: string,
  body: unknown,
  schema: z.ZodType<T>,
  timeoutMs = 5_000,
): Promise<CallResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      ok: false,
      status: null,
      error: `cannot reach ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
    };
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      ok: false,
      status: res.status,
      error: `${url} answered HTTP ${res.status} without JSON: ${text.slice(0, 120)}`,
    };
  }
  if (!res.ok) {
    const message = (json as { error?: unknown }).error;
    return {
      ok: false,
      status: res.status,
      error: `${url} answered HTTP ${res.status}: ${typeof message === "string" ? message : text.slice(0, 200)}`,
    };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    return { ok: false, status: res.status, error: `${url} answered an unexpected body: ${text.slice(0, 200)}` };
  return { ok: true, status: res.status, value: parsed.data };
}

export async function listenOn(
  server: http.Server | import("node:net").Server,
  port: number,
  host: string,
  what: string,
): Promise<number> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    throw new Error(
      `Cannot listen on ${host}:${port} (${what}): ${(error as Error).message}. Another server uses this port: change the port offset or stop the other server.`,
      { cause: error },
    );
  }
  const address = server.address();
  return typeof address === "object" && address ? address.port : port;
}

export async function closeServer(server: http.Server | import("node:net").Server): Promise<void> {
  if ("closeAllConnections" in server) server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
