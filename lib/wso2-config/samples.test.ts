/**
 * Every real WSO2 sample in ../shared/reference/wso2-samples (read at test time, so a new sample is
 * tested without touching this file): the raw view must report exactly the facts in its expected.json,
 * the whole Carbon home must load without errors, and the k45m3 TOML -> XML pairs must normalise to
 * the same facts from both sides.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { carbonConfigSchema } from "./model";
import { loadCarbonHome } from "./load";
import { rawFactsOf } from "./raw-view";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const samplesDir = path.resolve(repoRoot, "../shared/reference/wso2-samples");
/** Descriptive keys of expected.json that are not parser facts. */
const META_KEYS = new Set([
  "source",
  "product",
  "version",
  "format",
  "gitRef",
  "file",
  "gitBlob",
  "notes",
  "commentedOutMustBeIgnored",
]);

type Expected = Record<string, unknown> & { file: string; format: string; gitBlob: string };

const sampleIds = existsSync(samplesDir)
  ? readdirSync(samplesDir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort()
  : [];

function readExpected(id: string): Expected {
  return JSON.parse(readFileSync(path.join(samplesDir, id, "expected.json"), "utf8")) as Expected;
}

function gitBlobId(bytes: Buffer): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

describe("WSO2 reference samples", () => {
  it("finds the sample folders beside the repository", () => {
    expect(existsSync(samplesDir), `${samplesDir} must exist (CI checks out shared/ beside the clone)`).toBe(true);
    expect(sampleIds.length).toBeGreaterThanOrEqual(24);
    for (const id of sampleIds)
      expect(existsSync(path.join(samplesDir, id, "expected.json")), `${id}/expected.json`).toBe(true);
  });

  describe.each(sampleIds)("%s", (id) => {
    it("reports exactly the facts in expected.json from the raw parse", () => {
      const expected = readExpected(id);
      const bytes = readFileSync(path.join(samplesDir, id, expected.file));
      expect(gitBlobId(bytes), "sample file is the byte-for-byte git blob").toBe(expected.gitBlob);
      const result = rawFactsOf(expected.file, bytes.toString("utf8"));
      expect(result, `a parser for ${expected.file}`).not.toBeNull();
      if (result === null) return;
      expect(result.format).toBe(expected.format);
      expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const factKeys = Object.keys(expected).filter((key) => !META_KEYS.has(key));
      expect(factKeys.length).toBeGreaterThan(0);
      for (const key of factKeys) {
        expect(result.facts[key], `${id}: ${key}`).toEqual(expected[key]);
      }
    });

    it("loads as a Carbon home with a valid model and no errors", async () => {
      const expected = readExpected(id);
      const config = await loadCarbonHome(path.join(samplesDir, id));
      expect(carbonConfigSchema.safeParse(config).success).toBe(true);
      expect(config.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(config.sources).toEqual([expected.file]);
      // Spot-check that normalisation carries the raw facts through.
      if (expected.format === "axis2.xml") {
        expect(config.clustering.enabled).toBe(expected["clusteringEnabled"]);
        expect(config.clustering.domain).toBe(expected["domain"]);
        expect(config.clustering.localMemberPort).toBe(Number(expected["localMemberPort"]));
        expect(config.clustering.members).toEqual(
          (expected["members"] as Array<{ host: string; port: string }>).map((m) => ({
            host: m.host,
            port: Number(m.port),
          })),
        );
        expect(config.clustering.properties).toEqual(expected["properties"]);
      }
      if (expected.format === "carbon.xml") {
        expect(config.server.offset).toBe(Number(expected["offset"]));
        expect(config.server.hostname).toBe(expected["hostName"]);
        expect(config.ports.http).toBe(9763 + Number(expected["offset"]));
      }
      if (expected.format === "master-datasources.xml") {
        expect(config.datasources.map((d) => [d.name, d.url, d.driver])).toEqual(
          (expected["datasources"] as Array<Record<string, string>>).map((d) => [
            d["name"],
            d["url"],
            d["driverClassName"],
          ]),
        );
      }
      if (expected.format === "registry.xml") {
        expect(config.registry.mounts.map((m) => [m.path, m.targetPath, m.instanceId, m.readOnly])).toEqual(
          (expected["mounts"] as Array<Record<string, string>>).map((m) => [
            m["path"],
            m["targetPath"],
            m["instanceId"],
            m["readOnly"] === "true",
          ]),
        );
      }
      if (expected.format === "hazelcast.properties") {
        expect(config.hazelcast).toMatchObject(expected["properties"] as Record<string, string>);
        expect(config.hazelcast["hazelcast.max.no.master.confirmation.seconds"]).toBe("900");
      }
      if (expected.format === "deployment.toml") {
        expect(config.era).toBe("toml");
        expect(config.clustering.enabled).toBe(expected["clusteringEnabled"]);
        expect(config.server.offset).toBe(expected["offset"] === null ? 0 : Number(expected["offset"]));
      }
    });
  });
});

describe("k45m3 pairs: the TOML input and WSO2's expected XML output normalise to the same facts", () => {
  const home = (id: string): string => path.join(samplesDir, id);

  it("scenario-4: clustering from deployment.toml equals the expected axis2.xml", async () => {
    const fromToml = await loadCarbonHome(home("k45m3-s4-toml"));
    const fromXml = await loadCarbonHome(home("k45m3-s4-expected-axis2"));
    const pick = (c: typeof fromToml) => {
      const { enabled, scheme, domain, localMemberHost, localMemberPort, members, multicast, properties, parameters } =
        c.clustering;
      return {
        enabled,
        scheme,
        domain,
        localMemberHost,
        localMemberPort,
        members,
        multicast,
        properties,
        parameters,
        memberPort: c.ports.member,
      };
    };
    expect(pick(fromToml)).toEqual(pick(fromXml));
    expect(fromToml.clustering.localMemberHost).toBe("example.com"); // $ref{server.local_host_name} resolved
  });

  it("scenario-7: every [database.*]/[[datasource]] infers the URL, user and driver WSO2 generated", async () => {
    const fromToml = await loadCarbonHome(home("k45m3-s7-toml"));
    const fromXml = await loadCarbonHome(home("k45m3-s7-expected-master-datasources"));
    const declared = fromToml.datasources
      .filter((d) => d.tomlId !== undefined)
      .map((d) => ({ url: d.url, username: d.username, driver: d.driver }));
    const generated = fromXml.datasources
      .filter((d) => !(d.url ?? "").startsWith("jdbc:h2:"))
      .map((d) => ({ url: d.url, username: d.username, driver: d.driver }));
    expect(declared).toEqual(generated);
    expect(declared).toHaveLength(3);
  });

  it("scenario-7: the kernel's own datasources (local H2 Carbon DB and MB store) are reported as WSO2 renders them", async () => {
    const fromToml = await loadCarbonHome(home("k45m3-s7-toml"));
    const fromXml = await loadCarbonHome(home("k45m3-s7-expected-master-datasources"));
    const kernel = (list: typeof fromToml.datasources) =>
      list
        .filter((d) => (d.url ?? "").startsWith("jdbc:h2:"))
        .map((d) => ({ name: d.name, jndiName: d.jndiName, url: d.url, driver: d.driver }));
    expect(kernel(fromToml.datasources)).toEqual(kernel(fromXml.datasources));
    expect(kernel(fromToml.datasources).map((d) => d.name)).toEqual(["WSO2_CARBON_DB", "WSO2_MB_STORE_DB"]);
  });
});

describe("is510-k8s-toml: a kubernetes-scheme deployment.toml", () => {
  it("reports the scheme's properties and no invented WKA member", async () => {
    const config = await loadCarbonHome(path.join(samplesDir, "is510-k8s-toml"));
    expect(config.clustering.scheme).toBe("kubernetes");
    expect(config.clustering.members).toEqual([]);
    expect(config.clustering.properties).toMatchObject({
      KUBERNETES_SERVICES: "wso2is-pattern-1-service",
      USE_DNS: "false",
      KUBERNETES_NAMESPACE: "{{ WSO2_IS_KUBERNETES_NAMESPACE }}",
    });
  });
});
