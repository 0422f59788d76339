/** The caller's own progress: best score per lab, and the lab attempts' reports a page at a time (`?page=`, newest first). */
import { summariseByLab } from "../../analytics";
import { listAttemptReportsOfUser, listAttemptsOfUsers } from "../../lab-attempts";
import type { ApiHandler } from "../context";
import { requireBrowserUser, resolvePrincipal } from "../principal";
import { readPageParam } from "../inputs";
import { json } from "../respond";
import { checkTitles } from "./instructor";

export const myProgress: ApiHandler = async (request, ctx) => {
  const { user } = requireBrowserUser(await resolvePrincipal(request, ctx));
  const page = readPageParam(new URL(request.url).searchParams.get("page"));
  const [records, reports] = await Promise.all([
    listAttemptsOfUsers(ctx.db, [user.id], checkTitles(ctx.labs)),
    listAttemptReportsOfUser(ctx.db, user.id, page),
  ]);
  const best = [...summariseByLab(records).values()].map((s) => ({
    ...s,
    lastAttemptAt: s.lastAttemptAt.toISOString(),
  }));
  return json(200, {
    user,
    bestByLab: best,
    attempts: reports.attempts,
    page: reports.page,
    pageSize: reports.pageSize,
    hasMore: reports.hasMore,
  });
};
