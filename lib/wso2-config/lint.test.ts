/** Each workspace lint rule fires on the workspace that breaks it, and only there. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tomlNode, xmlNode, type NodeSpec } from "@/tests/fixtures/wso2/builders";
import { LINT_RULES, lintWorkspace } from "./lint";
import { CarbonHomeError } from "./load";

const scratch = mkdtempSync(path.join(tmpdir(), "wso2-lint-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;

const members = ["10.0.0.11:4000", "10.0.0.12:4000"];
const good1: NodeSpec = { host: "10.0.0.11", members };
const good2: NodeSpec = { host: "10.0.0.12", members };

/** Write one workspace (xml or toml per node) and lint it; returns the finding codes in order. */
async function lint(nodes: Array<["xml" | "toml", NodeSpec]>): Promise<Array<string>> {
  counter += 1;
  const workspace = path.join(scratch, `ws${counter}`);
  nodes.forEach(([era, spec], index) =>
    (era === "xml" ? xmlNode : tomlNode)(path.join(workspace, `node${index + 1}`), spec),
  );
  const result = await lintWorkspace(workspace);
  return result.diagnostics.map((d) => d.code);
}

describe("lintWorkspace", () => {
  it("exports every rule with a unique code, a severity and a title", () => {
    const codes = LINT_RULES.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const rule of LINT_RULES) {
      expect(rule.title.length).toBeGreaterThan(10);
      expect(["error", "warning", "info"]).toContain(rule.severity);
    }
  });

  it("a correct two-node WKA cluster (one node per era) has no findings", async () => {
    expect(
      await lint([
        ["xml", good1],
        ["toml", good2],
      ]),
    ).toEqual([]);
  });

  it("clustering-disabled", async () => {
    expect(
      await lint([
        ["xml", good1],
        ["xml", { ...good2, enabled: false }],
      ]),
    ).toContain("clustering-disabled");
    expect(
      await lint([
        ["toml", { ...good1, enabled: false }],
        ["toml", good2],
      ]),
    ).toContain("clustering-disabled");
  });

  it("wka-too-few-members and node-missing-from-members", async () => {
    const codes = await lint([
      ["xml", { host: "10.0.0.11", members: ["10.0.0.11:4000"] }],
      ["toml", { host: "10.0.0.12", members: ["10.0.0.11:4000"] }],
    ]);
    expect(codes.filter((c) => c === "wka-too-few-members")).toHaveLength(2);
    // node2 (10.0.0.12:4000) is missing from node1's list; node2's own list names node1 (a node need not list itself).
    expect(codes.filter((c) => c === "node-missing-from-members")).toHaveLength(1);
    expect(codes.every((c) => c === "wka-too-few-members" || c === "node-missing-from-members")).toBe(true);
  });

  it("a WKA hostName range (last octet) counts as listing every address in it", async () => {
    const range = ["10.0.0.11-12:4000"];
    expect(
      await lint([
        ["xml", { host: "10.0.0.11", members: [...range, "10.0.0.12:4000"] }],
        ["xml", { host: "10.0.0.12", members: [...range, "10.0.0.11:4000"] }],
      ]),
    ).toEqual([]);
    // 10.0.0.11-11 does not cover node2's 10.0.0.12: node2 is missing from both lists (node1 is listed).
    const narrow = ["10.0.0.11-11:4000", "10.0.0.13:4000"];
    expect(
      await lint([
        ["xml", { host: "10.0.0.11", members: narrow }],
        ["xml", { host: "10.0.0.12", members: narrow }],
      ]),
    ).toEqual(["node-missing-from-members"]);
  });

  it("duplicate-member-port on one host, but not for different loopback addresses", async () => {
    const same = ["127.0.0.1:4000"];
    expect(
      await lint([
        ["xml", { host: "127.0.0.1", members: [...same, "127.0.0.1:4000"], offset: 0 }],
        ["xml", { host: "localhost", members: same, offset: 1 }],
      ]),
    ).toContain("duplicate-member-port");
    const loopbacks = ["127.0.0.2:4000", "127.0.0.3:4000"];
    const codes = await lint([
      ["xml", { host: "127.0.0.2", members: loopbacks }],
      ["xml", { host: "127.0.0.3", members: loopbacks }],
    ]);
    expect(codes).toEqual([]);
  });

  it("loopback-member-host in a multi-host cluster", async () => {
    const codes = await lint([
      ["xml", { host: "127.0.0.1", members: ["127.0.0.1:4000", "10.0.0.12:4000"] }],
      ["xml", { host: "10.0.0.12", members: ["127.0.0.1:4000", "10.0.0.12:4000"] }],
    ]);
    expect(codes).toEqual(["loopback-member-host"]);
  });

  it("domain-mismatch and scheme-mismatch", async () => {
    expect(
      await lint([
        ["xml", good1],
        ["toml", { ...good2, domain: "other" }],
      ]),
    ).toEqual(["domain-mismatch"]);
    expect(
      await lint([
        ["xml", good1],
        ["xml", { ...good2, scheme: "multicast" }],
      ]),
    ).toEqual(["scheme-mismatch"]);
  });

  it("shared-datasource-mismatch and shared-datasource-local-h2", async () => {
    expect(
      await lint([
        ["xml", good1],
        ["toml", { ...good2, sharedDbUrl: "jdbc:postgresql://10.0.0.99:5432/shared" }],
      ]),
    ).toEqual(["shared-datasource-mismatch"]);
    const h2 = "jdbc:h2:./repository/database/WSO2SHARED_DB";
    expect(
      await lint([
        ["xml", { ...good1, sharedDbUrl: h2 }],
        ["xml", { ...good2, sharedDbUrl: h2 }],
      ]),
    ).toEqual(["shared-datasource-local-h2", "shared-datasource-local-h2"]);
  });

  it("servlet-port-collision on one host with the same offset", async () => {
    const local = ["127.0.0.1:4000", "127.0.0.1:4001"];
    const codes = await lint([
      ["xml", { host: "127.0.0.1", port: 4000, members: local }],
      ["toml", { host: "127.0.0.1", port: 4001, members: local }],
    ]);
    expect(codes).toEqual(["servlet-port-collision"]);
    expect(
      await lint([
        ["xml", { host: "127.0.0.1", port: 4000, members: local }],
        ["toml", { host: "127.0.0.1", port: 4001, members: local, offset: 1 }],
      ]),
    ).toEqual([]);
  });

  describe("AWS scheme rules (facts §6), each with a passing and a failing workspace", () => {
    const aws = { accessKey: "AKIDEXAMPLE", secretKey: "secret", securityGroup: "wso2-cluster", region: "eu-west-1" };
    const node = (host: string, properties: Record<string, string>, port = 5701): NodeSpec => ({
      host,
      port,
      scheme: "aws",
      members: [],
      properties,
    });
    const pair = async (era: "xml" | "toml", properties: Record<string, string>, port?: number) =>
      lint([
        [era, node("10.0.0.11", properties, port)],
        [era, node("10.0.0.12", properties, port)],
      ]);

    it("a correct AWS pair (both eras) has no findings", async () => {
      expect(await pair("xml", aws)).toEqual([]);
      expect(await pair("toml", aws)).toEqual([]);
      expect(await pair("toml", { securityGroup: "g", iamRole: "wso2-node-role" })).toEqual([]); // an IAM role stands for keys; region defaults to us-east-1
    });
    it("aws-member-port-range", async () => {
      expect(await pair("toml", aws, 4000)).toEqual(["aws-member-port-range", "aws-member-port-range"]);
      expect(await pair("xml", aws, 5800)).toEqual([]);
    });
    it("aws-region-is-zone", async () => {
      expect(await pair("xml", { ...aws, region: "eu-west-1a" })).toEqual(["aws-region-is-zone", "aws-region-is-zone"]);
    });
    it("aws-credentials-missing", async () => {
      expect(await pair("toml", { securityGroup: "g", accessKey: "AKIDEXAMPLE" })).toEqual([
        "aws-credentials-missing",
        "aws-credentials-missing",
      ]);
    });
    it("aws-security-group-missing", async () => {
      const { securityGroup: _omitted, ...noGroup } = aws;
      expect(await pair("toml", noGroup)).toEqual(["aws-security-group-missing", "aws-security-group-missing"]);
    });
  });

  describe("Kubernetes scheme rules (facts §6), each with a passing and a failing workspace", () => {
    const k8s = { KUBERNETES_NAMESPACE: "wso2", KUBERNETES_SERVICES: "wso2is-service" };
    const pair = async (era: "xml" | "toml", properties: Record<string, string>) =>
      lint([
        [
          era,
          {
            host: "10.0.0.11",
            scheme: "kubernetes",
            members: [],
            properties: {
              membershipSchemeClassName: "org.wso2.carbon.membership.scheme.kubernetes.KubernetesMembershipScheme",
              ...properties,
            },
          },
        ],
        [
          era,
          {
            host: "10.0.0.12",
            scheme: "kubernetes",
            members: [],
            properties: {
              membershipSchemeClassName: "org.wso2.carbon.membership.scheme.kubernetes.KubernetesMembershipScheme",
              ...properties,
            },
          },
        ],
      ]);

    it("a correct pair in DNS mode and in API mode with an API server has no findings", async () => {
      expect(await pair("toml", k8s)).toEqual([]);
      expect(await pair("xml", { ...k8s, USE_DNS: "false", KUBERNETES_API_SERVER: "https://10.96.0.1:443" })).toEqual(
        [],
      );
    });
    it("kubernetes-namespace-missing and kubernetes-services-missing", async () => {
      expect(await pair("toml", { KUBERNETES_SERVICES: "s" })).toEqual([
        "kubernetes-namespace-missing",
        "kubernetes-namespace-missing",
      ]);
      expect(await pair("xml", { KUBERNETES_NAMESPACE: "wso2", KUBERNETES_SERVICES: " , " })).toEqual([
        "kubernetes-services-missing",
        "kubernetes-services-missing",
      ]);
    });
    it("kubernetes-api-server-unset is a note in API mode without an API server", async () => {
      expect(await pair("toml", { ...k8s, USE_DNS: "false" })).toEqual([
        "kubernetes-api-server-unset",
        "kubernetes-api-server-unset",
      ]);
    });
  });

  it("positions findings in the node's file and explains the fix", async () => {
    counter += 1;
    const workspace = path.join(scratch, `ws${counter}`);
    xmlNode(path.join(workspace, "node1"), good1);
    xmlNode(path.join(workspace, "node2"), { ...good2, domain: "other" });
    const [finding] = (await lintWorkspace(workspace)).diagnostics;
    expect(finding).toMatchObject({
      code: "domain-mismatch",
      severity: "error",
      file: "node2/repository/conf/axis2/axis2.xml",
      line: 7,
      column: 9,
      key: "clustering.domain",
    });
    expect(finding?.message).toMatch(/use the same value/);
  });

  it("reports an empty workspace and throws only for a missing one", async () => {
    expect((await lintWorkspace(scratch)).diagnostics.map((d) => d.code)).toEqual(["workspace-no-nodes"]);
    await expect(lintWorkspace(path.join(scratch, "missing"))).rejects.toThrow(CarbonHomeError);
  });

  it("includes each node's own parse problems under its folder", async () => {
    counter += 1;
    const workspace = path.join(scratch, `ws${counter}`);
    xmlNode(path.join(workspace, "node1"), good1);
    tomlNode(path.join(workspace, "node2"), { ...good2, port: 70000 });
    const result = await lintWorkspace(workspace);
    expect(result.diagnostics.find((d) => d.code === "value-out-of-range")).toMatchObject({
      file: "node2/repository/conf/deployment.toml",
      line: 9,
    });
  });
});
