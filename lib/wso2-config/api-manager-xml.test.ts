/**
 * api-manager.xml (API-M 2.6) -> CarbonConfig.apim. The fixture tests/fixtures/wso2/apim260-gateway is puppet-apim
 * v2.6.0.6's gateway template (commit 10139126661d86509c0476a4c564e3a3844d04cd) rendered with its params.pp defaults
 * plus the Pattern 3 links to km and tm (the header of the fixture lists every changed value).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { configFromTexts, loadCarbonHome, loadCarbonHomeDetailed } from "./load";
import { explainCarbonHome } from "./explain";
import { carbonConfigSchema } from "./model";
import {
  API_MANAGER_FILE,
  jmsBrokerUrls,
  parseApiManagerXml,
  parseApimEndpoint,
  urlGroupMembers,
} from "./api-manager-xml";
import { DEPLOYMENT_TOML_FILE } from "./deployment-toml";

const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../tests/fixtures/wso2/apim260-gateway");
const fixtureText = readFileSync(path.join(fixture, API_MANAGER_FILE), "utf8");

/** The line of the first occurrence of `needle` in the fixture, 1-based. */
function lineOf(needle: string): number {
  return fixtureText.slice(0, fixtureText.indexOf(needle)).split("\n").length;
}

function apimOf(xml: string, offset = 0) {
  const texts = new Map([[API_MANAGER_FILE, xml]]);
  if (offset > 0) texts.set("repository/conf/carbon.xml", `<Server><Ports><Offset>${offset}</Offset></Ports></Server>`);
  return configFromTexts(texts, "/home");
}

describe("api-manager.xml of puppet-apim v2.6.0.6 (gateway, Pattern 3 links)", () => {
  it("fills CarbonConfig.apim with the values as written and no diagnostics", async () => {
    const config = await loadCarbonHome(fixture);
    expect(carbonConfigSchema.safeParse(config).success).toBe(true);
    expect(config.diagnostics).toEqual([]);
    expect(config.sources).toEqual([API_MANAGER_FILE]);
    const local = "https://localhost:${mgt.transport.https.port}${carbon.context}services/";
    expect(config.apim).toEqual({
      authManagerUrl: local,
      gatewayEnvironments: [
        {
          type: "hybrid",
          name: "Production and Sandbox",
          serverUrl: local,
          gatewayEndpoints: [
            "http://${carbon.local.ip}:${http.nio.port}",
            "https://${carbon.local.ip}:${https.nio.port}",
          ],
        },
      ],
      keyValidator: {
        serverUrl: "https://km:9443/services/",
        clientType: "ThriftClient",
        thriftClientPort: 10397,
        thriftServerEnabled: false,
      },
      throttling: {
        advanced: true,
        receiverUrlGroup: "tcp://tm:9611",
        authUrlGroup: "ssl://tm:9711",
        dataPublisherEnabled: true,
        policyDeployerUrl: local,
        jmsEnabled: true,
        jmsConnectionUrl: "amqp://${admin.username}:${admin.password}@clientid/carbon?brokerlist='tcp://tm:5672'",
        jmsBrokers: [{ host: "tm", port: 5672 }],
      },
      storeUrl: "https://store:9443/store",
      revokeApiUrl: "https://localhost:${https.nio.port}/revoke",
      gatewayTokenCache: true,
    });
  });

  it("knows where each link was written (for lint findings with file:line)", async () => {
    const { locations } = await loadCarbonHomeDetailed(fixture);
    expect(locations["apim.keyValidator.serverUrl"]).toEqual({
      file: API_MANAGER_FILE,
      line: lineOf("<ServerURL>https://km:9443/services/"),
      column: 9,
    });
    expect(locations["apim.throttling.receiverUrlGroup"]?.line).toBe(lineOf("<ReceiverUrlGroup>"));
    expect(locations["apim.throttling.jmsConnectionUrl"]?.line).toBe(
      lineOf("<connectionfactory.TopicConnectionFactory>"),
    );
    expect(locations["apim.gatewayEnvironments[0].serverUrl"]?.line).toBeGreaterThan(lineOf("<Environments>"));
    expect(locations["apim.revokeApiUrl"]?.line).toBe(lineOf("<RevokeAPIURL>"));
  });

  it("config explain shows an apim section, in JSON and in the readable summary", async () => {
    const json = JSON.parse(await explainCarbonHome(fixture, { json: true })) as { apim?: unknown };
    expect(json.apim).toMatchObject({ keyValidator: { serverUrl: "https://km:9443/services/" } });
    const text = await explainCarbonHome(fixture);
    expect(text).toContain("API Manager wiring (api-manager.xml):");
    expect(text).toContain("Key validator: https://km:9443/services/ via ThriftClient, thrift port 10397");
    expect(text).toContain("Throttle decisions (JMS): true, brokers tm:5672");
  });
});

describe("parseApiManagerXml", () => {
  it("ignores commented-out look-alikes and reads the kubernetes-apim pattern-3 gateway's two-TM form", () => {
    // kubernetes-apim v2.6.0.9 advanced/pattern-3/confs/apim-gateway/api-manager.xml (host names shortened).
    const xml = `<APIManager>
  <APIGateway><Environments>
    <!--Environment type="hybrid"><ServerURL>https://old:9443/services/</ServerURL></Environment-->
    <Environment type="production" api-console="true"><Name>Prod</Name>
      <ServerURL>https://gw1:9443/services/</ServerURL><GatewayEndpoint>http://gw1:8280, https://gw1:8243</GatewayEndpoint>
    </Environment>
  </Environments></APIGateway>
  <ThrottlingConfigurations>
    <TrafficManager>
      <ReceiverUrlGroup>{tcp://tm-1:9611},{tcp://tm-2:9611}</ReceiverUrlGroup>
      <AuthUrlGroup>{ssl://tm-1:9711},{ssl://tm-2:9711}</AuthUrlGroup>
    </TrafficManager>
    <JMSConnectionDetails><Enabled>TRUE</Enabled><JMSConnectionParameters>
      <connectionfactory.TopicConnectionFactory>amqp://\${admin.username}:\${admin.password}@clientid/carbon?brokerlist='tcp://tm-1:\${jms.port}?retries='5'%26connectdelay='50';tcp://tm-2:\${jms.port}?retries='5'%26connectdelay='50''</connectionfactory.TopicConnectionFactory>
    </JMSConnectionParameters></JMSConnectionDetails>
  </ThrottlingConfigurations>
</APIManager>`;
    const { config } = apimOf(xml, 2);
    expect(config.diagnostics).toEqual([]);
    expect(config.apim?.gatewayEnvironments).toEqual([
      {
        type: "production",
        name: "Prod",
        serverUrl: "https://gw1:9443/services/",
        gatewayEndpoints: ["http://gw1:8280", "https://gw1:8243"],
      },
    ]);
    expect(config.apim?.throttling.jmsEnabled).toBe(true);
    // ${jms.port} is 5672 + this node's offset (2), as Carbon resolves it.
    expect(config.apim?.throttling.jmsBrokers).toEqual([
      { host: "tm-1", port: 5674 },
      { host: "tm-2", port: 5674 },
    ]);
    expect(urlGroupMembers(config.apim?.throttling.receiverUrlGroup ?? "")).toEqual([
      "tcp://tm-1:9611",
      "tcp://tm-2:9611",
    ]);
    expect(config.apim?.keyValidator).toEqual({
      serverUrl: null,
      clientType: null,
      thriftClientPort: null,
      thriftServerEnabled: null,
    });
  });

  it("reports a wrong root, a non-boolean switch and an unreadable broker, never throws", () => {
    expect(parseApiManagerXml("<Server/>").diagnostics.map((d) => d.code)).toEqual(["api-manager-root"]);
    const { config } = apimOf(`<APIManager>
  <CacheConfigurations><EnableGatewayTokenCache>yes</EnableGatewayTokenCache></CacheConfigurations>
  <ThrottlingConfigurations><JMSConnectionDetails><JMSConnectionParameters>
    <connectionfactory.TopicConnectionFactory>amqp://a:b@clientid/carbon?brokerlist='tcp://tm:\${nope}'</connectionfactory.TopicConnectionFactory>
  </JMSConnectionParameters></JMSConnectionDetails></ThrottlingConfigurations>
</APIManager>`);
    expect(config.apim?.gatewayTokenCache).toBeNull();
    expect(config.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ["value-not-boolean", 2],
      ["apim-jms-broker-unreadable", 4],
    ]);
    expect(config.diagnostics[0]?.message).toContain("must be true or false");
  });

  it("leaves apim out when there is no api-manager.xml, and in the toml era (3.x renders it from deployment.toml)", () => {
    expect(configFromTexts(new Map([["repository/conf/carbon.xml", "<Server/>"]]), "/h").config.apim).toBeUndefined();
    const toml = configFromTexts(
      new Map([
        [DEPLOYMENT_TOML_FILE, '[server]\nhostname = "a"\n'],
        [API_MANAGER_FILE, fixtureText],
      ]),
      "/h",
    );
    expect(toml.config.apim).toBeUndefined();
    expect(toml.config.diagnostics.map((d) => d.code)).toContain("xml-overwritten-by-toml");
  });
});

describe("api-manager.xml URLs", () => {
  it("split into scheme, host, port (Carbon port placeholders + offset) and path", () => {
    expect(parseApimEndpoint("https://localhost:${mgt.transport.https.port}${carbon.context}services/", 1)).toEqual({
      scheme: "https",
      host: "localhost",
      port: 9444,
      path: "/services/",
    });
    expect(parseApimEndpoint("tcp://${carbon.local.ip}:${receiver.url.port}")).toEqual({
      scheme: "tcp",
      host: "${carbon.local.ip}",
      port: 9611,
      path: "",
    });
    expect(parseApimEndpoint("https://gw1:8243/revoke")?.port).toBe(8243);
    expect(parseApimEndpoint("https://km/services/")?.port).toBeNull();
    expect(parseApimEndpoint("km:9443")).toBeNull();
  });

  it("find every broker of a brokerlist", () => {
    expect(jmsBrokerUrls("amqp://u:p@clientid/carbon?brokerlist='tcp://tm:5672'")).toEqual(["tcp://tm:5672"]);
    expect(jmsBrokerUrls("amqp://u:p@clientid/carbon")).toEqual([]);
  });
});
