/**
 * What every classroom API handler gets besides the Request: the database, the mode, the lab catalogue,
 * configuration, and a clock (injectable for tests). Built once per process by the app (app/api/_shared)
 * or by a test/bench harness; holds no per-user state, so any number of instances can share one database.
 */
import "server-only"; // used only by app/ (route handlers, pages): fails a client-bundle import at build time (ADR 0018)
import type { LabCatalog } from "../lab-catalog";
import type { ClassroomDb } from "../db-types";
import type { SubmissionStore } from "../submission-store";

export type ApiContext = {
  db: ClassroomDb;
  mode: "local" | "classroom";
  labs: LabCatalog;
  /** CLUSTERLAB_PUBLIC_ORIGIN: the origin browsers use, when a proxy rewrites Host. Also the xAPI activity base. */
  publicOrigin?: string;
  /** CLUSTERLAB_TRUST_PROXY: take the client address from X-Forwarded-For (only behind a proxy that sets it). */
  trustProxy: boolean;
  now: () => Date;
  /**
   * The raw-SQL path for bearer-token lookups and stored submissions (lib/progress/submission-store.ts). The
   * servers set it; without it (handler tests) the same work goes through Prisma.
   */
  submissions?: SubmissionStore;
  /**
   * Per-learner report limits (security review M8); default SUBMISSION_LIMITS in handlers/submissions.ts. Load
   * harnesses that push one learner's reports as fast as they can (durability suite, benchmark) turn them off.
   */
  submissionLimits?: { perMinute: number; total: number };
  /**
   * The socket address, when the server in front states it (the x-clusterlab-peer contract, ./peer.ts): node-server.ts
   * always; under Next.js only while scripts/server.mjs is in front (lib/console/front-server.ts `frontServer()`), which keeps the contract.
   */
  remoteAddress?: (request: Request) => string | undefined;
};

export type RouteParams = Readonly<Record<string, string>>;

export type ApiHandler = (request: Request, ctx: ApiContext, params: RouteParams) => Promise<Response>;
