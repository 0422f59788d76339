// The pieces of ClusterLab's own HTTP server (scripts/server.mjs) that decide trust, kept free of Next.js so the
// unit tests drive them with plain node:http objects. See docs/decisions/0024-console-trust-peer-address-and-cookie.md.
//
// Contract with the app (lib/console/front-server.ts and the classroom throttles' peerAddress(request)):
//   - every request that reaches Next carries `x-clusterlab-peer` = the TCP socket's remote address; a value the client
//     sent is always overwritten, so the header can be trusted exactly when this server is in front;
//   - the server records itself on globalThis (FRONT_KEY) before it serves, so the app can tell "behind our server"
//     from "`next start` on its own", where the header is whatever the client wrote.
import { randomBytes, timingSafeEqual } from "node:crypto";

export const PEER_HEADER = "x-clusterlab-peer";
/** Where the app finds the console token and the front-server facts (lib/console/process-state.ts uses the same key). */
export const CONSOLE_STATE_KEY = Symbol.for("clusterlab.console.state");
export const OPEN_PATH = "/console/open";

/** Anti-framing on every response (M9): a framed console could be clickjacked into Reset or Down. */
export const SECURITY_HEADERS = Object.freeze({
  "content-security-policy": "frame-ancestors 'none'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
});

const LOOPBACK_NAMES = new Set(["127.0.0.1", "::1", "localhost", "ip6-localhost"]);

/** Is `host` (a HOST value: address or name, no port) a loopback address? `0.0.0.0`, `::` and host names are not. */
export function isLoopbackBind(host) {
  const h = String(host)
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  if (LOOPBACK_NAMES.has(h)) return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) && h.split(".").every((p) => Number(p) <= 255);
}

function flag(value) {
  return value === "1" || value === "true";
}

/**
 * Where to listen and what the console may trust, from the environment. Local mode refuses a non-loopback HOST
 * (tcsh exports HOST=<hostname>; `HOST=0.0.0.0` would put the console on the LAN) unless CLUSTERLAB_CONSOLE_REMOTE=1.
 * Returns `{ ok: false, message }` with what to do instead of throwing, so start.mjs can refuse before it builds.
 */
export function serverSettings(env) {
  const mode = env.CLUSTERLAB_MODE === "classroom" ? "classroom" : "local";
  if (env.CLUSTERLAB_MODE && env.CLUSTERLAB_MODE !== "local" && env.CLUSTERLAB_MODE !== "classroom") {
    return {
      ok: false,
      message: `CLUSTERLAB_MODE=${env.CLUSTERLAB_MODE} is not a mode: use local (the default) or classroom.`,
    };
  }
  const portText = env.PORT ?? "3000";
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port < 1 || port > 65535) {
    return { ok: false, message: `PORT=${portText} is not a TCP port: use a number from 1 to 65535 (default 3000).` };
  }
  const host = env.HOST?.trim() || "127.0.0.1";
  const consoleRemote = flag(env.CLUSTERLAB_CONSOLE_REMOTE);
  if (mode === "local" && !isLoopbackBind(host) && !consoleRemote) {
    return {
      ok: false,
      message:
        `HOST=${host} is not a loopback address. In local mode the lab console drives this machine's Docker engine and files, ` +
        `so ClusterLab listens on 127.0.0.1 only. Unset HOST (tcsh sets it to the host name: \`unsetenv HOST\`), or, if you really ` +
        `want the console reachable from other machines, set CLUSTERLAB_CONSOLE_REMOTE=1 (read README "Security model — local mode" first).`,
    };
  }
  const fastPathText = env.CLUSTERLAB_SUBMISSION_FAST_PATH;
  if (fastPathText !== undefined && fastPathText !== "" && fastPathText !== "0" && fastPathText !== "1") {
    return {
      ok: false,
      message: `CLUSTERLAB_SUBMISSION_FAST_PATH=${fastPathText} is not 0 or 1: unset it (the default, on in classroom mode) or set 0 to send lab reports through Next.js.`,
    };
  }
  return {
    ok: true,
    mode,
    host,
    port,
    consoleRemote,
    trustProxy: flag(env.CLUSTERLAB_TRUST_PROXY),
    submissionFastPath: fastPathText !== "0",
  };
}

/** The console's per-process state, shared with the app through globalThis (same Map as lib/console/process-state.ts). */
export function consoleState(g = globalThis) {
  g[CONSOLE_STATE_KEY] ??= new Map();
  return g[CONSOLE_STATE_KEY];
}

function mint() {
  return randomBytes(32).toString("base64url");
}

/**
 * Record this server on globalThis: the console token (the cookie value), a first one-time key, the cookie's name
 * (per port: browsers send 127.0.0.1 cookies to every port, so two servers must not overwrite each other's) and
 * whether remote consoles are allowed. Returns the state for the caller to print the first URL.
 */
export function installFrontServer({ port, consoleRemote }, g = globalThis) {
  const state = consoleState(g);
  if (!state.has("token")) state.set("token", mint());
  state.set("openKey", mint());
  state.set(
    "front",
    Object.freeze({ cookieName: `clusterlab-console-${port}`, consoleRemote: Boolean(consoleRemote) }),
  );
  return state;
}

/** The one-time URL to print in the terminal; `origin` is what the learner types (http://127.0.0.1:<port>). */
export function openUrl(origin, state) {
  return `${origin}${OPEN_PATH}?key=${state.get("openKey")}`;
}

/** Overwrite the peer header with the socket's address; drop client-sent forwarding headers unless a proxy is trusted. */
export function stampPeer(req, { trustProxy }) {
  if (!trustProxy) {
    delete req.headers["x-forwarded-for"];
    delete req.headers["x-forwarded-host"];
    delete req.headers["x-real-ip"];
  }
  req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? "";
  // rawHeaders is what some frameworks rebuild headers from: keep it in step (remove every client copy, add ours).
  if (Array.isArray(req.rawHeaders)) {
    const kept = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i].toLowerCase();
      if (name === PEER_HEADER) continue;
      if (!trustProxy && (name === "x-forwarded-for" || name === "x-forwarded-host" || name === "x-real-ip")) continue;
      kept.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
    }
    kept.push(PEER_HEADER, req.headers[PEER_HEADER]);
    req.rawHeaders.splice(0, req.rawHeaders.length, ...kept);
  }
}

function keyMatches(candidate, expected) {
  if (typeof candidate !== "string" || typeof expected !== "string") return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A same-site path to go to after the exchange; anything else (absolute URL, `//host`, backslashes) goes to /labs. */
function safeNext(value) {
  return typeof value === "string" && /^\/(?![/\\])[A-Za-z0-9/_\-.?=&%]*$/.test(value) ? value : "/labs";
}

function isLoopbackPeer(address) {
  const a = String(address ?? "").replace(/^::ffff:/i, "");
  return a === "::1" || (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a) && a.split(".").every((p) => Number(p) <= 255));
}

/**
 * GET /console/open?key=<one-time key>: the Jupyter-style exchange. A matching key is used up (a new one is minted
 * and handed to `onNewKey`, which prints it), and the browser gets the console token as an HttpOnly, SameSite=Strict
 * cookie, then a 303 to `next` (default /labs). Returns false when the request is not for this path.
 */
export function handleConsoleOpen(req, res, { state, mode, onNewKey }) {
  const url = new URL(req.url ?? "/", "http://placeholder.invalid");
  if (url.pathname !== OPEN_PATH) return false;
  const refuse = (status, message) => {
    res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
    res.end(`${message}\n`);
    return true;
  };
  if (req.method !== "GET" && req.method !== "HEAD") return refuse(405, "Open the console link with a browser (GET).");
  if (mode !== "local") return refuse(404, "The lab console runs only in local mode.");
  const front = state.get("front");
  if (!front.consoleRemote && !isLoopbackPeer(req.socket?.remoteAddress)) {
    return refuse(403, "The lab console accepts requests from this machine only.");
  }
  if (!keyMatches(url.searchParams.get("key"), state.get("openKey"))) {
    return refuse(
      403,
      "This console link is wrong or was already used (each link works once). Open the newest link printed in the terminal where ClusterLab runs.",
    );
  }
  state.set("openKey", mint());
  onNewKey(state.get("openKey"));
  res.writeHead(303, {
    location: safeNext(url.searchParams.get("next")),
    "set-cookie": `${front.cookieName}=${state.get("token")}; Path=/; HttpOnly; SameSite=Strict`,
    "cache-control": "no-store",
  });
  res.end();
  return true;
}

/**
 * The request listener: security headers, the peer stamp, the console exchange, the submissions fast path when
 * loaded (`answerFirst(req, res)` returns true when it answered; ADR 0035), then Next's handler.
 */
export function createListener({ handle, state, mode, trustProxy, onNewKey, answerFirst = null }) {
  return (req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    stampPeer(req, { trustProxy });
    if (handleConsoleOpen(req, res, { state, mode, onNewKey })) return;
    if (answerFirst?.(req, res)) return;
    handle(req, res);
  };
}
