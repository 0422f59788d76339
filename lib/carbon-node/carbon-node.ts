/**
 * Assembles one training node from a loaded configuration: clustering (or standalone), datasources,
 * registry, sessions, replicated map and the HTTP API. `stop()` is the graceful path SIGTERM takes.
 */
import http from "node:http";
import { randomUUID } from "node:crypto";
import type { CarbonConfig } from "@/lib/wso2-config/model";
import { CARBON_NODE, CLUSTERING_AGENT, type CarbonLogger } from "./carbon-log";
import { createDatasources } from "./datasources";
import { createArtifactStore } from "./artifacts";
import { ApimConfigError, APIM_REVOKE_PREFIX, startApimProfile, type ApimProfileNode } from "./apim/apim-profile";
import { startEsbProfile, type EsbProfile } from "./esb-profile";
import { startAnalyticsWorker, type AnalyticsWorker } from "./analytics/worker";
import { createEventPublishing } from "./analytics/publisher";
import { startBrokerProfile, type BrokerProfile } from "./broker/broker-profile";
import { createApiHandler } from "./http-api";
import { startMembership, type Membership } from "./membership";
import { deriveSettings, SettingsError, type NodeSettings, type RuntimeOptions } from "./node-settings";
import { createRegistry, type Registry } from "./registry";
import { createReplicatedMap } from "./replicated-map";
import { createSessionStore } from "./sessions";
import type { MemberInfo } from "./wire";

export type RunningNode = {
  settings: NodeSettings;
  httpPort: number;
  membership: Membership | null;
  stop(): Promise<void>;
};

export class StartupError extends Error {
  override name = "StartupError";
}

async function listen(server: http.Server, port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

export async function startCarbonNode(
  config: CarbonConfig,
  options: RuntimeOptions,
  log: CarbonLogger,
): Promise<RunningNode> {
  const settings = deriveSettings(config, options);
  const startedAt = Date.now();
  const standaloneMember: MemberInfo = {
    uuid: randomUUID(),
    host: settings.advertisedHost,
    port: settings.memberPort,
    name: settings.name,
    startedAt,
  };
  const datasources = createDatasources(config, settings.dataDir);
  let membership: Membership | null = null;
  let registry: Registry | null = null;
  // Set once the API-M profile starts (after membership, which may already deliver relayed revocations).
  let apim: ApimProfileNode | null = null;
  const replicated = createReplicatedMap(standaloneMember.uuid);

  if (settings.mode === "standalone") {
    log.info(CLUSTERING_AGENT, "Clustering has been disabled");
    log.info(CARBON_NODE, "Running standalone: no cluster membership, no cache invalidation messages, no replication.");
  } else {
    membership = await startMembership(settings, log, {
      replicated,
      onInvalidate: (path) =>
        path.startsWith(APIM_REVOKE_PREFIX)
          ? apim?.onClusterRevoke(path.slice(APIM_REVOKE_PREFIX.length))
          : registry?.invalidate(path),
    });
  }
  const activeMembership = membership;
  /** Tell the other members that `path` changed (the registry's cache invalidation; API-M revocations ride on it). */
  const broadcastInvalidate = (path: string): void => {
    activeMembership?.broadcast({ t: "invalidate", from: activeMembership.local.uuid, path });
  };
  registry = createRegistry({
    mounts: config.registry.mounts,
    datasources,
    cacheTtlMs: settings.registryCacheTtlMs,
    clusterInvalidate: activeMembership
      ? (path) => {
          broadcastInvalidate(path);
          return activeMembership.view().joined;
        }
      : null,
  });

  // IS pattern 2 (ADR 0034): an analytics worker's and an IS node's lab-only /analytics/* faces go first.
  let analytics: AnalyticsWorker | null = null;
  const publishing = config.eventPublishers?.length
    ? createEventPublishing({ publishers: config.eventPublishers, isNode: settings.name, log })
    : null;
  const apiHandler = createApiHandler({
    name: settings.name,
    domain: settings.domain,
    scheme: settings.mode,
    clusteringEnabled: settings.mode !== "standalone",
    startedAt,
    membership,
    standaloneMember,
    sessions: createSessionStore(),
    registry,
    replicated,
    datasources,
    counterStore: () => datasources.defaultShared(config.registry.mounts),
    artifacts: createArtifactStore(settings.dataDir),
    log,
  });
  const server = http.createServer((req, res) => {
    if (analytics?.handle(req, res) || publishing?.handle(req, res)) return;
    void apiHandler(req, res);
  });
  server.keepAliveTimeout = 5000;
  try {
    await listen(server, settings.httpPort, settings.httpBindHost);
  } catch (error) {
    await membership?.stop();
    throw new StartupError(
      `Cannot listen on ${settings.httpBindHost}:${settings.httpPort} (servlet HTTP 9763 + offset ${config.server.offset}): ${(error as Error).message}. ` +
        "Another server uses this port: change [server] offset / carbon.xml <Offset>, or stop the other server.",
    );
  }
  let broker: BrokerProfile | null = null;
  let esb: EsbProfile | null = null;
  /** Every product model that started, stopped together (a failed start and stop() use the same list). */
  const stopModels = () => Promise.allSettled([apim?.stop(), esb?.stop(), analytics?.stop(), broker?.stop()]);
  // A product model that cannot start stops what already started (earlier models, membership, the listener) and
  // surfaces as a StartupError, or as a SettingsError (exit 78) when the learner's files are the cause.
  async function startModel<T>(failure: string, start: () => Promise<T>): Promise<T> {
    try {
      return await start();
    } catch (error) {
      await stopModels();
      await membership?.stop();
      server.close();
      // A missing api-manager.xml or WSO2AM_DB is the learner's configuration (exit 78), not a port clash (exit 1).
      if (error instanceof ApimConfigError) throw new SettingsError(`-Dprofile=${options.profile}`, error.message);
      throw new StartupError(`${failure}${(error as Error).message}`);
    }
  }
  // Which product model a node runs follows its files (or -Dprofile), as the product's own start script does:
  // an EI home with conf/broker.xml runs the Message Broker profile model (ADR 0033); any other Enterprise
  // Integrator home (config under conf/, see lib/wso2-config/load.ts) runs the ESB profile model (ADR 0030); an IS
  // Analytics worker home (conf/worker/deployment.yaml) the analytics worker model (ADR 0034); -Dprofile=<API-M
  // profile> that profile's part only (ADR 0032).
  const brokerConfig = config.broker;
  if (brokerConfig) {
    broker = await startModel("", () =>
      startBrokerProfile({
        broker: brokerConfig,
        datasources: config.datasources,
        name: settings.name,
        advertisedHost: settings.advertisedHost,
        memberPort: settings.memberPort,
        offset: config.server.offset,
        bindHost: settings.httpBindHost,
        log,
      }),
    );
  }
  const carbonHome = settings.dataDir;
  if (!config.broker && carbonHome && config.sources.some((s) => s.startsWith("conf/")) && !config.analytics) {
    esb = await startModel("", () =>
      startEsbProfile({
        carbonHome,
        name: settings.name,
        offset: config.server.offset,
        bindHost: settings.httpBindHost,
        log,
      }),
    );
  }
  const analyticsConfig = config.analytics;
  if (analyticsConfig) {
    const clusterDs = analyticsConfig.cluster.datasource;
    analytics = await startModel("The analytics worker could not start: ", () =>
      startAnalyticsWorker({
        config: analyticsConfig,
        name: settings.name,
        advertisedHost: settings.advertisedHost,
        bindHost: settings.httpBindHost,
        clusterStore: clusterDs && datasources.find(clusterDs) ? datasources.open(clusterDs) : null,
        log,
      }),
    );
  }
  const profile = options.profile;
  if (profile) {
    apim = await startModel("", () =>
      startApimProfile({
        profile,
        config,
        datasources,
        carbonHome: settings.dataDir,
        name: settings.name,
        bindHost: settings.httpBindHost,
        log,
        cluster: activeMembership
          ? {
              relay(token) {
                broadcastInvalidate(`${APIM_REVOKE_PREFIX}${token}`);
                return activeMembership.view().members.filter((m) => m.uuid !== activeMembership.local.uuid).length;
              },
            }
          : null,
      }),
    );
  }
  const address = server.address();
  const httpPort = typeof address === "object" && address ? address.port : settings.httpPort;
  log.info("org.wso2.carbon.core.transports.http.HttpTransportListener", `HTTP port : ${httpPort}`);
  log.info(CARBON_NODE, `WSO2 Carbon started in ${((Date.now() - startedAt) / 1000).toFixed(2)} sec`);

  let stopped = false;
  return {
    settings,
    httpPort,
    membership,
    async stop() {
      if (stopped) return;
      stopped = true;
      log.info("org.wso2.carbon.core.init.CarbonServerManager", "Gracefully shutting down WSO2 Carbon...");
      await stopModels();
      await membership?.stop();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await datasources.closeAll();
      log.info("org.wso2.carbon.core.init.CarbonServerManager", "Shutdown complete");
    },
  };
}
