/**
 * Builds a complete, valid `CarbonConfig` from a few overrides. Used by tests and the membership
 * benchmark to describe nodes without writing deployment.toml files; the defaults are the ones a
 * fresh Carbon home has (wso2-clustering-facts §3, §5, §7, §8), with clustering enabled as WKA.
 */
import { carbonConfigSchema, type CarbonConfig, type ClusteringConfig } from "@/lib/wso2-config/model";
// The same defaults the parser fills in, so a factory-made config equals one loaded from a fresh Carbon home.
import { CARBON_DB, CARBON_HAZELCAST_DEFAULTS } from "@/lib/wso2-config/defaults";

export type CarbonConfigOverrides = {
  clustering?: Partial<ClusteringConfig>;
  hazelcast?: Record<string, string>;
  datasources?: CarbonConfig["datasources"];
  registry?: CarbonConfig["registry"];
  server?: Partial<CarbonConfig["server"]>;
  ports?: Partial<CarbonConfig["ports"]>;
  diagnostics?: CarbonConfig["diagnostics"];
};

export function makeCarbonConfig(overrides: CarbonConfigOverrides = {}): CarbonConfig {
  const offset = overrides.server?.offset ?? 0;
  const clustering: ClusteringConfig = {
    enabled: true,
    scheme: "wka",
    domain: "wso2.carbon.domain",
    localMemberHost: "127.0.0.1",
    localMemberPort: 4000,
    members: [{ host: "127.0.0.1", port: 4000 }],
    multicast: { address: null, port: 45564, ttl: 100, timeout: 60 },
    properties: {},
    parameters: {},
    hazelcastConfigSource: "deployment.toml",
    ...overrides.clustering,
  };
  return carbonConfigSchema.parse({
    sources: ["repository/conf/deployment.toml"],
    era: "toml",
    server: { hostname: "localhost", mgtHostname: null, offset, ...overrides.server },
    clustering,
    hazelcast: { ...CARBON_HAZELCAST_DEFAULTS, ...overrides.hazelcast },
    datasources: overrides.datasources ?? [{ ...CARBON_DB, pool: {} }],
    registry: overrides.registry ?? { mounts: [] },
    ports: { http: 9763 + offset, https: 9443 + offset, member: clustering.localMemberPort, ...overrides.ports },
    diagnostics: overrides.diagnostics ?? [],
  });
}
