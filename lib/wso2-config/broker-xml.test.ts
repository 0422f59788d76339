/** broker.xml (EI Message Broker profile): parsing, the model's `broker` section, explain, and the broker lint rules. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BROKER_DEFAULTS, parseBrokerXml } from "./broker-xml";
import { explainCarbonHome } from "./explain";
import { lintWorkspace } from "./lint";
import { loadCarbonHome, loadCarbonHomeDetailed } from "./load";

const LAB = path.resolve(import.meta.dirname, "../../labs/ei-broker");
const scratch = mkdtempSync(path.join(tmpdir(), "wso2-broker-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;

/** A copy of the lab's starter or solution workspace, with `edit` applied to each node's files. */
function workspace(
  from: "starter" | "solution",
  edit: (node: string, file: string, text: string) => string = (_n, _f, t) => t,
) {
  const dir = path.join(scratch, `ws${++counter}`);
  cpSync(path.join(LAB, from), dir, { recursive: true });
  for (const node of ["node1", "node2"])
    for (const file of ["conf/broker.xml", "conf/datasources/master-datasources.xml"]) {
      const full = path.join(dir, node, file);
      writeFileSync(full, edit(node, file, readFileSync(full, "utf8")));
    }
  return dir;
}

async function brokerCodes(dir: string): Promise<Array<string>> {
  return (await lintWorkspace(dir)).diagnostics.map((d) => d.code).filter((c) => c.startsWith("broker-"));
}

describe("parseBrokerXml", () => {
  it("reads the shipped starter file: RDBMS coordination on, 5000/3000 ms, thrift localhost:7611, WSO2MBStoreDB", () => {
    const text = readFileSync(path.join(LAB, "starter/node1/conf/broker.xml"), "utf8");
    const { raw, diagnostics, positions } = parseBrokerXml(text);
    expect(diagnostics).toEqual([]);
    expect(raw.config).toEqual({
      nodeId: "default",
      thriftServerHost: "localhost",
      thriftServerPort: 7611,
      rdbmsCoordination: {
        enabled: true,
        heartbeatInterval: 5000,
        coordinatorEntryCreationWaitTime: 3000,
        eventPollingInterval: 4000,
      },
      rdbmsClusterEventSync: { enabled: true, eventSyncInterval: 1000 },
      amqpPort: 5672,
      messageStoreDataSource: "WSO2MBStoreDB",
      contextStoreDataSource: "WSO2MBStoreDB",
    });
    expect(positions["broker.thriftServerHost"]?.line).toBeGreaterThan(1);
  });

  it("applies the shipped defaults to an empty <broker/>, honours enabled=false and the docs' capitalised element", () => {
    expect(parseBrokerXml("<broker/>").raw.config.rdbmsCoordination.heartbeatInterval).toBe(
      BROKER_DEFAULTS.heartbeatInterval,
    );
    const off = parseBrokerXml(
      '<broker><coordination><rdbmsBasedCoordination enabled="false"/><RDBMSBasedClusterEventSynchronization enabled="false"/></coordination></broker>',
    ).raw.config;
    expect(off.rdbmsCoordination.enabled).toBe(false);
    expect(off.rdbmsClusterEventSync.enabled).toBe(false);
  });

  it("positions a non-numeric interval and a wrong root element", () => {
    const bad = parseBrokerXml(
      '<broker>\n<coordination>\n<rdbmsBasedCoordination enabled="true">\n  <heartbeatInterval>5s</heartbeatInterval>\n</rdbmsBasedCoordination></coordination></broker>',
    );
    expect(bad.diagnostics).toMatchObject([{ code: "broker-value-invalid", line: 4, column: 3 }]);
    expect(bad.raw.config.rdbmsCoordination.heartbeatInterval).toBe(5000);
    expect(parseBrokerXml("<Server/>").diagnostics[0]?.code).toBe("broker-root");
  });
});

describe("an EI broker home", () => {
  it("loads conf/broker.xml into `broker`, names conf/ files, and config explain shows it", async () => {
    const home = path.join(LAB, "solution/node1");
    const { config, locations } = await loadCarbonHomeDetailed(home);
    expect(config.sources).toContain("conf/broker.xml");
    expect(config.broker?.thriftServerHost).toBe("node1");
    expect(config.server.offset).toBe(3);
    expect(locations["broker.rdbmsCoordination.enabled"]?.file).toBe("conf/broker.xml");
    expect(config.datasources.find((d) => d.jndiName === "WSO2MBStoreDB")?.url).toBe(
      "jdbc:postgresql://db:5432/wso2_mb",
    );
    const json = JSON.parse(await explainCarbonHome(home, { json: true })) as { broker: { amqpPort: number } };
    expect(json.broker.amqpPort).toBe(5672);
    expect(await explainCarbonHome(home)).toMatch(
      /RDBMS coordination ON: heartbeat every 5000 ms .*older than 10000 ms is stale/,
    );
  });

  it("a Carbon home without broker.xml has no broker section", async () => {
    const config = await loadCarbonHome(path.resolve(import.meta.dirname, "../../labs/ei-esb/solution/node1"));
    expect(config.broker).toBeUndefined();
  });

  it("reports broker-heartbeat-timing when the wait time is not below the heartbeat (Andes refuses to start)", async () => {
    const dir = workspace("solution", (_n, file, text) =>
      file.endsWith("broker.xml") ? text.replace("<heartbeatInterval>5000<", "<heartbeatInterval>3000<") : text,
    );
    const config = await loadCarbonHome(path.join(dir, "node1"));
    expect(config.diagnostics).toMatchObject([
      { code: "broker-heartbeat-timing", file: "conf/broker.xml", severity: "error" },
    ]);
    expect(await brokerCodes(dir)).toEqual(["broker-heartbeat-timing", "broker-heartbeat-timing"]);
  });
});

describe("broker lint rules", () => {
  it("the solution has no broker findings", async () => {
    expect(await brokerCodes(path.join(LAB, "solution"))).toEqual([]);
  });

  it("the starter: store on local H2 with coordination on, thrift host localhost, on both nodes", async () => {
    expect(await brokerCodes(path.join(LAB, "starter"))).toEqual([
      "broker-store-local-h2",
      "broker-thrift-host-loopback",
      "broker-store-local-h2",
      "broker-thrift-host-loopback",
    ]);
  });

  it("broker-store-local-h2 does not fire when RDBMS coordination is off (Hazelcast coordinates)", async () => {
    const dir = workspace("starter", (_n, file, text) =>
      file.endsWith("broker.xml")
        ? text.replace('<rdbmsBasedCoordination enabled="true">', '<rdbmsBasedCoordination enabled="false">')
        : text,
    );
    expect(await brokerCodes(dir)).toEqual([]);
  });

  it("broker-store-datasource-missing names the JNDI name master-datasources.xml lacks", async () => {
    const dir = workspace("solution", (node, file, text) =>
      node === "node2" && file.endsWith("master-datasources.xml")
        ? text.replace("<name>WSO2MBStoreDB</name>", "<name>jdbc/MB</name>")
        : text,
    );
    const result = await lintWorkspace(dir);
    const found = result.diagnostics.filter((d) => d.code === "broker-store-datasource-missing");
    expect(found.map((d) => d.file)).toEqual(["node2/conf/broker.xml", "node2/conf/broker.xml"]);
    expect(found[0]?.message).toMatch(/uses dataSource WSO2MBStoreDB, which master-datasources\.xml does not define/);
  });
});
