/**
 * A node:http server for the classroom API routes (the same handlers app/api serves through Next.js).
 * Used by the authorisation-matrix and durability suites and by `npm run bench:progress`, so they
 * exercise the API without building the whole site. Not the production entry point: `npm start` is.
 */
import http from "node:http";
import type { ApiContext } from "./context";
import { answerNodeRequest } from "./node-adapter";
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
  await answerNodeRequest(req, res, (request) => {
    // This server owns the socket: whatever the client sent in the peer header is replaced by the socket's address.
    stampPeerAddress(request.headers, req.socket.remoteAddress);
    return dispatchApiRequest(request, ctx);
  });
}
