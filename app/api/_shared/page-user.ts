/**
 * Who is looking at a server-rendered page: the same resolution as the API (session cookie in classroom
 * mode, the implicit learner in local mode), from the incoming request's headers.
 */
import { headers } from "next/headers";
import type { Principal } from "@/lib/progress/http/principal";
import { resolvePrincipal } from "@/lib/progress/http/principal";
import { getApiContext } from "./context";

export async function getPageUser(): Promise<Principal> {
  const incoming = await headers();
  // A GET: no body and no CSRF check; only the cookie (or local mode) decides.
  const request = new Request("http://clusterlab.internal/", { headers: new Headers(incoming) });
  return resolvePrincipal(request, getApiContext());
}
