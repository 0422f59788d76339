/**
 * The training node's HTTP helpers, shared by every face it serves (the node API, the API-M profiles, the ESB and
 * broker profiles, the analytics worker and publisher): one JSON writer and one capped body reader, so a size limit
 * or a header is decided once. Bodies are counted while they stream in, so a client cannot make a node buffer more
 * than the cap.
 */
import type http from "node:http";

/** Write `body` as JSON. A no-op once headers went out (a late error must not throw on a finished response). */
export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
  constructor(readonly maxBytes: number) {
    super(`request body over ${maxBytes} bytes`);
  }
}

/** The request body as UTF-8 text; throws BodyTooLargeError as soon as more than `maxBytes` arrived. */
export async function readBodyText(req: http.IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Array<Buffer> = [];
  let size = 0;
  for await (const chunk of req) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    if (size > maxBytes) throw new BodyTooLargeError(maxBytes);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString("utf8");
}
