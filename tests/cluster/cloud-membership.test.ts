/**
 * AWS and Kubernetes membership with real training-node processes and the in-process stand-ins: the
 * nodes find each other only through DescribeInstances / the Endpoints API, so these fail if discovery,
 * signing, filtering or RBAC is wrong.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { parseIamPolicy } from "@/lib/carbon-node/stand-ins/iam-policy";
import { startEc2StandIn, type Ec2StandIn } from "@/lib/carbon-node/stand-ins/ec2";
import { startKubeApiServerStandIn, type KubeStandIn } from "@/lib/carbon-node/stand-ins/kube-apiserver";
import { parseRbac } from "@/lib/carbon-node/stand-ins/rbac";
import { signQueryRequest } from "@/lib/carbon-node/sigv4";
import {
  freshSubnet,
  nodeConfig,
  randomPort,
  removeScratch,
  startNode,
  stopAll,
  waitFor,
  waitForMembers,
  type NodeProcess,
} from "./harness";

let standIns: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await stopAll();
  await Promise.all(standIns.map((s) => s.close()));
  standIns = [];
  delete process.env["CLUSTERLAB_EC2_ENDPOINT"];
});
afterAll(removeScratch);

const KEY = { accessKeyId: "AKIACLUSTERLAB00001", secretAccessKey: "clusterlab/secret/key/000000000000000001" };
const GRADER = { accessKeyId: "AKIACLUSTERLABGRADE", secretAccessKey: "clusterlab/secret/key/000000000000000003" };
const policy = (actions: Array<string>) =>
  parseIamPolicy(
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] }),
    "iam-policy.json",
  );

describe("AWS membership through the ec2 stand-in", () => {
  it("the security group's instances form one cluster, another group's node stays out, a terminated instance is dropped", async () => {
    const at = freshSubnet();
    const sg = (name: string, id: string) => [{ groupName: name, groupId: id }];
    const ec2: Ec2StandIn = await startEc2StandIn(
      {
        regions: ["eu-west-1"],
        instances: [
          {
            instanceId: "i-0000000000000001a",
            host: at(1),
            region: "eu-west-1",
            availabilityZone: "eu-west-1a",
            securityGroups: sg("wso2-cluster", "sg-0aaaaaaaaaaaaaaa1"),
            tags: {},
          },
          {
            instanceId: "i-0000000000000002a",
            host: at(2),
            region: "eu-west-1",
            availabilityZone: "eu-west-1b",
            securityGroups: sg("wso2-cluster", "sg-0aaaaaaaaaaaaaaa1"),
            tags: {},
          },
          {
            instanceId: "i-0000000000000003a",
            host: at(3),
            region: "eu-west-1",
            availabilityZone: "eu-west-1a",
            securityGroups: sg("reporting", "sg-0bbbbbbbbbbbbbbb2"),
            tags: {},
          },
        ],
        users: [
          { name: "wso2-discovery", ...KEY, policy: policy(["ec2:DescribeInstances"]) },
          { name: "grader", ...GRADER, policy: policy(["ec2:*"]) },
        ],
      },
      { host: "127.0.0.1", log: () => undefined },
    );
    standIns.push(ec2);
    process.env["CLUSTERLAB_EC2_ENDPOINT"] = `http://127.0.0.1:${ec2.port}/`;
    const memberPort = 5701 + Math.floor(Math.random() * 99);
    const httpPort = randomPort();
    const start = (n: number, securityGroup: string): NodeProcess =>
      startNode({
        name: `node${n}`,
        host: at(n),
        httpPort,
        fullConfig: nodeConfig({
          host: at(n),
          memberPort,
          httpPort,
          wka: [],
          overrides: {
            clustering: {
              scheme: "aws",
              parameters: {
                accessKey: KEY.accessKeyId,
                secretKey: KEY.secretAccessKey,
                region: "eu-west-1",
                securityGroup,
              },
            },
          },
        }),
      });
    const nodes = [start(1, "wso2-cluster"), start(2, "wso2-cluster"), start(3, "reporting")];
    const [n1, n2, n3] = nodes as [NodeProcess, NodeProcess, NodeProcess];
    await waitForMembers([n1, n2], ["node1", "node2"]);
    const alone = await waitFor("node3 clustered on its own", async () => {
      const view = await n3.cluster();
      return view?.joined === true ? view : undefined;
    });
    expect(alone.members.map((m) => m.name)).toEqual(["node3"]);
    expect(n1.hasLog(/Using aws based membership management scheme/)).toBe(true);
    expect(
      n1.hasLog(/DescribeInstances \(security group wso2-cluster, region eu-west-1\) found 2 running instance\(s\)/),
    ).toBe(true);
    expect(
      ec2
        .calls()
        .some(
          (c) =>
            c.user === "wso2-discovery" && c.filters["instance.group-name"]?.[0] === "wso2-cluster" && c.status === 200,
        ),
    ).toBe(true);

    // Terminate node2: EC2 stops listing it and the process dies; node1 drops it after max-no-heartbeat.
    const query: Array<[string, string]> = [
      ["Action", "TerminateInstances"],
      ["Version", "2016-11-15"],
      ["InstanceId.1", "i-0000000000000002a"],
    ];
    const host = `127.0.0.1:${ec2.port}`;
    const res = await fetch(`http://${host}/?${new URLSearchParams(query)}`, {
      headers: signQueryRequest({
        host,
        query,
        region: "eu-west-1",
        service: "ec2",
        accessKey: GRADER.accessKeyId,
        secretKey: GRADER.secretAccessKey,
        date: new Date(),
      }),
    });
    expect(res.status).toBe(200);
    n2.signal("SIGKILL");
    await waitForMembers([n1], ["node1"], 15_000);
  });
});

describe("Kubernetes membership through the kube-apiserver stand-in", () => {
  it("API mode: pods behind the service form one cluster with RBAC granting get; a scaled-up pod joins", async () => {
    const at = freshSubnet();
    const token = "token-of-wso2svc-account-0000000001";
    const rbac = `kind: Role
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: endpoints-reader
rules:
- apiGroups: [""]
  resources: ["endpoints"]
  verbs: ["get", "list"]
---
kind: RoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: read-endpoints
subjects:
- kind: ServiceAccount
  name: wso2svc-account
roleRef:
  kind: Role
  name: endpoints-reader
`;
    const memberPort = randomPort();
    const kube: KubeStandIn = await startKubeApiServerStandIn(
      {
        services: [
          {
            name: "wso2is",
            namespace: "wso2",
            pods: [at(1), at(2), at(3), at(4)],
            port: memberPort,
            portName: "hazelcast",
          },
        ],
        tokens: [{ token, namespace: "wso2", serviceAccount: "wso2svc-account" }],
        rbac: parseRbac(rbac, "rbac.yaml", "wso2"),
      },
      { host: "127.0.0.1", log: () => undefined },
    );
    standIns.push(kube);
    const httpPort = randomPort();
    const start = (n: number): NodeProcess =>
      startNode({
        name: `pod${n}`,
        host: at(n),
        httpPort,
        fullConfig: nodeConfig({
          host: at(n),
          memberPort,
          httpPort,
          wka: [],
          overrides: {
            clustering: {
              scheme: "kubernetes",
              properties: {
                KUBERNETES_NAMESPACE: "wso2",
                KUBERNETES_SERVICES: "wso2is",
                USE_DNS: "false",
                KUBERNETES_API_SERVER: `http://127.0.0.1:${kube.port}`,
                KUBERNETES_API_SERVER_TOKEN: token,
              },
            },
          },
        }),
      });
    // The stand-in lists every address that resolves (an IP literal always does), like pods that are all ready.
    const pods = [start(1), start(2), start(3)];
    await waitForMembers(pods, ["pod1", "pod2", "pod3"]);
    expect(
      kube
        .audit()
        .some((a) => a.user === "system:serviceaccount:wso2:wso2svc-account" && a.verb === "get" && a.code === 200),
    ).toBe(true);
    expect(pods[0]?.hasLog(/Using kubernetes based membership management scheme/)).toBe(true);
    pods.push(start(4));
    await waitForMembers(pods, ["pod1", "pod2", "pod3", "pod4"]);
  });
});
