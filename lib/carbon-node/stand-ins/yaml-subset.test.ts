import { describe, expect, it } from "vitest";
import { parseYamlDocuments, YamlSubsetError } from "./yaml-subset";

describe("parseYamlDocuments (RBAC subset)", () => {
  it("reads a Role with nested sequences of mappings and flow sequences", () => {
    const docs = parseYamlDocuments(
      `# the role
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
metadata: {}
`.replace("metadata: {}", "metadata:\n  name: wso2svc-account"),
    );
    expect(docs).toEqual([
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "Role",
        metadata: { name: "endpoints-reader", namespace: "wso2" },
        rules: [{ apiGroups: [""], resources: ["endpoints"], verbs: ["get", "list"] }],
      },
      { kind: "ServiceAccount", metadata: { name: "wso2svc-account" } },
    ]);
  });

  it("ends a sequence written at its key's indentation at the next key", () => {
    expect(parseYamlDocuments("subjects:\n- kind: ServiceAccount\n  name: a\nroleRef:\n  kind: Role\n")).toEqual([
      { subjects: [{ kind: "ServiceAccount", name: "a" }], roleRef: { kind: "Role" } },
    ]);
    expect(() => parseYamlDocuments("- a\nb: c\n")).toThrow(/line 2/);
  });

  it("reads indented block sequences of scalars", () => {
    expect(parseYamlDocuments("verbs:\n  - get\n  - list\nx: y\n")).toEqual([{ verbs: ["get", "list"], x: "y" }]);
  });

  it("refuses what it does not support, naming the line", () => {
    expect(() => parseYamlDocuments("a: 1\n\tb: 2\n")).toThrow(/line 2: tabs/);
    expect(() => parseYamlDocuments("a: &x 1\n")).toThrow(YamlSubsetError);
    expect(() => parseYamlDocuments("a: 1\na: 2\n")).toThrow(/line 2: key "a" appears twice/);
    expect(() => parseYamlDocuments("a:\n  b: 1\n    c: 2\n")).toThrow(/line 3: unexpected indentation/);
    expect(() => parseYamlDocuments("verbs: [get, list\n")).toThrow(/line 1: flow sequence/);
  });
});
