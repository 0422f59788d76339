/**
 * The five profiles wired together in one process over 127.0.0.1, each on its own ports and talking only over
 * the URLs of its ApimConfig: publish, subscribe + token, throttling, revocation, and what a wrong URL or an
 * unshared WSO2AM_DB does.
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ApimConfig } from "@/lib/wso2-config/model";
import { createCarbonLogger } from "../carbon-log";
import { startCarbonNode } from "../carbon-node";
import { makeCarbonConfig } from "../config-factory";
import type { DataStore } from "../data-store";
import type { Datasources } from "../datasources";
import { createLocalDataStore } from "../local-data-store";
import { SettingsError } from "../node-settings";
import { startApimProfile, type ApimProfileNode } from "./apim-profile";
import type { ApimPorts, ApimProfile } from "./profiles";

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  if (typeof address !== "object" || !address) throw new Error("no port");
  return address.port;
}

async function portsFor(): Promise<ApimPorts> {
  return {
    servletHttps: await freePort(),
    passThroughHttp: await freePort(),
    passThroughHttps: await freePort(),
    tmReceiver: await freePort(),
    tmBroker: await freePort(),
  };
}

/** Datasources whose WSO2AM_DB is the given store (one shared store = one PostgreSQL database). */
function datasourcesWith(am: DataStore): Datasources {
  const ds = {
    name: "WSO2AM_DB",
    jndiName: "jdbc/WSO2AM_DB",
    url: "jdbc:postgresql://db:5432/am",
    username: "u",
    password: "p",
    driver: null,
    pool: {},
  };
  return {
    find: (ref) => (ref === "WSO2AM_DB" || ref === "jdbc/WSO2AM_DB" ? ds : undefined),
    open: () => am,
    local: () => am,
    defaultShared: () => am,
    closeAll: async () => undefined,
  };
}

const running: Array<ApimProfileNode> = [];
afterEach(async () => {
  for (const n of running.splice(0)) await n.stop();
});

type Ports = Record<"km" | "publisher" | "store" | "tm" | "gw1" | "gw2", ApimPorts>;

function wiring(p: Ports, overrides: Partial<ApimConfig> = {}): ApimConfig {
  const env = (gw: "gw1" | "gw2") => ({
    type: "hybrid",
    name: gw,
    serverUrl: `https://127.0.0.1:${p[gw].servletHttps}/services/`,
    gatewayEndpoints: [`http://127.0.0.1:${p[gw].passThroughHttp}`],
  });
  return {
    authManagerUrl: `https://127.0.0.1:${p.km.servletHttps}/services/`,
    gatewayEnvironments: [env("gw1"), env("gw2")],
    keyValidator: {
      serverUrl: `https://127.0.0.1:${p.km.servletHttps}/services/`,
      clientType: "ThriftClient",
      thriftClientPort: 10397,
      thriftServerEnabled: false,
    },
    throttling: {
      advanced: true,
      receiverUrlGroup: `tcp://127.0.0.1:${p.tm.tmReceiver}`,
      authUrlGroup: `ssl://127.0.0.1:${p.tm.tmReceiver + 100}`,
      dataPublisherEnabled: true,
      policyDeployerUrl: null,
      jmsEnabled: true,
      jmsConnectionUrl: `amqp://admin:admin@clientid/carbon?brokerlist='tcp://127.0.0.1:${p.tm.tmBroker}'`,
      jmsBrokers: [{ host: "127.0.0.1", port: p.tm.tmBroker }],
    },
    storeUrl: null,
    revokeApiUrl: `https://127.0.0.1:${p.gw1.passThroughHttps}/revoke`,
    gatewayTokenCache: true,
    ...overrides,
  };
}

async function start(
  profile: ApimProfile,
  name: string,
  ports: ApimPorts,
  apim: ApimConfig,
  am: DataStore,
  lines: Array<string>,
  relay: { relay(token: string): number } | null = null,
) {
  const config = { ...makeCarbonConfig(), apim };
  const node = await startApimProfile({
    profile,
    config,
    datasources: datasourcesWith(am),
    carbonHome: null,
    name,
    bindHost: "127.0.0.1",
    ports,
    cluster: relay,
    log: createCarbonLogger((l) => lines.push(`${name} ${l}`)),
  });
  running.push(node);
  return node;
}

async function post(
  port: number,
  path: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function call(port: number, path: string, token?: string): Promise<{ status: number; node: string | null }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  await res.text();
  return { status: res.status, node: res.headers.get("x-carbon-node") };
}

async function waitFor(fn: () => Promise<boolean>, ms = 5_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

async function cluster(
  overrides: Partial<Record<keyof Ports, Partial<ApimConfig>>> = {},
  separateStoreDb = false,
  hazelcast = false,
) {
  const p: Ports = {
    km: await portsFor(),
    publisher: await portsFor(),
    store: await portsFor(),
    tm: await portsFor(),
    gw1: await portsFor(),
    gw2: await portsFor(),
  };
  const am = createLocalDataStore("WSO2AM_DB", null);
  const lines: Array<string> = [];
  await start("traffic-manager", "tm", p.tm, wiring(p, overrides.tm), am, lines);
  await start("api-key-manager", "km", p.km, wiring(p, overrides.km), am, lines);
  await start("api-publisher", "publisher", p.publisher, wiring(p, overrides.publisher), am, lines);
  await start(
    "api-store",
    "store",
    p.store,
    wiring(p, overrides.store),
    separateStoreDb ? createLocalDataStore("WSO2AM_DB", null) : am,
    lines,
  );
  // Gateway clustering stands in as a relay from gw1 to gw2 (the node wires it to its Hazelcast-style membership).
  let gw2: ApimProfileNode | null = null;
  const relay = hazelcast ? { relay: (token: string) => (gw2?.onClusterRevoke(token), 1) } : null;
  await start("gateway-worker", "gw1", p.gw1, wiring(p, overrides.gw1), am, lines, relay);
  gw2 = await start("gateway-worker", "gw2", p.gw2, wiring(p, overrides.gw2), am, lines);
  return { p, lines };
}

const API = { name: "Pizza", context: "/pizza", version: "1.0.0" };

describe("API-M profile model", () => {
  it("publishes to both gateways, issues a token that works, refuses a wrong one and throttles on both", async () => {
    const { p, lines } = await cluster();
    const published = await post(p.publisher.servletHttps, "/publisher/apis", API);
    expect(published.status).toBe(200);
    // Deployed on both: without a token the API answers 401 (it exists), an unknown context 404.
    for (const gw of [p.gw1, p.gw2]) {
      expect((await call(gw.passThroughHttp, "/pizza/1.0.0/menu")).status).toBe(401);
      expect((await call(gw.passThroughHttp, "/nope")).status).toBe(404);
    }
    const sub = await post(p.store.servletHttps, "/store/subscribe", {
      application: "app1",
      context: "/pizza",
      tier: "LabBronze",
    });
    expect(sub.status).toBe(200);
    const token = String(sub.body.token);
    expect(await call(p.gw1.passThroughHttp, "/pizza/menu", token)).toEqual({ status: 200, node: "gw1" });
    expect((await call(p.gw2.passThroughHttps, "/pizza/menu", "wrong")).status).toBe(401);
    // Both gateways subscribed to the TM before the loop, so a decision reaches both.
    expect(
      await waitFor(async () => lines.filter((l) => l.includes("subscribed to throttle decisions")).length >= 2),
    ).toBe(true);
    expect(
      await waitFor(async () => lines.some((l) => l.startsWith("gw2") && l.includes("Publishing request events"))),
    ).toBe(true);
    // 25 calls: even if a minute boundary splits the loop, one window holds more than the tier's 10.
    for (let i = 0; i < 25; i++)
      await call(i % 2 ? p.gw2.passThroughHttp : p.gw1.passThroughHttp, "/pizza/menu", token);
    for (const gw of [p.gw1, p.gw2])
      expect(await waitFor(async () => (await call(gw.passThroughHttp, "/pizza/menu", token)).status === 429)).toBe(
        true,
      );
  }, 20_000);

  async function cachedOnBoth(p: Ports, app: string): Promise<string> {
    await post(p.publisher.servletHttps, "/publisher/apis", API);
    const token = String(
      (await post(p.store.servletHttps, "/store/subscribe", { application: app, context: "/pizza" })).body.token,
    );
    for (const gw of [p.gw1, p.gw2]) expect((await call(gw.passThroughHttp, "/pizza/x", token)).status).toBe(200);
    return token;
  }

  it("a KM revoke reaches the gateway RevokeAPIURL names at once; the other gateway only through clustering", async () => {
    const { p } = await cluster();
    const token = await cachedOnBoth(p, "app2");
    const revoked = await post(p.km.servletHttps, "/oauth2/revoke", { token });
    expect(revoked.body.gateway, JSON.stringify(revoked.body)).toEqual(expect.objectContaining({ ok: true }));
    expect((await call(p.gw1.passThroughHttp, "/pizza/x", token)).status).toBe(401);
    // No Hazelcast between the gateways: gw2 still answers from its token cache (why API-M offers the clustering).
    expect((await call(p.gw2.passThroughHttp, "/pizza/x", token)).status).toBe(200);
  }, 20_000);

  it("with gateway clustering on, the revocation reaches both gateways at once", async () => {
    const { p } = await cluster({}, false, true);
    const token = await cachedOnBoth(p, "app3");
    await post(p.km.servletHttps, "/oauth2/revoke", { token });
    for (const gw of [p.gw1, p.gw2]) expect((await call(gw.passThroughHttp, "/pizza/x", token)).status).toBe(401);
  }, 20_000);

  it("a wrong RevokeAPIURL leaves the token cached on the gateway, and the KM says why", async () => {
    const { p, lines } = await cluster({ km: { revokeApiUrl: "https://127.0.0.1:1/revoke" } }, false, true);
    const token = await cachedOnBoth(p, "app4");
    const revoked = await post(p.km.servletHttps, "/oauth2/revoke", { token });
    expect(revoked.body.gateway).toEqual(expect.objectContaining({ ok: false }));
    expect((await call(p.gw1.passThroughHttp, "/pizza/x", token)).status).toBe(200);
    expect(
      lines.some((l) => /was not told through RevokeAPIURL: cannot reach http:\/\/127.0.0.1:1\/revoke/.test(l)),
    ).toBe(true);
  }, 20_000);

  it("with the token cache off the gateway asks the Key Manager every time", async () => {
    const { p } = await cluster({ gw2: { gatewayTokenCache: false } });
    const token = await cachedOnBoth(p, "app5");
    await post(p.km.servletHttps, "/oauth2/revoke", { token });
    expect((await call(p.gw2.passThroughHttp, "/pizza/x", token)).status).toBe(401);
  }, 20_000);

  it("a Store whose AuthManager/ServerURL misses the Key Manager cannot subscribe, and names the element", async () => {
    const { p } = await cluster({ store: { authManagerUrl: `https://127.0.0.1:${1}/services/` } });
    await post(p.publisher.servletHttps, "/publisher/apis", API);
    const sub = await post(p.store.servletHttps, "/store/subscribe", { application: "a", context: "/pizza" });
    expect(sub.status).toBe(502);
    expect(String(sub.body.error)).toMatch(
      /through AuthManager\/ServerURL failed: cannot reach http:\/\/127\.0\.0\.1:1\//,
    );
  }, 20_000);

  it("a Store on its own WSO2AM_DB cannot see what the Publisher published", async () => {
    const { p } = await cluster({}, true);
    await post(p.publisher.servletHttps, "/publisher/apis", API);
    const sub = await post(p.store.servletHttps, "/store/subscribe", { application: "a", context: "/pizza" });
    expect(sub.status).toBe(404);
    expect(String(sub.body.error)).toMatch(/not in this Store's WSO2AM_DB/);
  }, 20_000);

  it("a gateway whose APIKeyValidator/ServerURL points at itself cannot validate tokens, and says which URL", async () => {
    const { p } = await cluster({
      gw1: {
        keyValidator: {
          serverUrl: "https://127.0.0.1:1/services/",
          clientType: null,
          thriftClientPort: null,
          thriftServerEnabled: null,
        },
      },
    });
    await post(p.publisher.servletHttps, "/publisher/apis", API);
    const token = String(
      (await post(p.store.servletHttps, "/store/subscribe", { application: "a", context: "/pizza" })).body.token,
    );
    const res = await fetch(`http://127.0.0.1:${p.gw1.passThroughHttp}/pizza`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(
      /APIKeyValidator\/ServerURL failed: cannot reach http:\/\/127\.0\.0\.1:1\/services/,
    );
  }, 20_000);

  it("serves only the profile's part and refuses a profile without api-manager.xml", async () => {
    const { p } = await cluster();
    const res = await post(p.km.servletHttps, "/publisher/apis", API);
    expect(res.status).toBe(404);
    expect(String(res.body.error)).toMatch(/only the api-key-manager profile/);
    await expect(
      startApimProfile({
        profile: "api-store",
        config: makeCarbonConfig(),
        datasources: datasourcesWith(createLocalDataStore("x", null)),
        carbonHome: null,
        name: "s",
        bindHost: "127.0.0.1",
        log: createCarbonLogger(() => undefined),
      }),
    ).rejects.toThrow(/needs repository\/conf\/api-manager.xml/);
  }, 20_000);

  it("a Key Manager without WSO2AM_DB refuses with the file:line of master-datasources.xml's <datasources>", async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-apim-home-"));
    try {
      const file = path.join(home, "repository/conf/datasources/master-datasources.xml");
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(
        file,
        '<?xml version="1.0" encoding="UTF-8"?>\n<datasources-configuration>\n  <providers/>\n\n  <datasources>\n  </datasources>\n</datasources-configuration>\n',
      );
      const none: Datasources = { ...datasourcesWith(createLocalDataStore("x", null)), find: () => undefined };
      const unused: ApimPorts = {
        servletHttps: 1,
        passThroughHttp: 1,
        passThroughHttps: 1,
        tmReceiver: 1,
        tmBroker: 1,
      };
      const refused = startApimProfile({
        profile: "api-key-manager",
        config: {
          ...makeCarbonConfig(),
          apim: wiring({ km: unused, publisher: unused, store: unused, tm: unused, gw1: unused, gw2: unused }),
        },
        datasources: none,
        carbonHome: home,
        name: "km",
        bindHost: "127.0.0.1",
        ports: unused,
        log: createCarbonLogger(() => undefined),
      });
      await expect(refused).rejects.toThrow(
        /^repository\/conf\/datasources\/master-datasources\.xml:5:3 The api-key-manager profile needs the datasource WSO2AM_DB/,
      );
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it("a node started with -Dprofile but no api-manager.xml refuses to start as a configuration error (exit 78)", async () => {
    const refused = startCarbonNode(
      makeCarbonConfig({ clustering: { enabled: false, scheme: null }, ports: { http: await freePort() } }),
      { name: "store", bind: "127.0.0.1", registryCacheTtlSeconds: 60, dataDir: null, profile: "api-store" },
      createCarbonLogger(() => undefined),
    );
    await expect(refused).rejects.toBeInstanceOf(SettingsError);
    await expect(refused).rejects.toThrow(/-Dprofile=api-store needs repository\/conf\/api-manager.xml/);
  });
});
