/**
 * HTTP probe for graders: one request with a deadline and an AbortSignal, answered as data rather than
 * thrown. A refused connection is evidence about the learner's cluster (a node that is not serving),
 * so it comes back as `{ ok: false, error }` for the check to judge, never as an exception.
 */
export type HttpProbeResult =
  | { ok: true; status: number; headers: Record<string, string>; body: string; url: string }
  | { ok: false; error: string; url: string };

export type HttpProbeOptions = {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Response bodies are cut at this size: graders need a status and a header, not megabytes. */
  maxBodyBytes?: number;
};

export async function httpProbe(url: string, options: HttpProbeOptions = {}): Promise<HttpProbeResult> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const signal = options.signal
    ? AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)])
    : AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, {
      method: options.method ?? "GET",
      headers: options.headers,
      body: options.body,
      signal,
      redirect: "manual",
    });
    const text = await readCapped(response, options.maxBodyBytes ?? 64_000);
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      // fetch yields each Set-Cookie separately: join repeats with ", " so no cookie is dropped.
      const name = key.toLowerCase();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    });
    return { ok: true, status: response.status, headers, body: text, url };
  } catch (cause) {
    return { ok: false, error: describeFetchError(cause, timeoutMs), url };
  }
}

/**
 * The first `maxBytes` bytes of the body as UTF-8, then the stream is cancelled (L6): a learner's server may send
 * gigabytes, and the grader needs a status line and a header, not the whole body in memory.
 */
async function readCapped(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Array<Uint8Array> = [];
  let total = 0;
  try {
    while (total < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = maxBytes - total;
      chunks.push(value.byteLength > room ? value.subarray(0, room) : value);
      total += Math.min(value.byteLength, room);
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** fetch() hides the socket error in `cause`: surface "connection refused" rather than "fetch failed". */
function describeFetchError(cause: unknown, timeoutMs: number): string {
  if (cause instanceof Error) {
    if (cause.name === "TimeoutError") return `no answer within ${timeoutMs} ms`;
    if (cause.name === "AbortError") return "cancelled";
    const inner = (cause as { cause?: { code?: string; message?: string } }).cause;
    if (inner?.code === "ECONNREFUSED") return "connection refused (nothing listens on that port)";
    if (inner?.code === "ECONNRESET" || inner?.code === "UND_ERR_SOCKET")
      return "connection reset (the server closed it without answering)";
    return inner?.message ?? cause.message;
  }
  return String(cause);
}
