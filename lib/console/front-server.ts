/**
 * What ClusterLab's own server (scripts/server.mjs) tells the app: that it is in front (so the `x-clusterlab-peer`
 * header is the socket's address, overwritten on every request), the console cookie's name, and whether remote
 * consoles were allowed with CLUSTERLAB_CONSOLE_REMOTE=1. Under `next start` alone nothing is recorded, the peer
 * header is whatever the client wrote, and the console refuses to run. See docs/decisions/0024-console-trust-peer-address-and-cookie.md.
 */
import { z } from "zod";
import { peekProcessValue, setProcessValue } from "./process-state";

/** Set by scripts/server-core.mjs (stampPeer); any client-sent value is replaced there. */
export const PEER_HEADER = "x-clusterlab-peer";

const frontServerSchema = z.object({
  cookieName: z.string().regex(/^clusterlab-console-\d{1,5}$/),
  consoleRemote: z.boolean(),
});
export type FrontServer = z.infer<typeof frontServerSchema>;

/** The front server's record for this process, or null under `next start`/`next dev` alone. */
export function frontServer(): FrontServer | null {
  const parsed = frontServerSchema.safeParse(peekProcessValue("front"));
  return parsed.success ? parsed.data : null;
}

/** The real peer address of `headers`' request, or null when no front server vouches for the header. */
export function trustedPeerAddress(headers: Headers, front: FrontServer | null = frontServer()): string | null {
  if (!front) return null;
  return headers.get(PEER_HEADER) || null;
}

/** For tests that drive route handlers directly: what scripts/server.mjs records at start-up. */
export function installFrontServerForTests(
  front: FrontServer | null = { cookieName: "clusterlab-console-3000", consoleRemote: false },
): void {
  setProcessValue("front", front ?? undefined);
}
