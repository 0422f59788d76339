/** The caller's own progress: every lab attempt with its report, best score per lab. */
import { summariseByLab } from "../../analytics";
import { listAttemptReportsOfUser, listAttemptsOfUsers } from "../../lab-attempts";
import type { ApiHandler } from "../context";
import { requireBrowserUser, resolvePrincipal } from "../principal";
import { json } from "../respond";
import { checkTitles } from "./instructor";

export const myProgress: ApiHandler = async (request, ctx) => {
  const { user } = requireBrowserUser(await resolvePrincipal(request, ctx));
  const [records, reports] = await Promise.all([listAttemptsOfUsers(ctx.db, [user.id], checkTitles(ctx.labs)), listAttemptReportsOfUser(ctx.db, user.id)]);
  const best = [...summariseByLab(records).values()].map((s) => ({ ...s, lastAttemptAt: s.lastAttemptAt.toISOString() }));
  return json(200, { user, bestByLab: best, attempts: reports });
};
