/**
 * The local-only guard every console route and the lab page run first. The console starts containers and writes files
 * on the learner's machine, so a request must be:
 *   - in local mode (classroom servers never touch Docker),
 *   - served through ClusterLab's own server (scripts/server.mjs), the only thing that knows the real peer address,
 *   - unless CLUSTERLAB_CONSOLE_REMOTE=1: addressed to a loopback Host (defeats DNS rebinding) AND from a loopback peer,
 *     the socket's address that the server stamps into `x-clusterlab-peer` (never Host or X-Forwarded-For, which any
 *     client writes),
 *   - carrying the console token in this server's HttpOnly cookie (exchanged from the one-time link printed in the
 *     terminal), or in the `x-clusterlab-console-token` header; never in the query string, which ends up in logs,
 *   - and, when it changes something, same-origin (Origin equals the Host it was sent to; Sec-Fetch-Site not cross-site).
 * Pure over the request headers so it is unit-tested without a server. See docs/decisions/0024-console-trust-peer-address-and-cookie.md.
 */
import { isLoopbackAddress, isLoopbackHost } from "@/lib/http/loopback";
import { frontServer, trustedPeerAddress, type FrontServer } from "./front-server";
import { CONSOLE_TOKEN_HEADER, tokenMatches } from "./token";

export type GuardVerdict = { ok: true } | { ok: false; status: 403 | 404; message: string };

export type GuardOptions = {
  mode: "local" | "classroom";
  token: string;
  /** Changes files or containers: also require a same-origin Origin header. */
  mutating: boolean;
  /** The front server's record; default: this process's (null under `next start` alone). */
  front?: FrontServer | null;
};

export const OPEN_LINK_ADVICE =
  "Open the one-time console link printed in the terminal where ClusterLab runs (`npm start`); it signs this browser in. If it was used already, the terminal shows a fresh one.";

export function checkConsoleRequest(request: Request, opts: GuardOptions): GuardVerdict {
  return checkConsoleHeaders(request.headers, opts);
}

/** The same checks over bare headers: the lab page (a server component) has headers, not a Request. */
export function checkConsoleHeaders(headers: Headers, opts: GuardOptions): GuardVerdict {
  if (opts.mode !== "local") {
    return {
      ok: false,
      status: 404,
      message:
        "The lab console runs only in local mode. On a classroom server, run the labs with the `clusterlab lab` commands on your own machine.",
    };
  }
  const front = opts.front === undefined ? frontServer() : opts.front;
  if (!front) {
    return {
      ok: false,
      status: 403,
      message:
        "The lab console needs ClusterLab's own server, which knows who is connecting: start it with `npm start` (or `npm run dev`), not `next start`.",
    };
  }
  const host = headers.get("host") ?? "";
  if (!front.consoleRemote) {
    if (!isLoopbackHost(host)) {
      return {
        ok: false,
        status: 403,
        message: "The lab console answers only on the local machine: open it as http://127.0.0.1:<port>.",
      };
    }
    const peer = trustedPeerAddress(headers, front);
    if (!peer || !isLoopbackAddress(peer)) {
      return { ok: false, status: 403, message: "The lab console accepts requests from this machine only." };
    }
  }
  const token = headers.get(CONSOLE_TOKEN_HEADER) ?? readCookie(headers.get("cookie"), front.cookieName);
  if (!tokenMatches(token, opts.token)) {
    return {
      ok: false,
      status: 403,
      message: `This browser is not signed in to the lab console (or the server restarted). ${OPEN_LINK_ADVICE}`,
    };
  }
  if (opts.mutating) {
    const origin = headers.get("origin");
    if (!origin || !sameOrigin(origin, host)) {
      return {
        ok: false,
        status: 403,
        message: "Cross-origin request refused: the lab console only accepts changes from its own page.",
      };
    }
    const fetchSite = headers.get("sec-fetch-site");
    if (fetchSite && fetchSite !== "same-origin") {
      return {
        ok: false,
        status: 403,
        message: "Cross-site request refused: the lab console only accepts changes from its own page.",
      };
    }
  }
  return { ok: true };
}

function sameOrigin(origin: string, host: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  return (
    (parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.host.toLowerCase() === host.toLowerCase()
  );
}

/** One cookie's value from a Cookie header; null when absent. */
function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

// Re-exported for the console routes and pages that already import them from here.
export { isLoopbackAddress, isLoopbackHost };
