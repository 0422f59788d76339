/**
 * Who is looking at a server-rendered page (or calling a server action): the session cookie in classroom mode,
 * the implicit learner in local mode. Never an API token (lib/progress/http/page-principal.ts).
 */
import { headers } from "next/headers";
import { resolvePagePrincipal, type PagePrincipal } from "@/lib/progress/http/page-principal";
import { getApiContext } from "./context";

export async function getPageUser(): Promise<PagePrincipal> {
  return resolvePagePrincipal(new Headers(await headers()), getApiContext());
}
