/** The AWS scheme's discovery call (aws-discovery.ts) against the in-process `ec2` stand-in. */
import { afterEach, describe, expect, it } from "vitest";
import { awsSettingsOf } from "@/lib/wso2-config/cloud-schemes";
import { describeInstances, describeInstancesQuery } from "../aws-discovery";
import { signQueryRequest } from "../sigv4";
import { parseIamPolicy } from "./iam-policy";
import { startEc2StandIn, type Ec2Instance, type Ec2StandIn } from "./ec2";

const ALLOW_DESCRIBE = parseIamPolicy(
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["ec2:DescribeInstances", "ec2:DescribeAvailabilityZones"], Resource: "*" }],
  }),
  "policy.json",
);
const ALLOW_NOTHING_USEFUL = parseIamPolicy(
  JSON.stringify({
    Version: "2012-10-17",
    Statement: { Effect: "Allow", Action: "ec2:DescribeAvailabilityZones", Resource: "*" },
  }),
  "policy.json",
);
const ADMIN = parseIamPolicy(
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ec2:*", Resource: "*" }] }),
  "admin.json",
);

const group = (name: string, id: string) => ({ groupName: name, groupId: id });
const wso2 = group("wso2-cluster", "sg-0aaaaaaaaaaaaaaa1");
const other = group("reporting", "sg-0bbbbbbbbbbbbbbb2");
const instances: Array<Ec2Instance> = [
  {
    instanceId: "i-0000000000000001a",
    host: "127.0.0.11",
    region: "eu-west-1",
    availabilityZone: "eu-west-1a",
    securityGroups: [wso2],
    tags: { cluster: "wso2-is" },
  },
  {
    instanceId: "i-0000000000000002a",
    host: "127.0.0.12",
    region: "eu-west-1",
    availabilityZone: "eu-west-1b",
    securityGroups: [wso2],
    tags: { cluster: "wso2-is" },
  },
  {
    instanceId: "i-0000000000000003a",
    host: "127.0.0.13",
    region: "eu-west-1",
    availabilityZone: "eu-west-1a",
    securityGroups: [other],
    tags: { cluster: "wso2-is" },
  },
  {
    instanceId: "i-0000000000000004a",
    host: "127.0.0.14",
    region: "eu-west-1",
    availabilityZone: "eu-west-1a",
    securityGroups: [wso2],
    tags: { cluster: "reporting" },
  },
];
const KEY = { accessKeyId: "AKIACLUSTERLAB00001", secretAccessKey: "clusterlab/secret/key/000000000000000001" };
const WEAK = { accessKeyId: "AKIACLUSTERLAB00002", secretAccessKey: "clusterlab/secret/key/000000000000000002" };
const GRADER = { accessKeyId: "AKIACLUSTERLABGRADE", secretAccessKey: "clusterlab/secret/key/000000000000000003" };

let standIn: Ec2StandIn | null = null;
afterEach(async () => {
  await standIn?.close();
  standIn = null;
});

async function start(): Promise<{ endpoint: string; lines: Array<string> }> {
  const lines: Array<string> = [];
  standIn = await startEc2StandIn(
    {
      regions: ["eu-west-1", "us-east-1"],
      instances,
      users: [
        { name: "wso2-discovery", ...KEY, policy: ALLOW_DESCRIBE },
        { name: "weak", ...WEAK, policy: ALLOW_NOTHING_USEFUL },
        { name: "grader", ...GRADER, policy: ADMIN },
      ],
    },
    { host: "127.0.0.1", log: (l) => lines.push(l) },
  );
  return { endpoint: `http://127.0.0.1:${standIn.port}/`, lines };
}

const settings = (properties: Record<string, string>) => awsSettingsOf({ properties, parameters: {} });
const base = {
  accessKey: KEY.accessKeyId,
  secretKey: KEY.secretAccessKey,
  region: "eu-west-1",
  securityGroup: "wso2-cluster",
};

describe("DescribeInstances through the ec2 stand-in", () => {
  it("returns the running instances of the security group (and tag), with the filters EC2 receives logged", async () => {
    const { endpoint, lines } = await start();
    const all = await describeInstances(settings(base), { endpoint });
    expect(all.ok && all.instances.map((i) => i.privateIp)).toEqual(["127.0.0.11", "127.0.0.12", "127.0.0.14"]);
    const tagged = await describeInstances(settings({ ...base, tagKey: "cluster", tagValue: "wso2-is" }), { endpoint });
    expect(tagged.ok && tagged.instances.map((i) => [i.instanceId, i.state])).toEqual([
      ["i-0000000000000001a", "running"],
      ["i-0000000000000002a", "running"],
    ]);
    const call = standIn?.calls().at(-1);
    expect(call).toMatchObject({
      action: "DescribeInstances",
      user: "wso2-discovery",
      region: "eu-west-1",
      status: 200,
      filters: {
        "tag:cluster": ["wso2-is"],
        "instance.group-name": ["wso2-cluster"],
        "instance-state-name": ["running"],
      },
    });
    expect(lines.at(-1)).toMatch(/^ec2-call \{.*"action":"DescribeInstances"/);
  });

  it("sends Hazelcast's filters: tag-key or tag-value when only one of the pair is set", async () => {
    const { endpoint } = await start();
    const keyOnly = await describeInstances(settings({ ...base, tagKey: "cluster" }), { endpoint });
    expect(keyOnly.ok && keyOnly.instances.length).toBe(3);
    expect(standIn?.calls().at(-1)?.filters).toEqual({
      "tag-key": ["cluster"],
      "instance.group-name": ["wso2-cluster"],
      "instance-state-name": ["running"],
    });
    const valueOnly = await describeInstances(settings({ ...base, tagValue: "reporting" }), { endpoint });
    expect(valueOnly.ok && valueOnly.instances.map((i) => i.instanceId)).toEqual(["i-0000000000000004a"]);
    expect(standIn?.calls().at(-1)?.filters).toMatchObject({ "tag-value": ["reporting"] });
  });

  it("another region has none of the lab's instances", async () => {
    const { endpoint } = await start();
    const result = await describeInstances(settings({ ...base, region: "us-east-1" }), { endpoint });
    expect(result).toEqual({ ok: true, instances: [] });
  });

  it("answers AuthFailure for an unknown key, a wrong secret, a missing signature and a zone used as region", async () => {
    const { endpoint } = await start();
    for (const props of [
      { ...base, accessKey: "AKIAUNKNOWN0000000" },
      { ...base, secretKey: "wrong" },
      { ...base, region: "eu-west-1a" },
    ]) {
      const result = await describeInstances(settings(props), { endpoint });
      expect(result).toMatchObject({ ok: false, status: 401, code: "AuthFailure" });
    }
    const unsigned = await fetch(`${endpoint}?${new URLSearchParams(describeInstancesQuery(settings(base)))}`);
    expect(unsigned.status).toBe(401);
    expect(await unsigned.text()).toMatch(
      /<Response><Errors><Error><Code>AuthFailure<\/Code><Message>AWS was not able to validate the provided access credentials<\/Message>/,
    );
  });

  it("answers UnauthorizedOperation when the key's policy does not allow ec2:DescribeInstances", async () => {
    const { endpoint } = await start();
    const result = await describeInstances(
      settings({ ...base, accessKey: WEAK.accessKeyId, secretKey: WEAK.secretAccessKey }),
      { endpoint },
    );
    expect(result).toEqual({
      ok: false,
      status: 403,
      code: "UnauthorizedOperation",
      message: "You are not authorized to perform this operation.",
    });
    expect(standIn?.calls().at(-1)).toMatchObject({ user: "weak", status: 403, code: "UnauthorizedOperation" });
  });

  it("TerminateInstances (signed, allowed) removes an instance from later DescribeInstances answers", async () => {
    const { endpoint } = await start();
    const url = new URL(endpoint);
    const query: Array<[string, string]> = [
      ["Action", "TerminateInstances"],
      ["Version", "2016-11-15"],
      ["InstanceId.1", "i-0000000000000002a"],
    ];
    const headers = signQueryRequest({
      host: url.host,
      query,
      region: "eu-west-1",
      service: "ec2",
      accessKey: GRADER.accessKeyId,
      secretKey: GRADER.secretAccessKey,
      date: new Date(),
    });
    const res = await fetch(`${endpoint}?${new URLSearchParams(query)}`, { headers });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/<currentState><code>48<\/code><name>terminated<\/name><\/currentState>/);
    const after = await describeInstances(settings(base), { endpoint });
    expect(after.ok && after.instances.map((i) => i.instanceId)).toEqual([
      "i-0000000000000001a",
      "i-0000000000000004a",
    ]);
  });

  it("reports missing keys without calling EC2 (iamRole is not modelled by the training node)", async () => {
    const result = await describeInstances(settings({ securityGroup: "g", iamRole: "wso2" }), {
      endpoint: "http://127.0.0.1:9/",
    });
    expect(result).toMatchObject({ ok: false, code: "MissingCredentials" });
  });
});
