/**
 * The api-key-manager profile (model), on the HTTPS servlet port 9443 + offset:
 * - `APIKeyValidationService/validateKey`: what a Gateway's APIKeyValidator/ServerURL calls for each token it has
 *   not cached; answers from WSO2AM_DB (token, subscription, tier);
 * - `AuthenticationAdmin/login`: where the Store logs its users in (its AuthManager/ServerURL);
 * - `APIKeyMgtSubscriberService/generateToken`: what the Store's APIKeyValidator/ServerURL calls to issue a token;
 * - `/oauth2/revoke` (a lab-only route standing in for a revocation on the KM): marks the token revoked in
 *   WSO2AM_DB and calls RevokeAPIURL, the Gateway's /revoke, so that Gateway drops the token from its cache
 *   (and, with Gateway Hazelcast clustering on, tells its cluster members to drop it too).
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { ServletProfileInput } from "./am-db";
import { EndpointError, plainHttpUrl } from "./endpoints";
import { postJson, type JsonRoute } from "./json-http";

export const KM_LOG = "clusterlab.apim.KeyManager";

export const validateRequestSchema = z.object({
  token: z.string().min(1).max(200),
  context: z.string().min(1).max(200),
});
export const validateAnswerSchema = z.union([
  z.object({ authorized: z.literal(true), application: z.string(), subscriber: z.string(), tier: z.string() }),
  z.object({ authorized: z.literal(false), reason: z.string() }),
]);
export type ValidateAnswer = z.infer<typeof validateAnswerSchema>;
export const loginRequestSchema = z.object({ username: z.string().min(1).max(64) });
export const loginAnswerSchema = z.object({ authenticated: z.literal(true), username: z.string() });
export const generateRequestSchema = z.object({ application: z.string().min(1).max(100) });
export const generateAnswerSchema = z.object({ token: z.string(), application: z.string() });
export const revokeRequestSchema = z.object({ token: z.string().min(1).max(200) });
/** What a Gateway's /revoke answers (RevokeAPIURL): tokens dropped here, cluster members told (Hazelcast on). */
export const gatewayRevokeAnswerSchema = z.object({ node: z.string(), dropped: z.number(), relayedTo: z.number() });
export const revokeAnswerSchema = z.object({
  revoked: z.boolean(),
  gateway: z.object({ ok: z.boolean(), detail: z.string() }),
});

function bad(node: string, message: string) {
  return { status: 400, body: { error: message, node } };
}

export function keyManagerRoutes(input: ServletProfileInput): Array<JsonRoute> {
  const { node, apim, amDb, log, offset } = input;
  const validate: JsonRoute = async (req) => {
    if (req.method !== "POST" || req.path !== "/services/APIKeyValidationService/validateKey") return null;
    const body = validateRequestSchema.safeParse(req.body);
    if (!body.success) return bad(node, "send {token, context}");
    const record = await amDb.getToken(body.data.token);
    let answer: ValidateAnswer;
    if (!record) answer = { authorized: false, reason: `token not found in ${amDb.description}` };
    else if (record.revoked) answer = { authorized: false, reason: "token revoked" };
    else {
      const sub = await amDb.getSubscription(record.application, body.data.context);
      answer = sub
        ? { authorized: true, application: record.application, subscriber: record.subscriber, tier: sub.tier }
        : {
            authorized: false,
            reason: `application ${record.application} has no subscription to ${body.data.context} in ${amDb.description}`,
          };
    }
    return { status: 200, body: answer };
  };

  // The model keeps no user store: any user name logs in. What it grades is that the Store reached the KM.
  const login: JsonRoute = async (req) => {
    if (req.method !== "POST" || req.path !== "/services/AuthenticationAdmin/login") return null;
    const body = loginRequestSchema.safeParse(req.body);
    if (!body.success) return bad(node, "send {username}");
    return { status: 200, body: { authenticated: true, username: body.data.username } };
  };

  const generate: JsonRoute = async (req) => {
    if (req.method !== "POST" || req.path !== "/services/APIKeyMgtSubscriberService/generateToken") return null;
    const body = generateRequestSchema.safeParse(req.body);
    if (!body.success) return bad(node, "send {application}");
    const app = await amDb.getApplication(body.data.application);
    if (!app)
      return {
        status: 404,
        body: {
          error: `application ${body.data.application} is not in this Key Manager's ${amDb.description}: the Store writes applications there, so the Store and the Key Manager must share WSO2AM_DB`,
          node,
        },
      };
    const token = randomBytes(16).toString("hex");
    await amDb.putToken(token, {
      application: app.name,
      subscriber: app.subscriber,
      issuedAt: Date.now(),
      revoked: false,
    });
    log.info(KM_LOG, `Access token issued for application ${app.name} (subscriber ${app.subscriber})`);
    return { status: 200, body: { token, application: app.name } };
  };

  const revoke: JsonRoute = async (req) => {
    if (req.method !== "POST" || req.path !== "/oauth2/revoke") return null;
    const body = revokeRequestSchema.safeParse(req.body);
    if (!body.success) return bad(node, "send {token}");
    const record = await amDb.getToken(body.data.token);
    if (!record) return { status: 404, body: { error: `token not found in ${amDb.description}`, node } };
    await amDb.putToken(body.data.token, { ...record, revoked: true });
    let gateway: { ok: boolean; detail: string };
    try {
      const url = plainHttpUrl(apim.revokeApiUrl, "OAuthConfigurations/RevokeAPIURL", offset);
      const res = await postJson(url, { token: body.data.token }, gatewayRevokeAnswerSchema, 3_000);
      gateway = res.ok
        ? {
            ok: true,
            detail: `${url}: ${res.value.node} dropped ${res.value.dropped} cached token(s) and told ${res.value.relayedTo} cluster member(s)`,
          }
        : { ok: false, detail: res.error };
    } catch (error) {
      gateway = { ok: false, detail: (error as EndpointError).message };
    }
    if (gateway.ok)
      log.info(
        KM_LOG,
        `Token of application ${record.application} revoked; gateway told through RevokeAPIURL: ${gateway.detail}`,
      );
    else
      log.warn(
        KM_LOG,
        `Token of application ${record.application} revoked in ${amDb.description}, but the gateway was not told through RevokeAPIURL: ${gateway.detail}`,
      );
    return { status: 200, body: { revoked: true, gateway } };
  };
  return [login, validate, generate, revoke];
}
