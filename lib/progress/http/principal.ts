/**
 * Who is calling. Classroom mode: a bearer API token (CLI) or the session cookie (browser), else anonymous.
 * Local mode: always the implicit local learner (no login). CSRF: cookie-authenticated mutations must
 * pass the same-origin check (lib/auth/csrf.ts); bearer tokens are exempt (browsers never add them).
 */
import { readCookie, SESSION_COOKIE } from "@/lib/auth/cookies";
import { checkSameOrigin } from "@/lib/auth/csrf";
import { isLoopbackHost } from "@/lib/http/loopback";
import { looksLikeSessionSecret } from "@/lib/auth/secrets";
import { findSessionUser, type AccountUser } from "../accounts";
import { getLocalLearner } from "../lessons";
import { findTokenUser, touchApiToken } from "../tokens";
import type { ApiContext } from "./context";
import { HttpError } from "./respond";

export type Principal =
  | { kind: "anonymous" }
  | { kind: "user"; via: "session" | "token" | "local"; user: AccountUser; sessionSecret?: string };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isMutation(request: Request): boolean {
  return !SAFE_METHODS.has(request.method.toUpperCase());
}

export async function resolvePrincipal(request: Request, ctx: ApiContext): Promise<Principal> {
  if (ctx.mode === "local") {
    // Local mode trusts the machine's user, but not other web pages in their browser: neither a page on another
    // origin, nor one that rebound its own name to 127.0.0.1 (DNS rebinding, security review L7: its Origin then
    // equals its Host, so only a loopback Host tells this machine's own pages apart).
    requireLoopbackHost(request);
    if (request.headers.get("origin") !== null) requireSameOrigin(request, ctx);
    const learner = await getLocalLearner(ctx.db);
    return { kind: "user", via: "local", user: { id: learner.id, email: null, name: learner.name, role: "learner" } };
  }
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const token = match?.[1];
    const user =
      token === undefined
        ? undefined
        : ctx.submissions
          ? await ctx.submissions.findTokenUser(token)
          : await findTokenUser(ctx.db, token);
    if (!user) {
      throw new HttpError(
        401,
        "The API token is missing, malformed, unknown or revoked. Create a new one on the course site (Progress → Tokens) and run `clusterlab login` again.",
        [],
        { "www-authenticate": 'Bearer realm="clusterlab"' },
      );
    }
    if (ctx.submissions) await ctx.submissions.touchToken(user.tokenId, user.lastUsedAt, ctx.now());
    else await touchApiToken(ctx.db, user.tokenId, user.lastUsedAt, ctx.now());
    const { tokenId: _tokenId, lastUsedAt: _lastUsedAt, ...account } = user;
    return { kind: "user", via: "token", user: account };
  }
  const secret = readCookie(request.headers.get("cookie"), SESSION_COOKIE);
  if (secret && looksLikeSessionSecret(secret)) {
    const user = await findSessionUser(ctx.db, secret, ctx.now());
    if (user) {
      if (isMutation(request)) requireSameOrigin(request, ctx);
      return { kind: "user", via: "session", user, sessionSecret: secret };
    }
  }
  return { kind: "anonymous" };
}

export function requireLoopbackHost(request: Request): void {
  const host = request.headers.get("host");
  if (host !== null && !isLoopbackHost(host)) {
    throw new HttpError(
      403,
      `Local mode answers only on this machine's own address, not on "${host.slice(0, 100)}". Open ClusterLab at http://127.0.0.1:<port> (or localhost).`,
    );
  }
}

export function requireSameOrigin(request: Request, ctx: ApiContext): void {
  const verdict = checkSameOrigin(request.headers, request.url, ctx.publicOrigin);
  if (!verdict.ok)
    throw new HttpError(403, `Refused a cross-site request: ${verdict.reason}. Use the course site's own pages.`);
}

export type SignedIn = Extract<Principal, { kind: "user" }>;

/** Signed in through the browser (or local mode). API tokens may only submit reports (least privilege). */
export function requireBrowserUser(principal: Principal): SignedIn {
  if (principal.kind === "anonymous") throw new HttpError(401, "Sign in first (/login).");
  if (principal.via === "token")
    throw new HttpError(403, "API tokens can only submit lab reports; use the course site for this.");
  return principal;
}

export function requireClassroom(ctx: ApiContext): void {
  if (ctx.mode !== "classroom") {
    throw new HttpError(
      404,
      "Accounts and cohorts exist only in classroom mode (CLUSTERLAB_MODE=classroom). In local mode there is nothing to sign in to.",
    );
  }
}

/**
 * Client address for the login and join-code throttles. Behind a trusted proxy (CLUSTERLAB_TRUST_PROXY) it is the
 * RIGHTMOST X-Forwarded-For hop: the one our proxy appended from the socket it saw. Every hop to its left came
 * from the client, who could write any address there to dodge its own bucket or to lock someone else's. Without
 * a trusted proxy it is the socket address.
 */
export function clientAddress(request: Request, ctx: Pick<ApiContext, "trustProxy" | "remoteAddress">): string {
  if (ctx.trustProxy) {
    // Several X-Forwarded-For headers arrive joined by ", " in order, so the last hop is still the proxy's.
    const hops = (request.headers.get("x-forwarded-for") ?? "")
      .split(",")
      .map((hop) => hop.trim())
      .filter((hop) => hop !== "");
    const appendedByProxy = hops.at(-1);
    if (appendedByProxy) return appendedByProxy;
  }
  return ctx.remoteAddress?.(request) ?? "";
}
