/**
 * The local-only guard every console route runs first. The console starts containers and writes files on the
 * learner's machine, so a request must be:
 *   - in local mode (classroom servers never touch Docker),
 *   - addressed to a loopback host (Host header: defeats DNS rebinding, where evil.example resolves to 127.0.0.1),
 *   - from a loopback client (every X-Forwarded-For hop Next.js recorded is a loopback address),
 *   - carrying the per-process token (header, or `token` query parameter for EventSource, which cannot set headers),
 *   - and, when it changes something, same-origin (Origin equals the Host it was sent to; Sec-Fetch-Site not cross-site).
 * Pure over the request headers so it is unit-tested without a server.
 */
import { CONSOLE_TOKEN_HEADER, tokenMatches } from "./token";

export type GuardVerdict = { ok: true } | { ok: false; status: 403 | 404; message: string };

export type GuardOptions = {
  mode: "local" | "classroom";
  token: string;
  /** Changes files or containers: also require a same-origin Origin header. */
  mutating: boolean;
};

export function checkConsoleRequest(request: Request, opts: GuardOptions): GuardVerdict {
  if (opts.mode !== "local") {
    return { ok: false, status: 404, message: "The lab console runs only in local mode. On a classroom server, run the labs with the `clusterlab lab` commands on your own machine." };
  }
  const host = request.headers.get("host");
  if (!host || !isLoopbackHost(host)) {
    return { ok: false, status: 403, message: "The lab console answers only on the local machine: open it as http://127.0.0.1:<port> or http://localhost:<port>." };
  }
  const forwarded = request.headers.get("x-forwarded-for");
  if (forwarded && !forwarded.split(",").every((hop) => isLoopbackAddress(hop.trim()))) {
    return { ok: false, status: 403, message: "The lab console accepts requests from this machine only." };
  }
  const url = new URL(request.url);
  const token = request.headers.get(CONSOLE_TOKEN_HEADER) ?? url.searchParams.get("token");
  if (!tokenMatches(token, opts.token)) {
    return { ok: false, status: 403, message: "Missing or stale console token: reload the lab page (the server restarted since it was opened)." };
  }
  if (opts.mutating) {
    const origin = request.headers.get("origin");
    if (!origin || !sameOrigin(origin, host)) {
      return { ok: false, status: 403, message: "Cross-origin request refused: the lab console only accepts changes from its own page." };
    }
    const fetchSite = request.headers.get("sec-fetch-site");
    if (fetchSite && fetchSite !== "same-origin") {
      return { ok: false, status: 403, message: "Cross-site request refused: the lab console only accepts changes from its own page." };
    }
  }
  return { ok: true };
}

/** `127.0.0.1:3000`, `localhost`, `[::1]:3000`: host part only, port ignored. */
export function isLoopbackHost(hostHeader: string): boolean {
  const host = hostHeader.startsWith("[") ? hostHeader.slice(1, hostHeader.indexOf("]")) : hostHeader.replace(/:\d+$/, "");
  return host.toLowerCase() === "localhost" || isLoopbackAddress(host);
}

export function isLoopbackAddress(address: string): boolean {
  const a = address.replace(/^::ffff:/i, "");
  if (a === "::1") return true;
  const parts = a.split(".");
  return parts.length === 4 && parts[0] === "127" && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function sameOrigin(origin: string, host: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  return (parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.host.toLowerCase() === host.toLowerCase();
}
