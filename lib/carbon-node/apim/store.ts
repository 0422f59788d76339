/**
 * The api-store profile (model), on 9443 + offset: `POST /store/subscribe`, a lab-only route standing in for the
 * Store UI, finds the published API in WSO2AM_DB (written by the Publisher), records the application and its
 * subscription there, logs the subscriber in at the Key Manager (AuthManager/ServerURL) and has it issue an access
 * token (APIKeyValidator/ServerURL, where API-M 2.x's Store manages keys).
 */
import { z } from "zod";
import type { ServletProfileInput } from "./am-db";
import { serviceUrl } from "./endpoints";
import { postJson, type JsonRoute } from "./json-http";
import { generateAnswerSchema, loginAnswerSchema } from "./key-manager";

export const STORE_LOG = "clusterlab.apim.Store";
export const subscribeRequestSchema = z.object({
  application: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "application names are letters, digits, . _ -"),
  subscriber: z.string().max(64).default("admin"),
  context: z.string().min(1).max(200),
  tier: z.string().max(64).default("Unlimited"),
});

export function storeRoutes(input: ServletProfileInput): Array<JsonRoute> {
  const { node, apim, amDb, log, offset } = input;
  const fail = (status: number, error: string) => ({ status, body: { error, node } });
  const subscribe: JsonRoute = async (req) => {
    if (req.method !== "POST" || req.path !== "/store/subscribe") return null;
    const body = subscribeRequestSchema.safeParse(req.body);
    if (!body.success)
      return fail(400, `send {application, context, tier}: ${body.error.issues.map((i) => i.message).join("; ")}`);
    const { application, subscriber, context, tier } = body.data;
    const api = await amDb.getApi(context);
    if (!api)
      return fail(
        404,
        `API ${context} is not in this Store's ${amDb.description}: the Publisher records published APIs in WSO2AM_DB, so the Store must use the same database`,
      );
    await amDb.putApplication(application, subscriber);
    await amDb.putSubscription({ application, context, tier });
    // API-M 2.x: the Store authenticates its users at the AuthManager (the KM's AuthenticationAdmin) and manages
    // keys through APIKeyValidator/ServerURL (the KM's APIKeyMgtSubscriberService).
    let loginUrl: string;
    let tokenUrl: string;
    try {
      loginUrl = serviceUrl(apim.authManagerUrl, "AuthenticationAdmin/login", "AuthManager/ServerURL", offset);
      tokenUrl = serviceUrl(
        apim.keyValidator.serverUrl,
        "APIKeyMgtSubscriberService/generateToken",
        "APIKeyValidator/ServerURL",
        offset,
      );
    } catch (error) {
      return fail(502, (error as Error).message);
    }
    const login = await postJson(loginUrl, { username: subscriber }, loginAnswerSchema);
    if (!login.ok) {
      log.warn(STORE_LOG, `Login of ${subscriber} through AuthManager/ServerURL failed: ${login.error}`);
      return fail(502, `logging ${subscriber} in through AuthManager/ServerURL failed: ${login.error}`);
    }
    const token = await postJson(tokenUrl, { application }, generateAnswerSchema);
    if (!token.ok) {
      log.warn(
        STORE_LOG,
        `Token generation for application ${application} through APIKeyValidator/ServerURL failed: ${token.error}`,
      );
      return fail(502, `token generation through APIKeyValidator/ServerURL failed: ${token.error}`);
    }
    log.info(
      STORE_LOG,
      `Application ${application} subscribed to ${context} (tier ${tier}); token issued by the Key Manager at ${tokenUrl}`,
    );
    const endpoints = apim.gatewayEnvironments.flatMap((e) => e.gatewayEndpoints);
    return {
      status: 200,
      body: { token: token.value.token, application, tier, api, gatewayEndpoints: endpoints, node },
    };
  };
  return [subscribe];
}
