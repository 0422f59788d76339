/**
 * The real client address of a request (security review M5 / H2). Next.js route handlers do not see the socket,
 * so the server in front of the request handler states it in a private header.
 *
 * Contract with that server (the local-mode custom server around Next's handler, and node-server.ts here): it ALWAYS
 * overwrites `x-clusterlab-peer` with the socket's remote address, deleting whatever the client sent. Only a context
 * built for such a server may read it (app/api/_shared/context.ts trusts it only while scripts/server.mjs has registered
 * itself in the process: lib/console/front-server.ts `frontServer()`); under a bare `next start` the header is the client's word and is ignored.
 * docs/decisions/0022-classroom-identity-throttles-and-bootstrap.md records the contract.
 */
import { isIP } from "node:net";

export const PEER_HEADER = "x-clusterlab-peer";

/** The address the fronting server stamped, when it is a well-formed IP address; undefined otherwise. */
export function peerAddress(request: Request): string | undefined {
  const value = request.headers.get(PEER_HEADER)?.trim();
  return value && isIP(value) !== 0 ? value : undefined;
}

/** What the fronting server does to every incoming request: replace any client-sent value with the socket's address. */
export function stampPeerAddress(headers: Headers, socketAddress: string | undefined): void {
  headers.delete(PEER_HEADER);
  if (socketAddress) headers.set(PEER_HEADER, socketAddress);
}
