/**
 * IS pattern 2's config files (ADR 0034): the YAML subset reader, the analytics worker's deployment.yaml, the
 * event publisher receiver URL syntax, and the lint rules. Fixtures: tests/fixtures/wso2/is-pattern-2, taken from
 * wso2/kubernetes-is v5.8.0.3 (commit 613ddbe0f5964b7019b1a826c477ce6fd07e82a2) with Helm placeholders filled in.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseYamlSubset, yamlGet, yamlString } from "./yaml-subset";
import { ANALYTICS_WORKER_FILE, parseAnalyticsWorkerYaml } from "./analytics-yaml";
import { EVENT_PUBLISHERS_DIR, parseEventPublisherXml, parseReceiverUrl } from "./event-publisher-xml";
import { loadCarbonHome } from "./load";
import { lintWorkspace } from "./lint";
import { formatCarbonConfig } from "./explain";

const FIXTURES = path.join(import.meta.dirname, "../../tests/fixtures/wso2/is-pattern-2");
const WORKER_YAML = readFileSync(path.join(FIXTURES, "worker-deployment.yaml"), "utf8");
const PUBLISHER_FILE = "IsAnalytics-Publisher-wso2event-AuthenticationData.xml";
const PUBLISHER_XML = readFileSync(path.join(FIXTURES, PUBLISHER_FILE), "utf8");

const scratch = mkdtempSync(path.join(tmpdir(), "wso2-analytics-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;

function write(dir: string, relative: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
  writeFileSync(path.join(dir, relative), text);
}

/** The real worker yaml with some replacements applied. */
function workerYaml(...edits: Array<[string | RegExp, string]>): string {
  return edits.reduce<string>((text, [from, to]) => text.replace(from, to), WORKER_YAML);
}

async function lintCodes(nodes: Record<string, Record<string, string>>): Promise<Array<string>> {
  const ws = path.join(scratch, `ws${++counter}`);
  for (const [node, files] of Object.entries(nodes))
    for (const [file, text] of Object.entries(files)) write(path.join(ws, node), file, text);
  return (await lintWorkspace(ws)).diagnostics.filter((d) => d.severity !== "info").map((d) => d.code);
}

describe("parseYamlSubset", () => {
  it("reads nested mappings, dotted top-level keys, sequences of mappings and quoted scalars with positions", () => {
    const text = "a.b:\n  x: 1 # note\n  list:\n  - name: one\n    v: 'q'\n  - two\nc: \"s: t\"\n";
    const { root, diagnostics } = parseYamlSubset(text, "f.yaml");
    expect(diagnostics).toEqual([]);
    expect(yamlString(yamlGet(root, "a.b", "x"))).toBe("1");
    const list = yamlGet(root, "a.b", "list");
    expect(list?.kind).toBe("seq");
    if (list?.kind !== "seq") return;
    expect(yamlString(yamlGet(list.items[0], "v"))).toBe("q");
    expect(yamlString(list.items[1])).toBe("two");
    expect(yamlString(yamlGet(root, "c"))).toBe("s: t");
    expect(yamlGet(root, "a.b", "x")?.at).toEqual({ line: 2, column: 6 });
  });

  it("reports tabs, a line without a colon and stray indentation at their lines", () => {
    const { diagnostics } = parseYamlSubset("a:\n\tb: 1\nc\nd: 1\n    e: 2\n", "f.yaml");
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([
      ["yaml-tab-indent", 2],
      ["yaml-syntax", 3],
      ["yaml-indentation", 5],
    ]);
  });
});

describe("the analytics worker's deployment.yaml", () => {
  it("reads cluster.config, deployment.config, the Thrift port and WSO2_CLUSTER_DB from the IS 5.8 worker file", () => {
    const { raw, diagnostics } = parseAnalyticsWorkerYaml(WORKER_YAML, ANALYTICS_WORKER_FILE);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(raw.analytics.cluster).toEqual({
      enabled: true,
      groupId: "is.analytics",
      coordinationStrategyClass: "org.wso2.carbon.cluster.coordinator.rdbms.RDBMSCoordinationStrategy",
      datasource: "WSO2_CLUSTER_DB",
      heartbeatInterval: 1000,
      heartbeatMaxRetry: 2,
      eventPollingInterval: 1000,
    });
    expect(raw.analytics.deployment.type).toBe("ha");
    expect(raw.analytics.deployment.eventSyncServer.port).toBe(9894);
    expect(raw.analytics.thriftPort).toBe(7612);
    const cluster = raw.datasources.find((d) => d.name === "WSO2_CLUSTER_DB");
    expect(cluster).toMatchObject({ jndiName: "jdbc/WSO2ClusterDB", url: "jdbc:postgresql://db:5432/cluster_db" });
  });

  it("a wrong number is a positioned error", () => {
    const { diagnostics } = parseAnalyticsWorkerYaml(
      workerYaml(["heartbeatInterval: 1000", "heartbeatInterval: 1s"]),
      ANALYTICS_WORKER_FILE,
    );
    const bad = diagnostics.find((d) => d.code === "yaml-not-integer");
    expect(bad?.line).toBe(WORKER_YAML.split("\n").findIndex((l) => l.includes("heartbeatInterval: 1000")) + 1);
  });
});

describe("event publishers", () => {
  it("parses the databridge receiver URL syntax", () => {
    expect(parseReceiverUrl("tcp://w1:7612|tcp://w2:7612")).toEqual({
      groups: [
        {
          mode: "failover",
          receivers: [
            { url: "tcp://w1:7612", host: "w1", port: 7612 },
            { url: "tcp://w2:7612", host: "w2", port: 7612 },
          ],
        },
      ],
    });
    expect(parseReceiverUrl("tcp://w1:7612,tcp://w2:7612")).toMatchObject({ groups: [{ mode: "loadbalance" }] });
    expect(parseReceiverUrl("{tcp://a:1|tcp://b:1},{tcp://c:1}")).toMatchObject({
      groups: [{ mode: "failover" }, { mode: "single" }],
    });
    expect(parseReceiverUrl("tcp://a:1|tcp://b:1,tcp://c:1")).toHaveProperty("problem");
    expect(parseReceiverUrl("worker1:7612")).toHaveProperty("problem");
  });

  it("reads the IS 5.8 AuthenticationData publisher", () => {
    const { raw, diagnostics } = parseEventPublisherXml(PUBLISHER_XML, `${EVENT_PUBLISHERS_DIR}/${PUBLISHER_FILE}`);
    expect(diagnostics).toEqual([]);
    expect(raw).toMatchObject({
      name: "IsAnalytics-Publisher-wso2event-AuthenticationData",
      streamName: "org.wso2.is.analytics.stream.OverallAuthentication",
      adapterType: "wso2event",
      protocol: "thrift",
      receiverUrl: "tcp://worker1:7612|tcp://worker2:7612",
    });
  });

  it("config explain shows the worker and the publisher, and an analytics home raises no missing-files warning", async () => {
    const home = path.join(scratch, `home${++counter}`);
    write(home, ANALYTICS_WORKER_FILE, WORKER_YAML);
    write(home, `${EVENT_PUBLISHERS_DIR}/${PUBLISHER_FILE}`, PUBLISHER_XML);
    const config = await loadCarbonHome(home);
    expect(config.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    expect(config.analytics?.cluster.groupId).toBe("is.analytics");
    expect(config.eventPublishers?.[0]?.receiverGroups[0]?.mode).toBe("failover");
    expect(config.sources).toContain(ANALYTICS_WORKER_FILE);
    const text = formatCarbonConfig(config, home);
    expect(text).toContain("cluster.config: ENABLED, groupId is.analytics");
    expect(text).toContain("failover [tcp://worker1:7612 | tcp://worker2:7612]");
  });
});

describe("pattern 2 lint rules", () => {
  const worker = (yaml = WORKER_YAML) => ({ [ANALYTICS_WORKER_FILE]: yaml });
  const isNode = (url: string) => ({
    "repository/conf/deployment.toml": '[server]\nhostname = "is.example"\n',
    [`${EVENT_PUBLISHERS_DIR}/${PUBLISHER_FILE}`]: PUBLISHER_XML.replace("tcp://worker1:7612|tcp://worker2:7612", url),
  });

  it("two correct workers have no findings", async () => {
    expect(await lintCodes({ worker1: worker(), worker2: worker() })).toEqual([]);
  });

  it("each rule fires on the workspace that breaks it", async () => {
    expect(
      await lintCodes({ worker1: worker(workerYaml(["  enabled: true\n  groupId", "  enabled: false\n  groupId"])) }),
    ).toEqual(["analytics-ha-without-cluster"]);
    expect(
      await lintCodes({ worker1: worker(workerYaml(["datasource: WSO2_CLUSTER_DB", "datasource: WSO2_NO_DB"])) }),
    ).toEqual(["analytics-cluster-datasource-missing"]);
    expect(
      await lintCodes({
        worker1: worker(workerYaml(["jdbc:postgresql://db:5432/cluster_db", "jdbc:h2:./database/WSO2_CLUSTER_DB"])),
      }),
    ).toEqual(["analytics-cluster-db-local"]);
    expect(await lintCodes({ worker1: worker(workerYaml(["heartbeatMaxRetry: 2", "heartbeatMaxRetry: 0"])) })).toEqual([
      "analytics-heartbeat",
    ]);
    expect(
      await lintCodes({ worker1: worker(), worker2: worker(workerYaml(["groupId: is.analytics", "groupId: other"])) }),
    ).toEqual(["analytics-group-mismatch"]);
  });

  it("flags a publisher with one worker, and one that load-balances instead of failing over", async () => {
    const single = await lintWorkspaceOf({ node1: isNode("tcp://worker1:7612") });
    expect(single.map((d) => d.code)).toContain("publisher-single-receiver");
    const finding = single.find((d) => d.code === "publisher-single-receiver");
    expect(finding?.file).toBe(`node1/${EVENT_PUBLISHERS_DIR}/${PUBLISHER_FILE}`);
    expect(finding?.line).toBe(PUBLISHER_XML.split("\n").findIndex((l) => l.includes("receiverURL")) + 1);
    expect(await lintCodes({ node1: isNode("tcp://worker1:7612,tcp://worker2:7612") })).toContain(
      "publisher-load-balancing",
    );
    expect(await lintCodes({ node1: isNode("tcp://worker1:7612|tcp://worker2:7612") })).not.toContain(
      "publisher-load-balancing",
    );
  });
});

async function lintWorkspaceOf(nodes: Record<string, Record<string, string>>) {
  const ws = path.join(scratch, `ws${++counter}`);
  for (const [node, files] of Object.entries(nodes))
    for (const [file, text] of Object.entries(files)) write(path.join(ws, node), file, text);
  return (await lintWorkspace(ws)).diagnostics;
}
