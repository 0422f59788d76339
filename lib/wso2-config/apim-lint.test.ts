/** The API-M 2.6 lint rules: a correctly wired six-node workspace passes, and each rule fires on the workspace that breaks it. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lintWorkspace } from "./lint";
import { apimProfileOf, APIM_LINT_RULES } from "./apim-lint";

const scratch = mkdtempSync(path.join(tmpdir(), "wso2-apim-lint-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;

type Wiring = {
  auth: string;
  envs: Array<string>;
  keyValidator: string;
  revoke: string;
  receiver: string;
  authGroup: string;
  policyDeployer: string;
  brokers: string;
  dataPublisher: boolean;
  jms: boolean;
};
type NodeSpec = { wiring: Wiring; databases: Record<string, string>; mounted: boolean; offset?: number };

const LOCAL = "https://localhost:${mgt.transport.https.port}${carbon.context}services/";
const PG = (db: string) => `jdbc:postgresql://db:5432/${db}`;
const H2 = "jdbc:h2:repository/database/WSO2AM_DB;DB_CLOSE_ON_EXIT=FALSE";
const DEFAULTS: Wiring = {
  auth: LOCAL,
  envs: [LOCAL],
  keyValidator: LOCAL,
  revoke: "https://localhost:${https.nio.port}/revoke",
  receiver: "tcp://${carbon.local.ip}:${receiver.url.port}",
  authGroup: "ssl://${carbon.local.ip}:${auth.url.port}",
  policyDeployer: LOCAL,
  brokers: "tcp://${carbon.local.ip}:${jms.port}",
  dataPublisher: true,
  jms: true,
};
const GATEWAYS = ["https://gw1:9443/services/", "https://gw2:9443/services/"];
const KM = "https://km:9443/services/";
const ALL_DBS = { WSO2AM_DB: PG("wso2am_db"), WSO2UM_DB: PG("wso2um_db"), WSO2REG_DB: PG("wso2reg_db") };
const gateway: NodeSpec = {
  wiring: {
    ...DEFAULTS,
    keyValidator: KM,
    receiver: "tcp://tm:9611",
    authGroup: "ssl://tm:9711",
    brokers: "tcp://tm:5672",
  },
  databases: { WSO2AM_DB: H2 },
  mounted: false,
};
/** Pattern 3 wiring (the lab's solution, in small). */
const GOOD: Record<string, NodeSpec> = {
  km: {
    wiring: { ...DEFAULTS, envs: GATEWAYS, revoke: "https://gw1:8243/revoke" },
    databases: { WSO2AM_DB: ALL_DBS.WSO2AM_DB, WSO2UM_DB: ALL_DBS.WSO2UM_DB },
    mounted: false,
  },
  publisher: {
    wiring: { ...DEFAULTS, auth: KM, envs: GATEWAYS, policyDeployer: "https://tm:9443/services/" },
    databases: ALL_DBS,
    mounted: true,
  },
  store: {
    wiring: { ...DEFAULTS, auth: KM, keyValidator: KM, envs: GATEWAYS, revoke: "https://gw1:8243/revoke" },
    databases: ALL_DBS,
    mounted: true,
  },
  tm: { wiring: DEFAULTS, databases: { WSO2AM_DB: H2 }, mounted: false },
  gw1: gateway,
  gw2: gateway,
};

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function writeNode(home: string, spec: NodeSpec): void {
  const w = spec.wiring;
  const conf = path.join(home, "repository/conf");
  write(
    path.join(conf, "api-manager.xml"),
    `<APIManager>
  <AuthManager><ServerURL>${w.auth}</ServerURL></AuthManager>
  <APIGateway><Environments>
${w.envs.map((url, i) => `    <Environment type="hybrid"><Name>env${i + 1}</Name><ServerURL>${url}</ServerURL></Environment>`).join("\n")}
  </Environments></APIGateway>
  <APIKeyValidator><ServerURL>${w.keyValidator}</ServerURL><KeyValidatorClientType>WSClient</KeyValidatorClientType></APIKeyValidator>
  <OAuthConfigurations><RevokeAPIURL>${w.revoke}</RevokeAPIURL></OAuthConfigurations>
  <ThrottlingConfigurations>
    <TrafficManager><ReceiverUrlGroup>${w.receiver}</ReceiverUrlGroup><AuthUrlGroup>${w.authGroup}</AuthUrlGroup></TrafficManager>
    <DataPublisher><Enabled>${w.dataPublisher}</Enabled></DataPublisher>
    <PolicyDeployer><ServiceURL>${w.policyDeployer}</ServiceURL></PolicyDeployer>
    <JMSConnectionDetails><Enabled>${w.jms}</Enabled><JMSConnectionParameters>
      <connectionfactory.TopicConnectionFactory>amqp://admin:admin@clientid/carbon?brokerlist='${w.brokers}'</connectionfactory.TopicConnectionFactory>
    </JMSConnectionParameters></JMSConnectionDetails>
  </ThrottlingConfigurations>
</APIManager>
`,
  );
  const datasources = Object.entries(spec.databases)
    .map(
      ([name, url]) =>
        `    <datasource><name>${name}</name><jndiConfig><name>jdbc/${name}</name></jndiConfig><definition type="RDBMS"><configuration><url>${url}</url></configuration></definition></datasource>`,
    )
    .join("\n");
  write(
    path.join(conf, "datasources/master-datasources.xml"),
    `<datasources-configuration><datasources>\n${datasources}\n</datasources></datasources-configuration>\n`,
  );
  const mounts = spec.mounted
    ? `  <dbConfig name="gov"><dataSource>jdbc/WSO2REG_DB</dataSource></dbConfig>
  <remoteInstance url="https://localhost:9443/registry"><id>gov</id><dbConfig>gov</dbConfig><readOnly>false</readOnly></remoteInstance>
  <mount path="/_system/config" overwrite="true"><instanceId>gov</instanceId><targetPath>/_system/config</targetPath></mount>
  <mount path="/_system/governance" overwrite="true"><instanceId>gov</instanceId><targetPath>/_system/governance</targetPath></mount>
`
    : "";
  write(
    path.join(conf, "registry.xml"),
    `<wso2registry>\n  <dbConfig name="wso2registry"><dataSource>jdbc/WSO2CarbonDB</dataSource></dbConfig>\n${mounts}</wso2registry>\n`,
  );
  if (spec.offset !== undefined)
    write(path.join(conf, "carbon.xml"), `<Server><Ports><Offset>${spec.offset}</Offset></Ports></Server>\n`);
}

/** Write GOOD with `changes` applied to some nodes' wiring/databases, lint it, return the findings. */
async function lint(
  changes: Record<
    string,
    Partial<Wiring> & { databases?: Record<string, string>; mounted?: boolean; offset?: number }
  > = {},
) {
  counter += 1;
  const workspace = path.join(scratch, `ws${counter}`);
  for (const [name, spec] of Object.entries(GOOD)) {
    const { databases, mounted, offset, ...wiring } = changes[name] ?? {};
    writeNode(path.join(workspace, name), {
      wiring: { ...spec.wiring, ...wiring },
      databases: databases ?? spec.databases,
      mounted: mounted ?? spec.mounted,
      ...(offset !== undefined ? { offset } : {}),
    });
  }
  return (await lintWorkspace(workspace)).diagnostics;
}
const codes = async (changes: Parameters<typeof lint>[0]) => (await lint(changes)).map((d) => d.code);

describe("API-M 2.6 lint rules", () => {
  it("a Pattern 3 wiring (KM, Publisher, Store, TM, two Gateways) has no findings", async () => {
    expect(await lint()).toEqual([]);
  });

  it("reads the profile from the node folder's name", () => {
    expect(
      ["gw1", "gateway-2", "km", "keymanager", "tm", "traffic-manager", "publisher", "store1", "node1"].map(
        apimProfileOf,
      ),
    ).toEqual([
      "gateway-worker",
      "gateway-worker",
      "api-key-manager",
      "api-key-manager",
      "traffic-manager",
      "traffic-manager",
      "api-publisher",
      "api-store",
      null,
    ]);
  });

  it("apim-gateway-validates-itself, positioned at the element, naming the fix", async () => {
    const findings = await lint({ gw1: { keyValidator: "https://localhost:9443/services/" } });
    expect(findings.map((d) => d.code)).toEqual(["apim-gateway-validates-itself"]);
    expect(findings[0]).toMatchObject({ file: "gw1/repository/conf/api-manager.xml", line: 6, severity: "error" });
    expect(findings[0]?.message).toContain("https://km:9443/services/");
    // Its own container name is "itself" too.
    expect(await codes({ gw2: { keyValidator: "https://gw2:9443/services/" } })).toEqual([
      "apim-gateway-validates-itself",
    ]);
  });

  it("apim-link-wrong-target: a link reaching the node itself or another profile", async () => {
    expect(await codes({ store: { keyValidator: "https://publisher:9443/services/" } })).toEqual([
      "apim-link-wrong-target",
    ]);
    expect(await codes({ publisher: { envs: [LOCAL] } })).toEqual(["apim-link-wrong-target"]);
    const [finding] = await lint({ gw1: { brokers: "tcp://gw1:5672" } });
    expect(finding?.code).toBe("apim-link-wrong-target");
    expect(finding?.message).toMatch(/reaches gw1 itself .* must reach the Traffic Manager/);
    // A disabled publisher of events or decisions is not a link: nothing to check.
    expect(
      await codes({ gw1: { receiver: "tcp://gw1:9611", authGroup: "ssl://gw1:9711", dataPublisher: false } }),
    ).toEqual([]);
  });

  it("apim-services-path-missing", async () => {
    const findings = await lint({ store: { auth: "https://km:9443/" } });
    expect(findings.map((d) => d.code)).toEqual(["apim-services-path-missing"]);
    expect(findings[0]?.message).toContain("Write https://km:9443/services/");
    expect(await codes({ publisher: { auth: "https://km:9443/services" } })).toEqual(["apim-services-path-missing"]);
  });

  it("apim-services-wrong-port: a Gateway environment on the pass-through port, and offsets followed", async () => {
    const findings = await lint({ publisher: { envs: ["https://gw1:9443/services/", "https://gw2:8243/services/"] } });
    expect(findings.map((d) => d.code)).toEqual(["apim-services-wrong-port"]);
    expect(findings[0]?.message).toContain("gw2's servlet HTTPS port is 9443. Write https://gw2:9443/services/.");
    // gw2 moved by offset 1: the publisher must follow (9444), and then it passes.
    expect(await codes({ gw2: { offset: 1 } })).toEqual(
      Array<string>(3).fill("apim-services-wrong-port"), // km, publisher and store each name gw2:9443
    );
    const moved = ["https://gw1:9443/services/", "https://gw2:9444/services/"];
    expect(
      await codes({ gw2: { offset: 1 }, km: { envs: moved }, publisher: { envs: moved }, store: { envs: moved } }),
    ).toEqual([]);
  });

  it("apim-tm-receiver-port (9611 binary, 9711 auth)", async () => {
    expect(await codes({ gw2: { receiver: "tcp://tm:9711" } })).toEqual(["apim-tm-receiver-port"]);
    expect(await codes({ gw1: { authGroup: "ssl://tm:9611" } })).toEqual(["apim-tm-receiver-port"]);
    expect(await codes({ gw1: { receiver: "{tcp://tm:9611},{tcp://tm:9612}" } })).toEqual(["apim-tm-receiver-port"]);
  });

  it("apim-jms-broker-port", async () => {
    const findings = await lint({ gw1: { brokers: "tcp://tm:5673" } });
    expect(findings.map((d) => d.code)).toEqual(["apim-jms-broker-port"]);
    expect(findings[0]?.message).toContain("brokerlist='tcp://tm:5672'");
  });

  it("apim-revoke-url-port", async () => {
    expect(await codes({ km: { revoke: "https://gw1:9443/revoke" } })).toEqual(["apim-revoke-url-port"]);
    expect(await codes({ km: { revoke: "http://gw1:8280/revoke" } })).toEqual([]);
  });

  it("apim-db-local-h2 and apim-db-missing, only for the profiles that use the database", async () => {
    // The generic shared-datasource rules leave API-M profile nodes to these rules (no second finding).
    expect(await codes({ publisher: { databases: { ...ALL_DBS, WSO2AM_DB: H2 } } })).toEqual(["apim-db-local-h2"]);
    const { WSO2UM_DB: _dropped, ...noUm } = GOOD["km"]?.databases ?? {};
    expect(await codes({ km: { databases: noUm } })).toEqual(["apim-db-missing"]);
    // A Gateway keeps the pack's H2 WSO2AM_DB (kubernetes-apim pattern-3): neither rule nor the shared-datasource rules fire.
    expect(await codes({ gw1: { databases: { WSO2AM_DB: "jdbc:h2:./other" } } })).toEqual([]);
  });

  it("apim-db-mismatch names the node that differs from the others", async () => {
    const findings = await lint({ store: { databases: { ...ALL_DBS, WSO2UM_DB: PG("wso2um") } } });
    expect(findings.map((d) => d.code)).toEqual(["apim-db-mismatch"]);
    expect(findings[0]).toMatchObject({ file: "store/repository/conf/datasources/master-datasources.xml" });
    expect(findings[0]?.message).toContain("km and publisher use jdbc:postgresql://db:5432/wso2um_db");
    // Two users and a tie: the first node (folder order) is taken as meant, the other is named.
    expect(await codes({ store: { databases: { ...ALL_DBS, WSO2REG_DB: PG("reg") } } })).toEqual(["apim-db-mismatch"]);
  });

  it("apim-registry-not-mounted", async () => {
    expect(await codes({ store: { mounted: false } })).toEqual([
      "apim-registry-not-mounted",
      "apim-registry-not-mounted",
    ]);
  });

  it("the rule list is exactly the rules tested above (a new rule needs a test here)", () => {
    expect(APIM_LINT_RULES.map((r) => r.code)).toEqual([
      "apim-gateway-validates-itself",
      "apim-link-wrong-target",
      "apim-services-path-missing",
      "apim-services-wrong-port",
      "apim-tm-receiver-port",
      "apim-jms-broker-port",
      "apim-revoke-url-port",
      "apim-db-missing",
      "apim-db-local-h2",
      "apim-db-mismatch",
      "apim-registry-not-mounted",
    ]);
  });
});
