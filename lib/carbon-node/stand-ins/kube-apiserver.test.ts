/** The Kubernetes scheme's endpoint lookups (kubernetes-discovery.ts) against the in-process `kube-apiserver` stand-in and rbac.yaml. */
import { afterEach, describe, expect, it } from "vitest";
import { kubernetesSettingsOf } from "@/lib/wso2-config/cloud-schemes";
import { apiServerBase, readEndpoints, resolveHeadlessService } from "../kubernetes-discovery";
import { parseRbac, RbacError } from "./rbac";
import { startKubeApiServerStandIn, type KubeStandIn } from "./kube-apiserver";

const TOKEN = "token-of-wso2svc-account-0000000001";
const rbacYaml = (verbs: string) => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: wso2svc-account
  namespace: wso2
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: endpoints-reader
  namespace: wso2
rules:
  - apiGroups: [""]
    resources: ["endpoints"]
    verbs: [${verbs}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: wso2svc-endpoints
  namespace: wso2
subjects:
  - kind: ServiceAccount
    name: wso2svc-account
    namespace: wso2
roleRef:
  kind: Role
  name: endpoints-reader
  apiGroup: rbac.authorization.k8s.io
`;

let standIn: KubeStandIn | null = null;
afterEach(async () => {
  await standIn?.close();
  standIn = null;
});

async function start(verbs: string): Promise<string> {
  standIn = await startKubeApiServerStandIn(
    {
      services: [
        {
          name: "wso2is-service",
          namespace: "wso2",
          pods: ["127.0.0.21", "127.0.0.22", "no-such-pod.invalid"],
          port: 4000,
          portName: "hazelcast",
        },
      ],
      tokens: [{ token: TOKEN, namespace: "wso2", serviceAccount: "wso2svc-account" }],
      rbac: parseRbac(rbacYaml(verbs), "rbac.yaml", "wso2"),
    },
    { host: "127.0.0.1", log: () => undefined },
  );
  return `http://127.0.0.1:${standIn.port}`;
}

describe("Endpoints through the kube-apiserver stand-in", () => {
  it("with get granted, lists the running pods' addresses (a pod that does not resolve is not ready) and audits the call", async () => {
    const base = await start('"get", "list"');
    expect(await readEndpoints(base, "wso2", "wso2is-service", TOKEN)).toEqual({
      ok: true,
      ips: ["127.0.0.21", "127.0.0.22"],
    });
    expect(standIn?.audit().at(-1)).toMatchObject({
      user: "system:serviceaccount:wso2:wso2svc-account",
      verb: "get",
      resource: "endpoints",
      namespace: "wso2",
      name: "wso2is-service",
      code: 200,
      addresses: ["127.0.0.21", "127.0.0.22"],
    });
  });

  it("without the get verb answers 403 with Kubernetes' Status body naming user, verb and resource", async () => {
    const base = await start('"list"');
    const result = await readEndpoints(base, "wso2", "wso2is-service", TOKEN);
    expect(result).toEqual({
      ok: false,
      status: 403,
      reason: "Forbidden",
      message:
        'endpoints "wso2is-service" is forbidden: User "system:serviceaccount:wso2:wso2svc-account" cannot get resource "endpoints" in API group "" in the namespace "wso2"',
    });
    const raw = await fetch(`${base}/api/v1/namespaces/wso2/endpoints/wso2is-service`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(await raw.json()).toMatchObject({
      kind: "Status",
      apiVersion: "v1",
      status: "Failure",
      reason: "Forbidden",
      code: 403,
      details: { name: "wso2is-service", kind: "endpoints" },
    });
    // list is granted: the collection answers.
    const list = await fetch(`${base}/api/v1/namespaces/wso2/endpoints`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(list.status).toBe(200);
  });

  it("answers 401 without a valid token and 403 in another namespace", async () => {
    const base = await start("get, list");
    expect(await readEndpoints(base, "wso2", "wso2is-service", null)).toMatchObject({
      ok: false,
      status: 401,
      reason: "Unauthorized",
    });
    expect(await readEndpoints(base, "default", "wso2is-service", TOKEN)).toMatchObject({
      ok: false,
      status: 403,
      reason: "Forbidden",
    });
    expect(await readEndpoints(base, "wso2", "other", TOKEN)).toMatchObject({
      ok: false,
      status: 404,
      reason: "NotFound",
    });
  });

  it("finds the API server from KUBERNETES_API_SERVER or the pod's KUBERNETES_SERVICE_HOST/PORT", () => {
    const k8s = (p: Record<string, string>) => kubernetesSettingsOf({ properties: p, parameters: {} });
    expect(apiServerBase(k8s({ KUBERNETES_API_SERVER: "https://10.96.0.1:443/" }), {})).toBe("http://10.96.0.1:443");
    expect(
      apiServerBase(k8s({}), { KUBERNETES_SERVICE_HOST: "kube-apiserver", KUBERNETES_SERVICE_PORT_HTTPS: "6443" }),
    ).toBe("http://kube-apiserver:6443");
    expect(apiServerBase(k8s({}), {})).toBeNull();
  });

  it("DNS mode resolves the service name to its addresses", async () => {
    expect(await resolveHeadlessService(null, "localhost")).toContain("127.0.0.1");
    expect(await resolveHeadlessService("wso2", "no-such-service.invalid", 500)).toEqual([]);
  });
});

describe("parseRbac", () => {
  it("refuses unknown kinds and incomplete objects with the document number", () => {
    expect(() => parseRbac("kind: Rolle\nmetadata:\n  name: x\n", "rbac.yaml", "wso2")).toThrow(
      /document 1: kind "Rolle" is not one of/,
    );
    expect(() =>
      parseRbac(
        "apiVersion: v1\nkind: Role\nmetadata:\n  name: r\nrules:\n  - resources: [endpoints]\n",
        "rbac.yaml",
        "wso2",
      ),
    ).toThrow(RbacError);
  });

  it("refuses a manifest it cannot read exactly at file:line:column, the form the lab's grading locates", () => {
    expect(() => parseRbac("kind: Role\nkind: Role\n", "/etc/kubernetes/rbac.yaml", "wso2")).toThrow(
      /^\/etc\/kubernetes\/rbac\.yaml:2:1 kind is set twice/,
    );
    expect(() => parseRbac("kind: Role\nrules:\n  - verbs: [get, list\n", "/etc/kubernetes/rbac.yaml", "wso2")).toThrow(
      /^\/etc\/kubernetes\/rbac\.yaml:3:12 ClusterLab reads block-style YAML/,
    );
  });
});
