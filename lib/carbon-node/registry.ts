/**
 * The Carbon registry as the labs see it: a resource path is stored where registry.xml mounts put
 * it (the shared DB for /_system/config and /_system/governance when mounted; the node-local DB
 * otherwise), read through a local cache with a TTL. A write invalidates the other members' cache
 * entries only when clustering is on — exactly when WSO2 says cross-node reads are fresh (facts §1, §7).
 */
import type { RegistryMount } from "@/lib/wso2-config/model";
import type { DataStore } from "./data-store";
import type { Datasources } from "./datasources";

export type RegistryRead = { path: string; content: string; storedIn: string; shared: boolean; cache: "hit" | "miss" };

export class RegistryError extends Error {
  override name = "RegistryError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type Registry = {
  get(path: string): Promise<RegistryRead | null>;
  put(path: string, content: string): Promise<{ path: string; storedIn: string; invalidatedCluster: boolean }>;
  /** Drop one cached entry (a cluster-wide invalidation message arrived). */
  invalidate(path: string): void;
};

export type RegistryOptions = {
  mounts: RegistryMount[];
  datasources: Datasources;
  cacheTtlMs: number;
  /** Sends the invalidation to the other members; null when clustering is off. */
  clusterInvalidate: ((path: string) => boolean) | null;
  now?: () => number;
};

/** `/_system/config` mounts `/_system/config/x` but not `/_system/configx`. */
export function findMount(mounts: RegistryMount[], resourcePath: string): RegistryMount | undefined {
  let best: RegistryMount | undefined;
  for (const m of mounts) {
    const base = m.path.replace(/\/+$/, "");
    if (
      (resourcePath === base || resourcePath.startsWith(`${base}/`)) &&
      (!best || base.length > best.path.replace(/\/+$/, "").length)
    )
      best = m;
  }
  return best;
}

export function createRegistry(options: RegistryOptions): Registry {
  const now = options.now ?? Date.now;
  const cache = new Map<string, { content: string; storedIn: string; shared: boolean; expiresAt: number }>();

  function resolve(resourcePath: string): { store: DataStore; key: string; mount: RegistryMount | undefined } {
    const mount = findMount(options.mounts, resourcePath);
    if (!mount) return { store: options.datasources.local(), key: resourcePath, mount };
    if (!mount.dataSource) {
      throw new RegistryError(
        500,
        `The registry mount ${mount.path} has no datasource (remoteInstance ${mount.instanceId} -> dbConfig -> dataSource). Fix registry.xml.`,
      );
    }
    const store = options.datasources.open(mount.dataSource);
    const base = mount.path.replace(/\/+$/, "");
    const key = `${mount.targetPath.replace(/\/+$/, "")}${resourcePath.slice(base.length)}`;
    return { store, key, mount };
  }

  return {
    async get(resourcePath) {
      const cached = cache.get(resourcePath);
      if (cached && cached.expiresAt > now())
        return {
          path: resourcePath,
          content: cached.content,
          storedIn: cached.storedIn,
          shared: cached.shared,
          cache: "hit",
        };
      const { store, key } = resolve(resourcePath);
      const content = await store.registryGet(key);
      if (content === null) {
        cache.delete(resourcePath);
        return null;
      }
      cache.set(resourcePath, {
        content,
        storedIn: store.description,
        shared: store.shared,
        expiresAt: now() + options.cacheTtlMs,
      });
      return { path: resourcePath, content, storedIn: store.description, shared: store.shared, cache: "miss" };
    },
    async put(resourcePath, content) {
      const { store, key, mount } = resolve(resourcePath);
      if (mount?.readOnly) {
        throw new RegistryError(
          403,
          `${resourcePath} is under the read-only mount ${mount.path} on this node (readOnly=true in registry.xml); write through a node whose mount is read-write.`,
        );
      }
      await store.registryPut(key, content);
      cache.set(resourcePath, {
        content,
        storedIn: store.description,
        shared: store.shared,
        expiresAt: now() + options.cacheTtlMs,
      });
      const invalidatedCluster = options.clusterInvalidate ? options.clusterInvalidate(resourcePath) : false;
      return { path: resourcePath, storedIn: store.description, invalidatedCluster };
    },
    invalidate(resourcePath) {
      cache.delete(resourcePath);
    },
  };
}
