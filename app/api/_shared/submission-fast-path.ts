/**
 * POST /api/submissions answered by ClusterLab's own server (scripts/server.mjs) before Next.js sees the request
 * (ADR 0035). It is the classroom's one high-volume route (every learner's CLI posts each graded check), and Next's
 * per-request machinery cost about as much CPU as the handler and the database together. The answer is the very
 * same one the Next route gives: the same handler (submitAttempt), the same runHandler error mapping, the same
 * process-wide context (getApiContext: database, raw-SQL store, lab catalogue, peer address from the front server).
 *
 * scripts/submission-fast-path.mjs bundles this file for plain Node into .next/clusterlab/ after `next build`; the
 * server loads it only in classroom mode, in production, when the bundle belongs to the current Next build.
 */
import type http from "node:http";
import { submitAttempt } from "@/lib/progress/http/handlers/submissions";
import { answerNodeRequest } from "@/lib/progress/http/node-adapter";
import { runHandler } from "@/lib/progress/http/run-handler";
import { getApiContext } from "./context";

const FAST_PATH_ROUTE = { method: "POST", pathname: "/api/submissions" } as const;

/** True when the fast path answers this request; anything else (other paths, methods, a trailing slash) goes to Next. */
export function isFastPathRequest(req: Pick<http.IncomingMessage, "method" | "url">): boolean {
  if (req.method !== FAST_PATH_ROUTE.method) return false;
  const raw = req.url ?? "/";
  // Origin-form only ("/api/submissions" or "/api/submissions?..."): absolute-form and odd spellings are Next's.
  const pathname = raw.split("?", 1)[0];
  return pathname === FAST_PATH_ROUTE.pathname;
}

/**
 * The request listener's hook: answers and returns true for POST /api/submissions, returns false otherwise.
 * The front server has already stamped the peer header from the socket and set the security headers.
 */
export function answerSubmission(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  if (!isFastPathRequest(req)) return false;
  void answerNodeRequest(
    req,
    res,
    (request) => runHandler(submitAttempt, request, getApiContext(), {}),
    "[submissions]",
  );
  return true;
}
