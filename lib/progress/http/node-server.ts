/**
 * A node:http server for the classroom API routes (the same handlers app/api serves through Next.js).
 * Used by the authorisation-matrix and durability suites and by `npm run bench:progress`, so they
 * exercise the API without building the whole site. Not the production entry point: `npm start` is.
 */
import http from "node:http";
import { Readable } from "node:stream";
import type { ApiContext } from "./context";
import { peerAddress, stampPeerAddress } from "./peer";
import { dispatchApiRequest } from "./routes";

export function createApiServer(ctx: ApiContext): http.Server {
  // This server owns the socket, so it keeps the peer-header contract (./peer.ts) and may trust the header.
  const context: ApiContext = { ...ctx, remoteAddress: peerAddress };
  return http.createServer((req, res) => {
    void handle(req, res, context);
  });
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse, ctx: ApiContext): Promise<void> {
  try {
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
    const method = req.method ?? "GET";
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      else if (value !== undefined) headers.set(name, value);
    }
    stampPeerAddress(headers, req.socket.remoteAddress);
    const hasBody = method !== "GET" && method !== "HEAD";
    const request = new Request(url, {
      method,
      headers,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
      duplex: "half",
    } as RequestInit & { duplex: "half" });
    const response = await dispatchApiRequest(request, ctx);
    const outHeaders: Record<string, string | Array<string>> = {};
    response.headers.forEach((value, name) => {
      outHeaders[name] = value;
    });
    const setCookies = response.headers.getSetCookie();
    if (setCookies.length > 0) outHeaders["set-cookie"] = setCookies;
    const body = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, outHeaders).end(body);
    // Drain whatever the handler did not read (e.g. an oversized body) so keep-alive connections stay usable.
    req.resume();
  } catch (error) {
    console.error("[api-server] request failed:", error);
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "The server failed to handle this request." }));
  }
}
