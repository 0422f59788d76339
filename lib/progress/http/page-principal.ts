/**
 * Who is looking at a server-rendered page or calling a server action. Pages and actions are the browser's, so
 * only the session cookie (classroom) or the machine (local) may decide (security review M1): an API token is
 * for the CLI and may submit reports only, so the Authorization header is dropped before resolving. Dropping it
 * also means a bad or revoked token on a page is simply "signed out" (a sign-in redirect), never a 500 (D8).
 */
import type { ApiContext } from "./context";
import { resolvePrincipal, type Principal } from "./principal";
import { HttpError } from "./respond";

export type PagePrincipal = Exclude<Principal, { kind: "user"; via: "token" }>;

export async function resolvePagePrincipal(incoming: Headers, ctx: ApiContext): Promise<PagePrincipal> {
  const headers = new Headers(incoming);
  headers.delete("authorization");
  // Resolved as a GET: reading who is signed in is not a mutation, so the API's CSRF check does not run here.
  // Server actions have Next's own Origin check, and the lesson actions change only the caller's own rows.
  let principal: Principal;
  try {
    principal = await resolvePrincipal(new Request("http://clusterlab.internal/", { headers }), ctx);
  } catch (error) {
    // Local mode refused the Host (a rebound name, L7) or the Origin: this visitor is nobody's learner.
    if (ctx.mode === "local" && error instanceof HttpError && error.status === 403) return { kind: "anonymous" };
    throw error;
  }
  if (principal.kind === "user" && principal.via === "token")
    throw new Error("unreachable: the Authorization header was removed");
  return principal;
}
