import { describe, expect, it } from "vitest";
import { parseYamlStream, parseYamlSubset, yamlToValue } from "./yaml-subset";

/** Documents as plain data, and the diagnostics as "line:column code" (what the callers act on). */
function read(text: string): { values: Array<unknown>; found: Array<string> } {
  const { documents, diagnostics } = parseYamlStream(text, "rbac.yaml");
  return { values: documents.map(yamlToValue), found: diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`) };
}

describe("parseYamlStream (Kubernetes RBAC manifests, ADR 0028)", () => {
  it("reads a Role with nested sequences of mappings and flow sequences, and a second document", () => {
    const { values, found } = read(`# the role
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: endpoints-reader   # trailing comment
  namespace: "wso2"
rules:
- apiGroups: [""]
  resources: ["endpoints"]
  verbs: [get, 'list']
---
kind: ServiceAccount
metadata:
  name: wso2svc-account
`);
    expect(found).toEqual([]);
    expect(values).toEqual([
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "Role",
        metadata: { name: "endpoints-reader", namespace: "wso2" },
        rules: [{ apiGroups: [""], resources: ["endpoints"], verbs: ["get", "list"] }],
      },
      { kind: "ServiceAccount", metadata: { name: "wso2svc-account" } },
    ]);
  });

  it("ends a sequence written at its key's indentation at the next key; skips empty documents", () => {
    expect(read("---\nsubjects:\n- kind: ServiceAccount\n  name: a\nroleRef:\n  kind: Role\n---\n").values).toEqual([
      { subjects: [{ kind: "ServiceAccount", name: "a" }], roleRef: { kind: "Role" } },
    ]);
    expect(read("- a\nb: c\n").found).toEqual(["2:1 yaml-indentation"]);
  });

  it("reads indented block sequences of scalars and empty flow sequences", () => {
    expect(read("verbs:\n  - get\n  - list\nx: y\nnone: []\n").values).toEqual([
      { verbs: ["get", "list"], x: "y", none: [] },
    ]);
  });

  it("positions what it does not read exactly: tabs, duplicate keys, bad indentation, unfinished or nested lists", () => {
    expect(read("a: 1\n\tb: 2\n").found).toContain("2:1 yaml-tab-indent");
    expect(read("a: 1\na: 2\n").found).toEqual(["2:1 yaml-duplicate-key"]);
    expect(read("a:\n  b: 1\n    c: 2\n").found).toEqual(["3:5 yaml-indentation"]);
    expect(read("verbs: [get, list\n").found).toEqual(["1:8 yaml-unsupported"]);
    expect(read("verbs: [[get], list]\n").found).toEqual(["1:8 yaml-unsupported"]);
    expect(read("ref: *alias\n").found).toEqual(["1:6 yaml-unsupported"]);
  });

  it("keeps `---` as one document in the single-document reader (a deployment.yaml may start with it)", () => {
    const { root, diagnostics } = parseYamlSubset("---\na: 1\n", "deployment.yaml");
    expect(diagnostics).toEqual([]);
    expect(yamlToValue(root)).toEqual({ a: "1" });
  });
});
