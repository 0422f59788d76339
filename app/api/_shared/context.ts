/**
 * The Next.js side of the classroom API: builds the handler context once per process (database singleton,
 * lab catalogue, configuration: no per-user state, so instances behind a load balancer are interchangeable)
 * and adapts a lib/progress handler to a route export. Route files stay one line per method.
 */
import { frontServer } from "@/lib/console/front-server";
import { getLabRegistry } from "@/labs";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import type { ApiContext, ApiHandler } from "@/lib/progress/http/context";
import { createSubmissionStore } from "@/lib/progress/submission-store";
import { labCatalogFromRegistry, type LabCatalog } from "@/lib/progress/lab-catalog";
import { peerAddress } from "@/lib/progress/http/peer";
import { runHandler } from "@/lib/progress/http/run-handler";

let context: ApiContext | undefined;

export function getApiContext(): ApiContext {
  if (!context) {
    const env = getEnv();
    context = {
      db: getDb(),
      submissions: createSubmissionStore(env.DATABASE_URL),
      mode: env.CLUSTERLAB_MODE,
      labs: lazyCatalog(() => labCatalogFromRegistry(getLabRegistry())),
      publicOrigin: env.CLUSTERLAB_PUBLIC_ORIGIN,
      trustProxy: env.CLUSTERLAB_TRUST_PROXY,
      now: () => new Date(),
      remoteAddress: remoteAddressOf,
    };
  }
  return context;
}

/**
 * The client address the throttles key on (security review M5): the socket's peer address, which only ClusterLab's
 * own server states (scripts/server.mjs registers itself in this process and overwrites `x-clusterlab-peer` from the
 * socket on every request, ADR 0024). Under a bare `next start` the header is the client's word: undefined.
 */
export function remoteAddressOf(request: Request): string | undefined {
  return frontServer() ? peerAddress(request) : undefined;
}

/** Built on first use, so pages that never look at labs do not fail when the lab catalogue has a problem. */
function lazyCatalog(build: () => LabCatalog): LabCatalog {
  let catalog: LabCatalog | undefined;
  return {
    find: (labId) => (catalog ??= build()).find(labId),
    list: () => (catalog ??= build()).list(),
  };
}

type RouteContext = { params: Promise<Record<string, string | Array<string>>> };

export function nextRoute(handler: ApiHandler): (request: Request, route: RouteContext) => Promise<Response> {
  return async (request, route) => {
    // Next.js passes no params object for routes without dynamic segments.
    const raw = (await route?.params) ?? {};
    const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
    return runHandler(handler, request, getApiContext(), params);
  };
}
