/** Admin: change a user's global role (make someone an instructor). */
import { setUserRole } from "../../accounts";
import { parseJsonBody } from "@/lib/http/body";
import type { ApiHandler } from "../context";
import { idParamSchema, setRoleSchema } from "../inputs";
import { requireBrowserUser, requireClassroom, resolvePrincipal } from "../principal";
import { HttpError, json } from "../respond";

export const setRole: ApiHandler = async (request, ctx, params) => {
  requireClassroom(ctx);
  const { user } = requireBrowserUser(await resolvePrincipal(request, ctx));
  if (user.role !== "admin") throw new HttpError(403, "Only admins can change roles.");
  const input = await parseJsonBody(request, setRoleSchema);
  const id = idParamSchema.safeParse(params.userId);
  if (!id.success) throw new HttpError(400, "The user id in the URL is malformed.", ["userId: is not an id"]);
  if (id.data === user.id && input.role !== "admin")
    throw new HttpError(409, "You cannot remove your own admin role; ask another admin.");
  const updated = await setUserRole(ctx.db, id.data, input.role);
  if (!updated) throw new HttpError(404, "No user has this id.");
  return json(200, { user: updated });
};
