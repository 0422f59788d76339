/**
 * node:http ⇄ fetch Request/Response, for the servers that answer classroom API requests without Next.js: the
 * test/bench API server (node-server.ts) and the submissions fast path in ClusterLab's own server
 * (app/api/_shared/submission-fast-path.ts, ADR 0035). One copy, so both convert headers, bodies and
 * failures the same way.
 */
import type http from "node:http";

/** The request as a fetch Request; the body streams from the socket (the handler's capped reader decides how much). */
function webRequestFrom(req: http.IncomingMessage): Request {
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
  const method = req.method ?? "GET";
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = method !== "GET" && method !== "HEAD";
  return new Request(url, {
    method,
    headers,
    body: hasBody ? bodyStream(req) : undefined,
    duplex: "half",
  } as RequestInit & { duplex: "half" });
}

/**
 * The request body as a pull stream that touches the socket only when the handler reads it. Readable.toWeb would
 * attach a reader at once and pause the request whenever its queue is full, so a body the handler refused unread
 * (413 on Content-Length) could not be drained afterwards and the next request on that keep-alive connection was
 * reset. Here an unread or cancelled body is simply drained by answerNodeRequest's req.resume().
 */
function bodyStream(req: http.IncomingMessage): ReadableStream<Uint8Array> {
  let chunks: AsyncIterator<Buffer> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        chunks ??= req.iterator({ destroyOnReturn: false });
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      },
      async cancel() {
        await chunks?.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

/** Write `response` to `res`; headers already set on `res` (e.g. the front server's security headers) are kept. */
async function writeWebResponse(res: http.ServerResponse, response: Response): Promise<void> {
  const outHeaders: Record<string, string | Array<string>> = {};
  response.headers.forEach((value, name) => {
    outHeaders[name] = value;
  });
  const setCookies = response.headers.getSetCookie();
  if (setCookies.length > 0) outHeaders["set-cookie"] = setCookies;
  const body = Buffer.from(await response.arrayBuffer());
  outHeaders["content-length"] = String(body.byteLength);
  res.writeHead(response.status, outHeaders).end(body);
}

/**
 * Answer one node:http request with `answer`. A failure of the answer itself (not of a handler: runHandler turns
 * those into responses) is logged and becomes a generic 500, so one bad request never takes the server down.
 */
export async function answerNodeRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  answer: (request: Request) => Promise<Response>,
  logLabel = "[api-server]",
): Promise<void> {
  try {
    await writeWebResponse(res, await answer(webRequestFrom(req)));
    // Drain whatever the handler did not read (e.g. an oversized body) so keep-alive connections stay usable.
    req.resume();
  } catch (error) {
    console.error(`${logLabel} request failed:`, error);
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "The server failed to handle this request." }));
  }
}
