/**
 * The gateway-worker profile (model):
 * - admin services on 9443 + offset (what an Environment's ServerURL names): `APIGatewayAdmin/deployApi` (the
 *   Publisher deploys an API; kept as a file in the node's synapse-configs folder so a restart keeps it);
 * - the pass-through ports 8280/8243 + offset: a call needs `Authorization: Bearer <token>`, validated through
 *   APIKeyValidator/ServerURL and cached when EnableGatewayTokenCache is on; each allowed call is sent as an event
 *   to the TM's ReceiverUrlGroup; throttle decisions arrive from the TM's broker (JMS brokerlist) and turn calls
 *   of that key into 429 until the decision ends; `/revoke` (what the KM's RevokeAPIURL names) drops a token from
 *   the cache and, with Hazelcast clustering on, has the other cluster members drop it too (facts §9: Hazelcast is
 *   optional and needed only for revocation across gateways).
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { ApimConfig } from "@/lib/wso2-config/model";
import type { CarbonLogger } from "../carbon-log";
import { apiDefinitionSchema, type ApiDefinition } from "./am-db";
import { brokerTargets, serviceUrl, tcpTargets, type TcpTarget } from "./endpoints";
import { postJson, type JsonReply, type JsonRequest, type JsonRoute } from "./json-http";
import { validateAnswerSchema, type ValidateAnswer } from "./key-manager";
import { parseLine } from "../line-protocol";
import { openLineLink, type LineLink } from "./line-protocol";
import { throttleDecisionSchema } from "./throttle";

export const GATEWAY_LOG = "clusterlab.apim.Gateway";
export const GATEWAY_API_FOLDER = "repository/deployment/server/synapse-configs/default/api";
/** API-M's default token cache lifetime (900 s). */
const TOKEN_CACHE_MS = 900_000;

type Authorized = Extract<ValidateAnswer, { authorized: true }>;

export type Gateway = {
  adminRoutes: Array<JsonRoute>;
  passThroughRoutes: Array<JsonRoute>;
  passThroughFallback(req: JsonRequest): JsonReply;
  /** A cluster member (Hazelcast on) relayed a revocation: drop the token here too. */
  onClusterRevoke(token: string): void;
  stop(): void;
};

function describe(targets: ReadonlyArray<TcpTarget>): string {
  return targets.map((t) => `${t.host}:${t.port}`).join(", ") || "none";
}

export function createGateway(input: {
  node: string;
  apim: ApimConfig;
  carbonHome: string | null;
  offset: number;
  log: CarbonLogger;
  /** Gateway clustering (axis2.xml) when on: relays a revocation to the other members; returns how many. */
  cluster?: { relay(token: string): number } | null;
  now?: () => number;
}): Gateway {
  const { node, apim, log, offset } = input;
  const now = input.now ?? Date.now;
  const apis = new Map<string, ApiDefinition>();
  const folder = input.carbonHome ? path.join(input.carbonHome, GATEWAY_API_FOLDER) : null;
  const cacheOn = apim.gatewayTokenCache !== false;
  const cache = new Map<string, { at: number; byContext: Map<string, Authorized> }>();
  const blocked = new Map<string, number>();

  // APIs published before a restart are still in the synapse folder, as they are on a WSO2 Gateway.
  if (folder && fs.existsSync(folder)) {
    for (const name of fs.readdirSync(folder).filter((n) => n.endsWith(".clusterlab.json"))) {
      try {
        const api = apiDefinitionSchema.parse(JSON.parse(fs.readFileSync(path.join(folder, name), "utf8")));
        apis.set(api.context, api);
      } catch {
        log.warn(GATEWAY_LOG, `Skipping unreadable deployed API file ${GATEWAY_API_FOLDER}/${name}`);
      }
    }
    if (apis.size) log.info(GATEWAY_LOG, `Redeployed ${apis.size} API(s) from ${GATEWAY_API_FOLDER}`);
  }

  const receiverTargets = tcpTargets(apim.throttling.receiverUrlGroup, offset);
  const events: LineLink | null =
    apim.throttling.dataPublisherEnabled === false
      ? null
      : openLineLink({
          targets: receiverTargets,
          onState: (s) =>
            "connected" in s
              ? log.info(
                  GATEWAY_LOG,
                  `Publishing request events to the Traffic Manager at ${s.connected.host}:${s.connected.port} (ReceiverUrlGroup)`,
                )
              : log.warn(
                  GATEWAY_LOG,
                  `Cannot send request events to the Traffic Manager (ReceiverUrlGroup ${apim.throttling.receiverUrlGroup ?? "unset"}): ${s.failed}; retrying`,
                ),
        });
  if (!events)
    log.warn(
      GATEWAY_LOG,
      "DataPublisher is disabled: this gateway sends no request events, so no Traffic Manager can throttle its traffic",
    );
  else if (receiverTargets.length === 0)
    log.warn(
      GATEWAY_LOG,
      `ReceiverUrlGroup '${apim.throttling.receiverUrlGroup ?? ""}' names no tcp://host:port: no request events are sent`,
    );

  // The connection URL itself, placeholders resolved here: the parsed brokerlist keeps `${carbon.local.ip}` as written.
  const brokers = apim.throttling.jmsConnectionUrl
    ? brokerTargets(apim.throttling.jmsConnectionUrl, offset)
    : apim.throttling.jmsBrokers;
  const decisions: LineLink | null =
    apim.throttling.jmsEnabled === false
      ? null
      : openLineLink({
          targets: brokers,
          onConnect: (socket) => socket.write(`${JSON.stringify({ subscribe: "throttleData" })}\n`),
          onLine: (line) => {
            const d = parseLine(line, throttleDecisionSchema);
            if (!d) return;
            blocked.set(d.key, d.blockedUntil);
            log.info(
              GATEWAY_LOG,
              `Throttle decision from the Traffic Manager: ${d.key} (tier ${d.tier}) blocked until ${new Date(d.blockedUntil).toISOString()}`,
            );
          },
          onState: (s) =>
            "connected" in s
              ? log.info(
                  GATEWAY_LOG,
                  `Subscribed to throttle decisions on the Traffic Manager's broker ${s.connected.host}:${s.connected.port} (JMSConnectionDetails brokerlist)`,
                )
              : log.warn(
                  GATEWAY_LOG,
                  `Cannot subscribe to throttle decisions (brokerlist ${describe(brokers)}): ${s.failed}; retrying`,
                ),
        });
  if (!decisions)
    log.warn(GATEWAY_LOG, "JMSConnectionDetails is disabled: this gateway receives no throttle decisions");

  const deployApi: JsonRoute = async (req) => {
    if (req.method !== "POST" || req.path !== "/services/APIGatewayAdmin/deployApi") return null;
    const api = apiDefinitionSchema.safeParse(req.body);
    if (!api.success) return { status: 400, body: { error: "send {name, context, version}", node } };
    apis.set(api.data.context, api.data);
    if (folder) {
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(
        path.join(folder, `${api.data.name}--v${api.data.version}.clusterlab.json`),
        JSON.stringify(api.data),
      );
    }
    log.info(GATEWAY_LOG, `API ${api.data.name}:${api.data.version} deployed (context ${api.data.context})`);
    return { status: 200, body: { deployed: node } };
  };

  function dropToken(token: string): number {
    return cache.delete(token) ? 1 : 0;
  }

  const revoke: JsonRoute = async (req) => {
    if (req.method !== "POST" || req.path !== "/revoke") return null;
    const body = z.object({ token: z.string().min(1).max(200) }).safeParse(req.body);
    if (!body.success) return { status: 400, body: { error: "send {token}", node } };
    const dropped = dropToken(body.data.token);
    const relayedTo = input.cluster?.relay(body.data.token) ?? 0;
    log.info(
      GATEWAY_LOG,
      `Revoked token dropped from this gateway's token cache (${dropped} entr${dropped === 1 ? "y" : "ies"}); ${input.cluster ? `told ${relayedTo} cluster member(s)` : "clustering is off: no other gateway is told"}`,
    );
    return { status: 200, body: { node, dropped, relayedTo } };
  };

  async function validate(token: string, context: string): Promise<ValidateAnswer | { error: string }> {
    const entry = cache.get(token);
    const hit = cacheOn && entry && now() - entry.at < TOKEN_CACHE_MS ? entry.byContext.get(context) : undefined;
    if (hit) return hit;
    let url: string;
    try {
      url = serviceUrl(
        apim.keyValidator.serverUrl,
        "APIKeyValidationService/validateKey",
        "APIKeyValidator/ServerURL",
        offset,
      );
    } catch (error) {
      return { error: (error as Error).message };
    }
    const res = await postJson(url, { token, context }, validateAnswerSchema, 3_000);
    if (!res.ok) return { error: `key validation through APIKeyValidator/ServerURL failed: ${res.error}` };
    if (res.value.authorized && cacheOn) {
      const e = cache.get(token) ?? { at: now(), byContext: new Map<string, Authorized>() };
      e.byContext.set(context, res.value);
      cache.set(token, e);
    }
    return res.value;
  }

  function findApi(pathname: string): ApiDefinition | null {
    let best: ApiDefinition | null = null;
    for (const api of apis.values())
      if (
        (pathname === api.context || pathname.startsWith(`${api.context}/`)) &&
        (!best || api.context.length > best.context.length)
      )
        best = api;
    return best;
  }

  const invoke: JsonRoute = async (req) => {
    const api = findApi(req.path);
    if (!api) return null;
    const auth = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ""));
    if (!auth?.[1])
      return { status: 401, body: { error: "Missing Credentials: send Authorization: Bearer <access token>", node } };
    const answer = await validate(auth[1], api.context);
    if ("error" in answer) {
      log.error(GATEWAY_LOG, answer.error);
      return { status: 503, body: { error: answer.error, node } };
    }
    if (!answer.authorized) return { status: 401, body: { error: `Invalid Credentials: ${answer.reason}`, node } };
    const key = `${answer.application}:${api.context}`;
    const until = blocked.get(key);
    if (until !== undefined && until > now())
      return {
        status: 429,
        body: {
          error: `throttled out: ${key} passed tier ${answer.tier}; the Traffic Manager blocked it until ${new Date(until).toISOString()}`,
          node,
        },
      };
    events?.send({ type: "request", key, tier: answer.tier, gateway: node });
    return { status: 200, body: { api: api.name, version: api.version, context: api.context, path: req.path, node } };
  };

  return {
    adminRoutes: [deployApi],
    passThroughRoutes: [revoke, invoke],
    onClusterRevoke(token) {
      if (dropToken(token))
        log.info(GATEWAY_LOG, "Revoked token dropped from this gateway's token cache at a cluster member's request");
    },
    passThroughFallback: (req) => ({
      status: 404,
      body: {
        error: `no API with a context matching ${req.path} is deployed on this gateway (deployed: ${[...apis.keys()].sort().join(", ") || "none"}): publish it from the Publisher to this gateway's environment`,
        node,
      },
    }),
    stop() {
      events?.close();
      decisions?.close();
    },
  };
}
