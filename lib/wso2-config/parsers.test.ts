/**
 * Hand-written fixtures of both eras (tests/fixtures/wso2) through the whole loader, and malformed
 * files with the exact line/column each problem must be reported at.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { CarbonHomeError, configFromTexts, loadCarbonHome } from "./load";
import { parseAxis2Xml } from "./axis2-xml";
import { parseCarbonXml } from "./carbon-xml";
import { parseDeploymentToml } from "./deployment-toml";
import { parseHazelcastProperties } from "./hazelcast-properties";
import { parseMasterDatasourcesXml } from "./datasources-xml";
import { parseRegistryXml } from "./registry-xml";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../tests/fixtures/wso2");

describe("Carbon 4.4 XML fixture (xml-wka-node)", () => {
  it("normalises every file into the model", async () => {
    const config = await loadCarbonHome(path.join(fixtures, "xml-wka-node"));
    expect(config.era).toBe("xml");
    expect(config.diagnostics).toEqual([]);
    expect(config.sources).toEqual([
      "repository/conf/axis2/axis2.xml",
      "repository/conf/carbon.xml",
      "repository/conf/datasources/master-datasources.xml",
      "repository/conf/registry.xml",
      "repository/conf/hazelcast.properties",
    ]);
    expect(config.server).toEqual({ hostname: "is.training.local", mgtHostname: "mgt.is.training.local", offset: 1 });
    expect(config.ports).toEqual({ http: 9764, https: 9444, member: 4000, httpProxy: null, httpsProxy: null });
    expect(config.clustering).toEqual({
      enabled: true,
      scheme: "wka",
      domain: "wso2.is.domain",
      localMemberHost: "10.0.0.11",
      localMemberPort: 4000,
      members: [
        { host: "10.0.0.11", port: 4000 },
        { host: "10.0.0.12", port: 4000 },
      ],
      multicast: { address: null, port: 45564, ttl: 100, timeout: 60 },
      properties: { backendServerURL: "https://${hostName}:${httpsPort}/services/", subDomain: "worker" },
      parameters: { AvoidInitiation: "true" },
      hazelcastConfigSource: "axis2",
    });
    expect(config.hazelcast).toEqual({
      "hazelcast.max.no.heartbeat.seconds": "30",
      "hazelcast.max.no.master.confirmation.seconds": "900",
      "hazelcast.merge.first.run.delay.seconds": "60",
      "hazelcast.merge.next.run.delay.seconds": "30",
      "hazelcast.shutdownhook.enabled": "false",
      "hazelcast.logging.type": "log4j",
      "hazelcast.long.value": "ab",
    });
    expect(config.datasources.map((d) => d.name)).toEqual(["WSO2_CARBON_DB", "WSO2_USER_DS"]);
    expect(config.datasources[1]).toEqual({
      name: "WSO2_USER_DS",
      jndiName: "jdbc/WSO2UserDS",
      url: "jdbc:postgresql://10.0.0.5:5432/wso2_user?ssl=false&connectTimeout=5",
      username: "clusterlab",
      password: "clusterlab",
      driver: "org.postgresql.Driver",
      pool: {},
    });
    expect(config.datasources[0]?.pool).toEqual({ maxActive: "50", testOnBorrow: "true" });
    expect(config.registry.mounts).toEqual([
      {
        path: "/_system/config",
        targetPath: "/_system/nodes/config",
        instanceId: "sharedregistry",
        readOnly: true,
        dataSource: "jdbc/WSO2UserDS",
      },
      {
        path: "/_system/governance",
        targetPath: "/_system/governance",
        instanceId: "sharedregistry",
        readOnly: true,
        dataSource: "jdbc/WSO2UserDS",
      },
    ]);
  });

  it("lets repository/conf/etc/hazelcast.xml override the axis2 parameters", async () => {
    const config = await loadCarbonHome(path.join(fixtures, "hazelcast-xml-override"));
    expect(config.diagnostics).toEqual([]);
    expect(config.clustering.enabled).toBe(true);
    expect(config.clustering.hazelcastConfigSource).toBe("hazelcast.xml");
    expect(config.clustering.domain).toBe("from.hazelcast.xml");
    expect(config.clustering.scheme).toBe("wka");
    expect(config.clustering.localMemberHost).toBe("10.0.0.21");
    expect(config.clustering.localMemberPort).toBe(5701);
    expect(config.clustering.members).toEqual([
      { host: "10.0.0.21", port: 5701 },
      { host: "10.0.0.22", port: 5701 },
      { host: "10.0.0.23", port: 5701 },
    ]);
    expect(config.hazelcast["hazelcast.max.no.heartbeat.seconds"]).toBe("15");
  });
});

describe("deployment.toml fixture (toml-wka-node)", () => {
  it("normalises types, defaults, inferred URLs and $ref-free defaults", async () => {
    const config = await loadCarbonHome(path.join(fixtures, "toml-wka-node"));
    expect(config.era).toBe("toml");
    expect(config.diagnostics).toEqual([]);
    expect(config.server).toEqual({ hostname: "is.training.local", mgtHostname: "is.training.local", offset: 2 });
    expect(config.ports).toEqual({ http: 9765, https: 9445, member: 4001, httpProxy: null, httpsProxy: 443 });
    expect(config.clustering).toMatchObject({
      enabled: true,
      scheme: "wka",
      domain: "wso2.is.domain",
      localMemberHost: "10.0.0.12", // default $ref{server.node_ip}
      localMemberPort: 4001,
      members: [
        { host: "10.0.0.11", port: 4000 },
        { host: "10.0.0.12", port: 4001 },
      ],
      properties: { subDomain: "worker" },
      hazelcastConfigSource: "deployment.toml",
    });
    expect(config.hazelcast["hazelcast.max.no.heartbeat.seconds"]).toBe("20");
    expect(config.hazelcast["hazelcast.heartbeat.interval.seconds"]).toBe("1");
    expect(config.hazelcast["hazelcast.merge.first.run.delay.seconds"]).toBe("60");
    const byName = Object.fromEntries(config.datasources.map((d) => [d.name, d]));
    expect(byName["WSO2_SHARED_DB"]).toMatchObject({
      tomlId: "shared_db",
      jndiName: "jdbc/SHARED_DB",
      url: "jdbc:postgresql://10.0.0.5:5432/wso2_shared",
      driver: "org.postgresql.Driver",
      pool: { maxActive: 40 },
    });
    expect(byName["WSO2CONFIG_DB"]?.url).toBe("jdbc:mysql://10.0.0.6:3306/config?useSSL=false&autoReconnect=true");
    expect(byName["WSO2_METRICS_DB"]).toMatchObject({
      jndiName: "jdbc/WSO2_METRICS_DB",
      url: "jdbc:mysql://10.0.0.6:3306/metrics",
      driver: "com.mysql.jdbc.Driver",
    });
    expect(byName["WSO2_CARBON_DB"]?.url).toMatch(/^jdbc:h2:/);
    expect(config.registry.mounts.map((m) => [m.path, m.dataSource])).toEqual([
      ["/_system/governance", "jdbc/SHARED_DB"],
      ["/_system/config", null],
    ]);
  });
});

describe("loadCarbonHome on bad input", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "wso2-config-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("throws a clear CarbonHomeError only for a missing directory", async () => {
    await expect(loadCarbonHome(path.join(scratch, "nope"))).rejects.toThrow(CarbonHomeError);
    await expect(loadCarbonHome(path.join(scratch, "nope"))).rejects.toThrow(/does not exist/);
  });

  it("reports an empty folder as a warning, not an exception", async () => {
    const config = await loadCarbonHome(scratch);
    expect(config.diagnostics.map((d) => d.code)).toEqual(["no-config-files"]);
  });
});

describe("malformed files are reported at the exact position", () => {
  it("TOML syntax error", () => {
    const { diagnostics } = parseDeploymentToml(
      '[server]\nhostname = "a"\noffset = = 2\n',
      "repository/conf/deployment.toml",
    );
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      severity: "error",
      code: "toml-syntax",
      file: "repository/conf/deployment.toml",
      line: 3,
      column: 10,
    });
  });

  it("TOML value of the wrong type names the key and what was expected", () => {
    const text =
      '[server]\nhostname = "a"\n  offset = "three"\n\n[clustering]\nmembership_scheme = "wka"\nmembers = ["10.0.0.1:4000", "10.0.0.2"]\n';
    const { diagnostics } = parseDeploymentToml(text, "repository/conf/deployment.toml");
    expect(diagnostics.map((d) => [d.code, d.key, d.line, d.column])).toEqual([
      ["toml-type", "server.offset", 3, 3],
      ["toml-type", "clustering.members.1", 7, 1],
    ]);
    expect(diagnostics[0]?.message).toContain("expected an integer");
    expect(diagnostics[1]?.message).toContain('expected "host:port"');
  });

  it("a wrongly typed TOML value is reported once, and the default is used", () => {
    const text = '[server]\noffset = "three"\n\n[transport.https.properties]\nproxyPort = "x443"\n';
    const { config } = configFromTexts(new Map([["repository/conf/deployment.toml", text]]), "home");
    expect(config.diagnostics.map((d) => [d.code, d.key, d.line])).toEqual([
      ["toml-type", "server.offset", 2],
      ["toml-type", "transport.https.properties.proxyPort", 5],
    ]);
    expect(config.server.offset).toBe(0);
    expect(config.ports.httpsProxy).toBeNull();
  });

  it("a placeholder port is a warning and the default is assumed", () => {
    const text =
      '[clustering]\nmembership_scheme = "wka"\nlocal_member_port = "$env{MEMBER_PORT}"\nmembers = ["10.0.0.1:4000", "10.0.0.2:4000"]\n';
    const { config } = configFromTexts(new Map([["repository/conf/deployment.toml", text]]), "home");
    expect(config.diagnostics.map((d) => [d.severity, d.code, d.line])).toEqual([["warning", "value-placeholder", 3]]);
    expect(config.clustering.localMemberPort).toBe(4000);
  });

  it("an unquoted dotted key under [hazelcast] is a warning, not a property", () => {
    const text = '[hazelcast]\n"hazelcast.logging.type" = "log4j2"\nhazelcast.max.no.heartbeat.seconds = "20"\n';
    const { config } = configFromTexts(new Map([["repository/conf/deployment.toml", text]]), "home");
    expect(config.diagnostics.map((d) => [d.code, d.line])).toEqual([["hazelcast-unquoted-key", 3]]);
    expect(config.hazelcast["hazelcast.logging.type"]).toBe("log4j2");
    expect(config.hazelcast["hazelcast.max.no.heartbeat.seconds"]).toBe("600"); // Carbon's default still applies
  });

  it("a scheme Carbon 4.4 does not know without membershipSchemeClassName is an error at the parameter", () => {
    const axis2 =
      '<axisconfig>\n  <clustering class="x" enable="true">\n    <parameter name="membershipScheme">kubernetes</parameter>\n  </clustering>\n</axisconfig>\n';
    const xml = configFromTexts(new Map([["repository/conf/axis2/axis2.xml", axis2]]), "home").config;
    expect(xml.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([["clustering-unknown-scheme", 3, 5]]);
    const toml = configFromTexts(
      new Map([["repository/conf/deployment.toml", '[clustering]\nmembership_scheme = "kubernetes"\n']]),
      "home",
    ).config;
    expect(toml.diagnostics).toEqual([]);
  });

  it("XML that is cut off (CRLF line endings)", () => {
    const text = '<axisconfig>\r\n  <clustering enable="true">\r\n    <parameter name="domain">d</parameter>\r\n';
    const { diagnostics } = parseAxis2Xml(text, "repository/conf/axis2/axis2.xml");
    expect(diagnostics[0]).toMatchObject({ code: "xml-syntax", line: 4, column: 1 });
    expect(diagnostics[0]?.message).toMatch(/unclosed tag: clustering/);
  });

  it("XML with a mismatched closing tag", () => {
    const text = "<Server>\n  <Ports>\n    <Offset>1</Ofset>\n  </Ports>\n</Server>\n";
    const { diagnostics } = parseCarbonXml(text, "repository/conf/carbon.xml");
    expect(diagnostics[0]).toMatchObject({ code: "xml-syntax", line: 3, column: 22 });
  });

  it("a non-integer localMemberPort is an error at the parameter, and the default is used", async () => {
    const scratch = mkdtempSync(path.join(tmpdir(), "wso2-config-"));
    try {
      const { writeFileSync, mkdirSync } = await import("node:fs");
      mkdirSync(path.join(scratch, "repository/conf/axis2"), { recursive: true });
      writeFileSync(
        path.join(scratch, "repository/conf/axis2/axis2.xml"),
        '<axisconfig>\n<clustering class="x" enable="true">\n    <parameter name="localMemberPort">40O0</parameter>\n    <members><member><hostName>10.0.0.1</hostName>\n      <port>99999</port></member></members>\n</clustering>\n</axisconfig>\n',
      );
      const config = await loadCarbonHome(scratch);
      expect(config.clustering.localMemberPort).toBe(4000);
      expect(config.clustering.scheme).toBe("multicast"); // enabled without a scheme -> Carbon's default
      expect(config.clustering.members).toEqual([]);
      expect(config.diagnostics.map((d) => [d.code, d.key, d.line, d.column])).toEqual([
        ["value-not-integer", "localMemberPort", 3, 5],
        ["value-out-of-range", "members[0].port", 5, 7],
      ]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it("datasource without a url, registry mount naming a missing remoteInstance, wrong root element", () => {
    const ds = parseMasterDatasourcesXml(
      '<datasources-configuration>\n<datasources>\n  <datasource><name>X</name>\n    <definition type="RDBMS">\n      <configuration><username>u</username></configuration>\n    </definition></datasource>\n</datasources>\n</datasources-configuration>',
      "ds.xml",
    );
    expect(ds.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([["datasource-url-missing", 5, 7]]);
    const registry = parseRegistryXml(
      '<wso2registry>\n  <mount path="/_system/config">\n    <instanceId>gone</instanceId><targetPath>/x</targetPath>\n  </mount>\n</wso2registry>',
      "registry.xml",
    );
    expect(registry.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([["registry-mount-instance", 2, 3]]);
    expect(registry.raw.mounts[0]?.readOnly).toBeNull();
    const wrong = parseCarbonXml("<axisconfig/>", "carbon.xml");
    expect(wrong.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([["carbon-root", 1, 1]]);
  });

  it("hazelcast.properties: a line with a separator but no key", () => {
    const { raw, diagnostics } = parseHazelcastProperties("a=1\n  =oops\nb : 2\n", "hazelcast.properties");
    expect(raw.properties).toEqual({ a: "1", b: "2" });
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([["properties-empty-key", 2]]);
  });
});
