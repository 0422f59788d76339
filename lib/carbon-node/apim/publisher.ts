/**
 * The api-publisher profile (model), on 9443 + offset: `POST /publisher/apis` stands in for the Publisher UI's
 * "Publish" (a lab-only route): it records the API in WSO2AM_DB and deploys it to every Gateway environment of
 * this node's api-manager.xml, through the environment's ServerURL (the Gateway's admin services).
 */
import { z } from "zod";
import { apiDefinitionSchema, type ServletProfileInput } from "./am-db";
import { serviceUrl } from "./endpoints";
import { postJson, type JsonRoute } from "./json-http";

export const PUBLISHER_LOG = "clusterlab.apim.Publisher";
export const deployAnswerSchema = z.object({ deployed: z.string() });

export function publisherRoutes(input: ServletProfileInput): Array<JsonRoute> {
  const { node, apim, amDb, log, offset } = input;
  const publish: JsonRoute = async (req) => {
    if (req.method !== "POST" || req.path !== "/publisher/apis") return null;
    const body = apiDefinitionSchema.safeParse(req.body);
    if (!body.success)
      return {
        status: 400,
        body: { error: `send {name, context, version}: ${body.error.issues.map((i) => i.message).join("; ")}`, node },
      };
    const api = body.data;
    await amDb.putApi(api);
    if (apim.gatewayEnvironments.length === 0)
      return {
        status: 502,
        body: {
          error: "no APIGateway Environment in repository/conf/api-manager.xml: nowhere to publish",
          node,
          published: [],
        },
      };
    const published = await Promise.all(
      apim.gatewayEnvironments.map(async (env, i) => {
        const environment = env.name ?? `environment ${i + 1}`;
        let url: string;
        try {
          url = serviceUrl(
            env.serverUrl,
            "APIGatewayAdmin/deployApi",
            `APIGateway Environment '${environment}' ServerURL`,
            offset,
          );
        } catch (error) {
          return { environment, ok: false, detail: (error as Error).message };
        }
        const res = await postJson(url, api, deployAnswerSchema, 5_000);
        return res.ok
          ? { environment, ok: true, detail: `${url}: deployed on ${res.value.deployed}` }
          : { environment, ok: false, detail: res.error };
      }),
    );
    const ok = published.every((p) => p.ok);
    log.info(
      PUBLISHER_LOG,
      `API ${api.name}:${api.version} (context ${api.context}) recorded in ${amDb.description}; published to ${published.map((p) => `${p.environment} ${p.ok ? "ok" : "FAILED"}`).join(", ")}`,
    );
    for (const p of published.filter((x) => !x.ok))
      log.warn(PUBLISHER_LOG, `Publishing to Gateway environment ${p.environment} failed: ${p.detail}`);
    return { status: ok ? 200 : 502, body: { api, published, node } };
  };
  return [publish];
}
