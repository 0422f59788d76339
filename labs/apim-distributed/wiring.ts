/**
 * The static half of the apim-distributed checks: what each profile's files must say, read with the same loader
 * the training node uses (lib/wso2-config), with `file:line` for every finding so the learner goes straight there.
 * Expectations follow puppet-apim v2.6.0.6 Pattern 3 (commit 10139126661d86509c0476a4c564e3a3844d04cd) with the
 * lab's host names, and facts §7 (which profile uses which database).
 */
import path from "node:path";
import { parseJdbcUrl } from "@/lib/carbon-node/jdbc-url";
import type { ApimProfile } from "@/lib/carbon-node/apim/profiles";
import {
  APIM_PROFILE_DATABASES,
  loadCarbonHomeDetailed,
  parseApimEndpoint,
  urlGroupMembers,
  type CarbonConfig,
  type Locations,
} from "@/lib/wso2-config";

export const NODE_PROFILES = {
  km: "api-key-manager",
  publisher: "api-publisher",
  store: "api-store",
  tm: "traffic-manager",
  gw1: "gateway-worker",
  gw2: "gateway-worker",
} as const satisfies Record<string, ApimProfile>;
export type ApimNode = keyof typeof NODE_PROFILES;
export const APIM_NODES = Object.keys(NODE_PROFILES) as Array<ApimNode>;
export const GATEWAYS = ["gw1", "gw2"] as const;

/** PostgreSQL folds unquoted names to lower case: db/init.sql creates these (README step 3). */
export const DATABASE_OF: Record<string, string> = {
  WSO2AM_DB: "wso2am_db",
  WSO2UM_DB: "wso2um_db",
  WSO2REG_DB: "wso2reg_db",
};
export const DB_USER = "wso2carbon";

export type LoadedNode = { node: ApimNode; config: CarbonConfig; locations: Locations };

export async function loadNode(workspace: string, node: ApimNode): Promise<LoadedNode> {
  const { config, locations } = await loadCarbonHomeDetailed(path.join(workspace, node));
  return { node, config, locations };
}

/** `km/repository/conf/api-manager.xml:57` for a model key, or the file alone when the element is absent. */
export function where(n: LoadedNode, key: string, fallbackFile = "repository/conf/api-manager.xml"): string {
  const at = n.locations[key];
  return at ? `${n.node}/${at.file}:${at.line}` : `${n.node}/${fallbackFile}`;
}

function datasourceFile(n: LoadedNode, name: string): string {
  const at = n.locations[`datasources.${name}`] ?? n.locations[`datasources.${name}.url`];
  return at ? `${n.node}/${at.file}:${at.line}` : `${n.node}/repository/conf/datasources/master-datasources.xml`;
}

/** Each profile's databases (facts §7) point at the lab's PostgreSQL; Publisher and Store mount the registry on REG. */
export function datasourceProblems(n: LoadedNode): Array<string> {
  const problems: Array<string> = [];
  for (const name of APIM_PROFILE_DATABASES[NODE_PROFILES[n.node]]) {
    const ds = n.config.datasources.find((d) => d.name === name);
    const want = `jdbc:postgresql://db:5432/${DATABASE_OF[name]}`;
    if (!ds) {
      problems.push(
        `${datasourceFile(n, name)}: no datasource ${name} (the ${NODE_PROFILES[n.node]} profile uses it; want ${want})`,
      );
      continue;
    }
    const target = ds.url ? parseJdbcUrl(ds.url) : null;
    if (!target || target.kind !== "postgresql") {
      problems.push(
        `${datasourceFile(n, name)}: ${name} is ${target?.kind === "h2" ? "local H2" : (ds.url ?? "without a url")}, want ${want}`,
      );
      continue;
    }
    if (target.host !== "db" || target.port !== 5432 || target.database !== DATABASE_OF[name])
      problems.push(
        `${datasourceFile(n, name)}: ${name} points at ${target.host}:${target.port}/${target.database}, want ${want}`,
      );
    if (ds.username !== DB_USER)
      problems.push(`${datasourceFile(n, name)}: ${name} logs in as ${ds.username ?? "nobody"}, want ${DB_USER}`);
  }
  if (NODE_PROFILES[n.node] === "api-publisher" || NODE_PROFILES[n.node] === "api-store") {
    const reg = n.config.datasources.find((d) => d.name === "WSO2REG_DB");
    for (const mountPath of ["/_system/config", "/_system/governance"]) {
      const mount = n.config.registry.mounts.find((m) => m.path === mountPath);
      const onReg = mount?.dataSource && reg && (mount.dataSource === reg.jndiName || mount.dataSource === reg.name);
      if (!onReg)
        problems.push(
          `${n.node}/repository/conf/registry.xml: ${mountPath} is ${mount ? `mounted on ${mount.dataSource ?? "no datasource"}` : "not mounted"}, want it mounted on jdbc/WSO2REG_DB`,
        );
    }
  }
  return problems;
}

type Expect = { host: ReadonlyArray<string>; port: number; path?: string };

function endpointProblem(
  n: LoadedNode,
  key: string,
  label: string,
  value: string | null,
  want: Expect,
  why: string,
): string | null {
  const e = value ? parseApimEndpoint(value, n.config.server.offset) : null;
  const ok =
    e &&
    want.host.includes(e.host) &&
    e.port === want.port &&
    (!want.path || e.path.replace(/\/?$/, "/") === want.path);
  if (ok) return null;
  const wanted = `${want.host.join(" or ")}:${want.port}${want.path ?? ""}`;
  return `${where(n, key)}: ${label} is ${value ?? "not set"}, want ${wanted} (${why})`;
}

/** The api-manager.xml URLs each profile follows (README step 5), in the documented order KM -> Publisher -> Store -> TM -> Gateway. */
export function wiringProblems(n: LoadedNode): Array<string> {
  const apim = n.config.apim;
  if (!apim) return [`${n.node}/repository/conf/api-manager.xml: missing or unreadable`];
  const problems: Array<string | null> = [];
  const profile = NODE_PROFILES[n.node];
  const environments = (why: string) => {
    const hosts = apim.gatewayEnvironments.map((env) => parseApimEndpoint(env.serverUrl ?? "", n.config.server.offset));
    for (const gw of GATEWAYS) {
      const found = hosts.some(
        (e) => e?.host === gw && e.port === 9443 && e.path.replace(/\/?$/, "/") === "/services/",
      );
      if (!found)
        problems.push(
          `${where(n, "apim.gatewayEnvironments[0].serverUrl")}: no APIGateway Environment with ServerURL https://${gw}:9443/services/ (${why}); found ${apim.gatewayEnvironments.map((e) => e.serverUrl ?? "(none)").join(", ") || "none"}`,
        );
    }
  };
  if (profile === "api-key-manager") {
    environments("the Key Manager's gateway environments");
    problems.push(
      endpointProblem(
        n,
        "apim.revokeApiUrl",
        "RevokeAPIURL",
        apim.revokeApiUrl,
        { host: GATEWAYS, port: 8243, path: "/revoke/" },
        "the KM tells a gateway to drop a revoked token",
      ),
    );
  }
  if (profile === "api-publisher") {
    environments("the Publisher deploys each API to every gateway");
    problems.push(
      endpointProblem(
        n,
        "apim.throttling.policyDeployerUrl",
        "PolicyDeployer/ServiceURL",
        apim.throttling.policyDeployerUrl,
        { host: ["tm"], port: 9443, path: "/services/" },
        "throttling policies are deployed on the Traffic Manager",
      ),
    );
  }
  if (profile === "api-store") {
    problems.push(
      endpointProblem(
        n,
        "apim.keyValidator.serverUrl",
        "APIKeyValidator/ServerURL",
        apim.keyValidator.serverUrl,
        { host: ["km"], port: 9443, path: "/services/" },
        "the Store manages keys and tokens at the Key Manager",
      ),
    );
    problems.push(
      endpointProblem(
        n,
        "apim.authManagerUrl",
        "AuthManager/ServerURL",
        apim.authManagerUrl,
        { host: ["km"], port: 9443, path: "/services/" },
        "the Store gets tokens from the Key Manager",
      ),
    );
    problems.push(
      endpointProblem(
        n,
        "apim.revokeApiUrl",
        "RevokeAPIURL",
        apim.revokeApiUrl,
        { host: GATEWAYS, port: 8243, path: "/revoke/" },
        "the gateway's revoke API",
      ),
    );
  }
  if (profile === "gateway-worker") {
    problems.push(
      endpointProblem(
        n,
        "apim.keyValidator.serverUrl",
        "APIKeyValidator/ServerURL",
        apim.keyValidator.serverUrl,
        { host: ["km"], port: 9443, path: "/services/" },
        "the gateway validates tokens at the Key Manager",
      ),
    );
    const receivers = urlGroupMembers(apim.throttling.receiverUrlGroup ?? "");
    problems.push(
      receivers.some((r) => /^tcp:\/\/tm:9611$/.test(r))
        ? null
        : `${where(n, "apim.throttling.receiverUrlGroup")}: ReceiverUrlGroup is ${apim.throttling.receiverUrlGroup ?? "not set"}, want tcp://tm:9611 (request events go to the Traffic Manager's receiver)`,
    );
    problems.push(
      apim.throttling.jmsBrokers.some((b) => b.host === "tm" && b.port === 5672)
        ? null
        : `${where(n, "apim.throttling.jmsConnectionUrl")}: the JMS brokerlist is ${apim.throttling.jmsBrokers.map((b) => `${b.host}:${b.port}`).join(", ") || "empty"}, want tcp://tm:5672 (gateways take throttle decisions from the Traffic Manager's broker)`,
    );
  }
  return problems.filter((p): p is string => p !== null);
}
