import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RegistryMount } from "@/lib/wso2-config/model";
import { makeCarbonConfig } from "./config-factory";
import { createDatasources } from "./datasources";
import { createRegistry, findMount, RegistryError } from "./registry";

const mount = (p: string, extra: Partial<RegistryMount> = {}): RegistryMount => ({
  path: p,
  targetPath: p,
  instanceId: "conf",
  readOnly: false,
  dataSource: "jdbc/WSO2CarbonDB",
  ...extra,
});

describe("registry mounts", () => {
  it("matches whole path segments and prefers the longest mount", () => {
    const mounts = [mount("/_system/config"), mount("/_system/config/integrator")];
    expect(findMount(mounts, "/_system/config/x")?.path).toBe("/_system/config");
    expect(findMount(mounts, "/_system/config/integrator/a")?.path).toBe("/_system/config/integrator");
    expect(findMount(mounts, "/_system/configx/a")).toBeUndefined();
    expect(findMount(mounts, "/_system/local/a")).toBeUndefined();
  });
});

describe("registry cache", () => {
  const homes: string[] = [];
  afterAll(() => homes.forEach((h) => fs.rmSync(h, { recursive: true, force: true })));
  function setup(opts: { ttlMs: number; invalidate: ((p: string) => boolean) | null; mounts?: RegistryMount[] }) {
    let clock = 1000;
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "reg-"));
    homes.push(home);
    const datasources = createDatasources(makeCarbonConfig(), home);
    const registry = createRegistry({
      mounts: opts.mounts ?? [mount("/_system/config")],
      datasources,
      cacheTtlMs: opts.ttlMs,
      clusterInvalidate: opts.invalidate,
      now: () => clock,
    });
    return { registry, datasources, advance: (ms: number) => (clock += ms), home };
  }

  it("serves hits from the cache until the TTL, then reads the store again", async () => {
    const { registry, datasources, advance } = setup({ ttlMs: 1000, invalidate: null });
    await registry.put("/_system/config/a", "v1");
    expect(await registry.get("/_system/config/a")).toMatchObject({ content: "v1", cache: "hit" });
    // Someone else (another node sharing the DB) writes behind our back:
    await datasources.open("WSO2_CARBON_DB").registryPut("/_system/config/a", "v2");
    expect(await registry.get("/_system/config/a")).toMatchObject({ content: "v1", cache: "hit" });
    advance(1001);
    expect(await registry.get("/_system/config/a")).toMatchObject({ content: "v2", cache: "miss" });
    registry.invalidate("/_system/config/a");
    expect(await registry.get("/_system/config/a")).toMatchObject({ cache: "miss" });
    expect(await registry.get("/_system/config/none")).toBeNull();
  });

  it("sends a cluster-wide invalidation on write only when clustering is on", async () => {
    const sent: string[] = [];
    const on = setup({ ttlMs: 1000, invalidate: (p) => (sent.push(p), true) });
    expect(await on.registry.put("/_system/config/b", "x")).toMatchObject({ invalidatedCluster: true });
    expect(sent).toEqual(["/_system/config/b"]);
    const off = setup({ ttlMs: 1000, invalidate: null });
    expect(await off.registry.put("/_system/config/b", "x")).toMatchObject({ invalidatedCluster: false });
  });

  it("stores under the mount's targetPath and persists the local (H2) store as a file", async () => {
    const { registry, datasources, home } = setup({
      ttlMs: 10,
      invalidate: null,
      mounts: [mount("/_system/config", { targetPath: "/_system/config/integrator" })],
    });
    await registry.put("/_system/config/a/b", "c");
    expect(await datasources.open("jdbc/WSO2CarbonDB").registryGet("/_system/config/integrator/a/b")).toBe("c");
    expect(fs.existsSync(path.join(home, "repository", "database", "WSO2_CARBON_DB.clusterlab.json"))).toBe(true);
  });

  it("refuses writes under a read-only mount with a 403 that says where to write", async () => {
    const { registry } = setup({ ttlMs: 10, invalidate: null, mounts: [mount("/_system/config", { readOnly: true })] });
    await expect(registry.put("/_system/config/a", "x")).rejects.toSatisfy(
      (e) => e instanceof RegistryError && e.status === 403 && /read-only/.test(e.message),
    );
  });

  it("reports a mount whose datasource is not defined", async () => {
    const { registry } = setup({
      ttlMs: 10,
      invalidate: null,
      mounts: [mount("/_system/config", { dataSource: "jdbc/Missing" })],
    });
    await expect(registry.get("/_system/config/a")).rejects.toThrow(/No datasource named jdbc\/Missing/);
  });
});
