/** Personal API tokens: list, create (the secret is in this one response only), revoke. */
import { createApiToken, listApiTokens, revokeApiToken, TokenLimitError } from "../../tokens";
import { parseJsonBody } from "@/lib/http/body";
import type { ApiHandler } from "../context";
import { createTokenSchema, idParamSchema } from "../inputs";
import { requireBrowserUser, requireClassroom, resolvePrincipal } from "../principal";
import { HttpError, json } from "../respond";

export const listTokens: ApiHandler = async (request, ctx) => {
  requireClassroom(ctx);
  const { user } = requireBrowserUser(await resolvePrincipal(request, ctx));
  return json(200, { tokens: await listApiTokens(ctx.db, user.id) });
};

export const createToken: ApiHandler = async (request, ctx) => {
  requireClassroom(ctx);
  const { user } = requireBrowserUser(await resolvePrincipal(request, ctx));
  const input = await parseJsonBody(request, createTokenSchema);
  try {
    const { token, summary } = await createApiToken(ctx.db, user.id, input.name);
    return json(201, {
      token,
      ...summary,
      note: "Copy the token now: it is not shown again. Then run: clusterlab login --server <this site> --token <token>",
    });
  } catch (error) {
    if (error instanceof TokenLimitError) throw new HttpError(409, error.message);
    throw error;
  }
};

export const revokeToken: ApiHandler = async (request, ctx, params) => {
  requireClassroom(ctx);
  const { user } = requireBrowserUser(await resolvePrincipal(request, ctx));
  const id = idParamSchema.safeParse(params.tokenId);
  // Another user's token answers exactly like a missing one: no way to probe which ids exist.
  if (!id.success || !(await revokeApiToken(ctx.db, user.id, id.data, ctx.now()))) {
    throw new HttpError(404, "No active token of yours has this id.");
  }
  return json(200, { revoked: true });
};
