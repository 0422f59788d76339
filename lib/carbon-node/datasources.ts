/**
 * The node's datasources by name and JNDI name, each opened lazily as a DataStore. Also decides
 * which datasource backs the registry (mounts) and the shared counter.
 */
import path from "node:path";
import type { CarbonConfig, Datasource } from "@/lib/wso2-config/model";
import type { DataStore } from "./data-store";
import { parseJdbcUrl } from "./jdbc-url";
import { createLocalDataStore } from "./local-data-store";
import { createSqlDataStore } from "./sql-data-store";

export class DatasourceError extends Error {
  override name = "DatasourceError";
}

export type Datasources = {
  /** By `name` (WSO2_SHARED_DB) or JNDI name (jdbc/WSO2CarbonDB). */
  find(ref: string): Datasource | undefined;
  open(ref: string): DataStore;
  /** The local registry's store: WSO2_CARBON_DB when defined, else an in-memory local store. */
  local(): DataStore;
  /** Where `/api/counter` keeps its row when the request does not name a datasource. */
  defaultShared(mounts: CarbonConfig["registry"]["mounts"]): DataStore;
  closeAll(): Promise<void>;
};

export function createDatasources(config: CarbonConfig, dataDir: string | null): Datasources {
  const opened = new Map<string, DataStore>();
  function find(ref: string): Datasource | undefined {
    return config.datasources.find((d) => d.name === ref || d.jndiName === ref);
  }
  function openDatasource(ds: Datasource): DataStore {
    const cached = opened.get(ds.name);
    if (cached) return cached;
    if (!ds.url)
      throw new DatasourceError(`Datasource ${ds.name} has no url; set it in master-datasources.xml or [database.*].`);
    const target = parseJdbcUrl(ds.url);
    let store: DataStore;
    if (target.kind === "h2") {
      store = createLocalDataStore(
        ds.name,
        dataDir ? path.join(dataDir, "repository", "database", datastoreFileName(ds.name)) : null,
      );
    } else if (target.kind === "unsupported") {
      throw new DatasourceError(`Datasource ${ds.name}: ${target.reason}`);
    } else {
      store = createSqlDataStore(ds, target);
    }
    opened.set(ds.name, store);
    return store;
  }
  let memoryLocal: DataStore | null = null;
  return {
    find,
    open(ref) {
      const ds = find(ref);
      if (!ds)
        throw new DatasourceError(`No datasource named ${ref} is defined (master-datasources.xml / [database.*]).`);
      return openDatasource(ds);
    },
    local() {
      const carbonDb = find("WSO2_CARBON_DB") ?? find("jdbc/WSO2CarbonDB");
      if (carbonDb) return openDatasource(carbonDb);
      memoryLocal ??= createLocalDataStore("LOCAL_REGISTRY", null);
      return memoryLocal;
    },
    defaultShared(mounts) {
      const mounted = mounts.find((m) => m.dataSource && find(m.dataSource))?.dataSource;
      const candidates = [mounted, "WSO2_SHARED_DB", ...config.datasources.map((d) => d.name)];
      for (const ref of candidates) {
        const ds = ref ? find(ref) : undefined;
        if (ds?.url && parseJdbcUrl(ds.url).kind !== "h2" && parseJdbcUrl(ds.url).kind !== "unsupported")
          return openDatasource(ds);
      }
      return this.local();
    },
    async closeAll() {
      await Promise.allSettled([...opened.values(), ...(memoryLocal ? [memoryLocal] : [])].map((s) => s.close()));
    },
  };
}

/**
 * The file an H2 datasource's rows are kept in. The name comes from the learner's config, so anything but letters,
 * digits, `_`, `-` and inner dots becomes `_`: a name with `../` must not write outside repository/database (L13).
 */
export function datastoreFileName(name: string): string {
  const safe = name
    .replace(/[^A-Za-z0-9_.-]/g, "_")
    .replace(/^\.+/, "_")
    .replace(/\.{2,}/g, "_");
  return `${safe || "_"}.clusterlab.json`;
}
