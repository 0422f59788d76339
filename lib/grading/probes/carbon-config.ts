/**
 * Workspace config probe: a node's configuration as the training node will read it (lib/wso2-config
 * `loadCarbonHome`), so graders can say "node3's deployment.toml has no [clustering] section" with the
 * file, rather than only "node3 is standalone".
 */
import path from "node:path";
import { loadCarbonHome, type CarbonConfig } from "@/lib/wso2-config";

export type NodeConfig = { node: string; folder: string; config: CarbonConfig };

export async function readNodeConfig(workspace: string, node: string, folder = node): Promise<NodeConfig> {
  return { node, folder, config: await loadCarbonHome(path.join(workspace, folder)) };
}

/** The file a config was read from, relative to the workspace, for evidence and hints. */
export function configFile(nc: NodeConfig): string {
  const source = nc.config.sources[0] ?? "repository/conf/deployment.toml";
  return path.posix.join(nc.folder, source);
}

/** `host:port` strings of a node's WKA member list. */
export function wkaList(config: CarbonConfig): Array<string> {
  return config.clustering.members.map((m) => `${m.host}:${m.port}`);
}

/** The address a node advertises to its peers (localMemberHost, else its node name as the runtime's DNS name). */
export function advertisedAddress(nc: NodeConfig): string {
  return `${nc.config.clustering.localMemberHost ?? nc.node}:${nc.config.clustering.localMemberPort}`;
}

/** A Hazelcast timing property in seconds (Carbon's defaults applied by the loader). */
export function hazelcastSeconds(config: CarbonConfig, key: string, fallback: number): number {
  const raw = config.hazelcast[key];
  const value = raw === undefined ? Number.NaN : Number(raw);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}
