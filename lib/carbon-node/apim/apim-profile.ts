/**
 * Starts the API-M profile model a node was given with `-Dprofile=<profile>` (ADR 0032): only that profile's
 * part, on WSO2's ports (offset applied), talking to the other profiles only over the URLs of its
 * repository/conf/api-manager.xml. Log categories are `clusterlab.apim.*`: the model's words, not WSO2's.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { MASTER_DATASOURCES_FILE, parseMasterDatasourcesXml } from "@/lib/wso2-config/datasources-xml";
import type { CarbonConfig } from "@/lib/wso2-config/model";
import type { CarbonLogger } from "../carbon-log";
import type { Datasources } from "../datasources";
import { createAmDb, type AmDb } from "./am-db";
import { createGateway } from "./gateway";
import { closeServer, createJsonHandler, listenOn, type JsonRoute } from "./json-http";
import { keyManagerRoutes } from "./key-manager";
import { APIM_PROFILE_DATABASES } from "@/lib/wso2-config";
import { apimPorts, usesAmDb, type ApimPorts, type ApimProfile } from "./profiles";
import { publisherRoutes } from "./publisher";
import { storeRoutes } from "./store";
import { startTrafficManager } from "./traffic-manager";

export const APIM_LOG = "clusterlab.apim.Profile";

export class ApimProfileError extends Error {
  override name = "ApimProfileError";
}

/** The learner's configuration cannot run the profile (a missing file or datasource): the node refuses to start. */
export class ApimConfigError extends Error {
  override name = "ApimConfigError";
}

export type ApimProfileNode = {
  profile: ApimProfile;
  ports: Partial<ApimPorts>;
  /** A cluster member relayed a revoked token (see APIM_REVOKE_PREFIX). */
  onClusterRevoke(token: string): void;
  stop(): Promise<void>;
};

/** Cluster messages that carry a revoked token reuse the node's `invalidate` message with this path prefix. */
export const APIM_REVOKE_PREFIX = "apim-revoked-token:";

function openAmDb(profile: ApimProfile, datasources: Datasources, carbonHome: string | null): AmDb {
  const ds = datasources.find("WSO2AM_DB") ?? datasources.find("jdbc/WSO2AM_DB");
  if (!ds)
    throw new ApimConfigError(
      `${whereDatasourcesGo(carbonHome)}The ${profile} profile needs the datasource WSO2AM_DB (JNDI jdbc/WSO2AM_DB) in ${MASTER_DATASOURCES_FILE}: add it and start the node again.`,
    );
  return createAmDb(datasources.open(ds.name));
}

/**
 * "repository/conf/datasources/master-datasources.xml:<line>:<col> ": the <datasources> element a missing
 * datasource goes into, in the file:line form the lab's start-failure grading quotes (lib/roles/carbon.ts). Empty
 * when the home has no such file (then the message's file name is all there is to point at).
 */
function whereDatasourcesGo(carbonHome: string | null): string {
  if (carbonHome === null) return "";
  let text: string;
  try {
    text = fs.readFileSync(path.join(carbonHome, MASTER_DATASOURCES_FILE), "utf8");
  } catch {
    return "";
  }
  const at = parseMasterDatasourcesXml(text).positions["datasources"];
  return at ? `${MASTER_DATASOURCES_FILE}:${at.line}:${at.column} ` : "";
}

export async function startApimProfile(input: {
  profile: ApimProfile;
  config: CarbonConfig;
  datasources: Datasources;
  carbonHome: string | null;
  name: string;
  bindHost: string;
  log: CarbonLogger;
  /** Tests move the ports off WSO2's defaults; a node uses apimPorts(offset). */
  ports?: ApimPorts;
  /** The node's clustering (axis2.xml) when on: a gateway relays revocations to the other members through it. */
  cluster?: { relay(token: string): number } | null;
}): Promise<ApimProfileNode> {
  const { profile, config, name, bindHost, log } = input;
  const apim = config.apim;
  if (!apim)
    throw new ApimConfigError(
      `-Dprofile=${profile} needs repository/conf/api-manager.xml in the Carbon home (none was read): add the API-M 2.6 file and start the node again.`,
    );
  const offset = config.server.offset;
  const ports = input.ports ?? apimPorts(offset);
  const missing = APIM_PROFILE_DATABASES[profile].filter((d) => !input.datasources.find(d));
  if (missing.length)
    log.warn(
      APIM_LOG,
      `The ${profile} profile expects the datasource(s) ${missing.join(", ")} in master-datasources.xml (facts §7)`,
    );
  const amDb = usesAmDb(profile) ? openAmDb(profile, input.datasources, input.carbonHome) : null;
  if (amDb) log.info(APIM_LOG, `API, subscription and token state in ${amDb.description}`);

  const servers: Array<http.Server> = [];
  const stops: Array<() => Promise<void> | void> = [];
  async function serve(
    port: number,
    what: string,
    routes: Array<JsonRoute>,
    fallback: Parameters<typeof createJsonHandler>[2],
  ): Promise<number> {
    const server = http.createServer(createJsonHandler(name, routes, fallback));
    server.keepAliveTimeout = 5000;
    const bound = await listenOn(server, port, bindHost, what);
    servers.push(server);
    return bound;
  }
  const notHere: Parameters<typeof createJsonHandler>[2] = (req) => ({
    status: 404,
    body: {
      error: `${req.method} ${req.path} is not served here: this node runs only the ${profile} profile (-Dprofile=${profile})`,
      node: name,
    },
  });

  const bound: Partial<ApimPorts> = {};
  let onClusterRevoke: (token: string) => void = () => undefined;
  try {
    const common = { node: name, apim, offset, log };
    if (profile === "gateway-worker") {
      const gateway = createGateway({ ...common, carbonHome: input.carbonHome, cluster: input.cluster ?? null });
      onClusterRevoke = (token) => gateway.onClusterRevoke(token);
      stops.push(() => gateway.stop());
      bound.servletHttps = await serve(ports.servletHttps, "HTTPS servlet 9443 + offset", gateway.adminRoutes, notHere);
      bound.passThroughHttp = await serve(
        ports.passThroughHttp,
        "pass-through HTTP 8280 + offset",
        gateway.passThroughRoutes,
        gateway.passThroughFallback,
      );
      bound.passThroughHttps = await serve(
        ports.passThroughHttps,
        "pass-through HTTPS 8243 + offset",
        gateway.passThroughRoutes,
        gateway.passThroughFallback,
      );
    } else if (profile === "traffic-manager") {
      const tm = await startTrafficManager({
        receiverPort: ports.tmReceiver,
        brokerPort: ports.tmBroker,
        bindHost,
        log,
      });
      stops.push(() => tm.stop());
      bound.tmReceiver = tm.receiverPort;
      bound.tmBroker = tm.brokerPort;
    } else if (amDb) {
      const routes =
        profile === "api-key-manager"
          ? keyManagerRoutes({ ...common, amDb })
          : profile === "api-publisher"
            ? publisherRoutes({ ...common, amDb })
            : storeRoutes({ ...common, amDb });
      bound.servletHttps = await serve(ports.servletHttps, "HTTPS servlet 9443 + offset", routes, notHere);
    }
  } catch (error) {
    for (const stop of stops) await stop();
    await Promise.all(servers.map((s) => closeServer(s)));
    throw new ApimProfileError((error as Error).message);
  }
  log.info(
    APIM_LOG,
    `API-M ${profile} profile (training model) started: ${Object.entries(bound)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );
  return {
    profile,
    ports: bound,
    onClusterRevoke: (token) => onClusterRevoke(token),
    async stop() {
      for (const stop of stops) await stop();
      await Promise.all(servers.map((s) => closeServer(s)));
    },
  };
}
