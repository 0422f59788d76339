/**
 * The api-key-manager profile (model), on the HTTPS servlet port 9443 + offset:
 * - `APIKeyValidationService/validateKey`: what a Gateway's APIKeyValidator/ServerURL calls for each token it has
 *   not cached; answers from WSO2AM_DB (token, subscription, tier);
 * - `APIKeyMgtSubscriberService/generateToken`: what the Store's AuthManager/ServerURL calls to issue a token;
 * - `/oauth2/revoke`: marks the token revoked in WSO2AM_DB and tells every Gateway environment of this node's
 *   api-manager.xml (its ServerURL) to drop the token from its cache, as the KM notifies Gateways in API-M 2.x.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { ApimConfig } from "@/lib/wso2-config/model";
import type { CarbonLogger } from "../carbon-log";
import type { AmDb } from "./am-db";
import { EndpointError, serviceUrl } from "./endpoints";
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
export const generateRequestSchema = z.object({ application: z.string().min(1).max(100) });
export const generateAnswerSchema = z.object({ token: z.string(), application: z.string() });
export const revokeRequestSchema = z.object({ token: z.string().min(1).max(200) });
const invalidationSchema = z.object({ environment: z.string(), ok: z.boolean(), detail: z.string() });
export const revokeAnswerSchema = z.object({ revoked: z.boolean(), invalidated: z.array(invalidationSchema) });
export const invalidateAnswerSchema = z.object({ dropped: z.number() });

function bad(node: string, message: string) {
  return { status: 400, body: { error: message, node } };
}

export function keyManagerRoutes(input: {
  node: string;
  apim: ApimConfig;
  amDb: AmDb;
  offset: number;
  log: CarbonLogger;
}): Array<JsonRoute> {
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
    const invalidated = await Promise.all(
      apim.gatewayEnvironments.map(async (env, i) => {
        const environment = env.name ?? `environment ${i + 1}`;
        let url: string;
        try {
          url = serviceUrl(
            env.serverUrl,
            "APIAuthenticationService/invalidateCachedTokens",
            `APIGateway Environment '${environment}' ServerURL`,
            offset,
          );
        } catch (error) {
          return { environment, ok: false, detail: (error as EndpointError).message };
        }
        const res = await postJson(url, { tokens: [body.data.token] }, invalidateAnswerSchema, 3_000);
        return res.ok
          ? {
              environment,
              ok: true,
              detail: `${url}: ${res.value.dropped} cached entr${res.value.dropped === 1 ? "y" : "ies"} dropped`,
            }
          : { environment, ok: false, detail: res.error };
      }),
    );
    const failed = invalidated.filter((r) => !r.ok);
    log.info(
      KM_LOG,
      `Token of application ${record.application} revoked; gateway caches told: ${invalidated.map((r) => `${r.environment} ${r.ok ? "ok" : "FAILED"}`).join(", ") || "none (no Gateway environment configured)"}`,
    );
    for (const f of failed)
      log.warn(KM_LOG, `Could not clear the token cache of Gateway environment ${f.environment}: ${f.detail}`);
    return { status: 200, body: { revoked: true, invalidated } };
  };
  return [validate, generate, revoke];
}
