/**
 * The AWS membership lab: three "EC2 instances" (training nodes) in two security groups and the lab's
 * ec2 stand-in (ADR 0027). The learner configures the AWS scheme on node1 and node2 (region, securityGroup,
 * tagKey/tagValue, localMemberPort in 5701–5800) and fixes the IAM policy the stand-in enforces; node3
 * belongs to another team's security group and must stay out. The checks read the configuration, the
 * stand-in's call log (who called DescribeInstances, with which filters, and what came back), each node's
 * view, and a drill that terminates an instance.
 */
import path from "node:path";
import { readFile } from "node:fs/promises";
import { defineCheck, fail, pass } from "@/lib/grading";
import {
  configFile,
  createDrill,
  describeEc2Call,
  describeView,
  findLogLinesIn,
  IamPolicyError,
  isActionAllowed,
  parseIamPolicy,
  pollUntil,
  readClusterView,
  readEc2Calls,
  readNodeConfig,
  terminateEc2Instance,
  waitForAgreement,
  type Ec2CallEntry,
  type NodeConfig,
} from "@/lib/grading/probes";
import { defineLab, type LabCheckContext } from "@/lib/labs";

const MEMBERS = ["node1", "node2"] as const;
const OUTSIDER = "node3";
const EC2 = "ec2";
const REGION = "eu-west-1";
const GROUP = "wso2-cluster";
const TAG = { key: "cluster", value: "wso2-is" };
/** The instance ids of the lab's nodes, as in the workspace's ec2/ec2.json. */
const INSTANCE: Record<string, string> = {
  node1: "i-0a1b2c3d4e5f60001",
  node2: "i-0a1b2c3d4e5f60002",
  node3: "i-0a1b2c3d4e5f60003",
};
/** The grader's IAM user (ec2.json); its policy is a lab file outside the workspace. */
const GRADER = {
  accessKeyId: "AKIACLUSTERLABGRADER00",
  secretAccessKey: "gR4d3r/K7MDENG/bPxRfiCYCLUSTERLABGRADER",
  region: REGION,
};
const PORTS = { min: 5701, max: 5800 };
const README = "labs/aws/README.mdx";

function prop(nc: NodeConfig, key: string): string | null {
  const value = nc.config.clustering.properties[key] ?? nc.config.clustering.parameters[key];
  return value === undefined || value.trim() === "" ? null : value.trim();
}

function addressOf(ctx: LabCheckContext, node: string): string {
  return ctx.cluster.nodes[node]?.address ?? "";
}

function rightFilters(c: Ec2CallEntry): boolean {
  return (
    c.filters["instance.group-name"]?.includes(GROUP) === true &&
    c.filters[`tag:${TAG.key}`]?.includes(TAG.value) === true
  );
}

const schemeAndPort = defineCheck<LabCheckContext>({
  id: "scheme-and-port",
  title: "node1 and node2 use the AWS scheme in a real region, with localMemberPort in 5701–5800",
  points: 2,
  hint: {
    nudge: "`clusterlab config lint` over the workspace names WSO2's own AWS rules; which ones fire on node1?",
    lesson: `${README}, step 1: the AWS scheme needs localMemberPort in 5701–5800 and a region without the zone letter (facts §6).`,
    fix: 'In node1 and node2: local_member_port = "5701" under [clustering], region = "eu-west-1" under [clustering.properties].',
  },
  async run(ctx) {
    const configs = await Promise.all(MEMBERS.map((n) => readNodeConfig(ctx.workspace, n)));
    const problems: Array<string> = [];
    for (const nc of configs) {
      const c = nc.config.clustering;
      if (!c.enabled || c.scheme !== "aws") problems.push(`${configFile(nc)}: scheme ${c.scheme ?? "(none)"}`);
      if (c.localMemberPort < PORTS.min || c.localMemberPort > PORTS.max)
        problems.push(`${configFile(nc)}: localMemberPort ${c.localMemberPort} is outside ${PORTS.min}–${PORTS.max}`);
      const region = prop(nc, "region") ?? "us-east-1";
      if (region !== REGION)
        problems.push(
          `${configFile(nc)}: region ${region}${/\d[a-z]$/.test(region) ? " (an availability zone, not a region)" : ""}; the instances run in ${REGION}`,
        );
    }
    const expected = `scheme aws, localMemberPort ${PORTS.min}–${PORTS.max}, region ${REGION} on node1 and node2`;
    return problems.length === 0
      ? pass(expected, "both nodes are set up for AWS")
      : fail(expected, problems.join("; "));
  },
});

const iamPolicy = defineCheck<LabCheckContext>({
  id: "iam-policy",
  title: "The discovery user's IAM policy allows ec2:DescribeInstances",
  points: 2,
  hint: {
    nudge: "Read the ec2 stand-in's log (`lab logs aws ec2`): what does EC2 answer the nodes?",
    lesson: `${README}, step 2: the AWS scheme calls DescribeInstances; the IAM user needs ec2:DescribeInstances (facts §6: and DescribeAvailabilityZones).`,
    fix: 'Add "ec2:DescribeInstances" to the Action list of ec2/iam-policy.json, then `lab down aws` and `lab up aws`.',
  },
  async run(ctx) {
    const expected = "ec2/iam-policy.json allows ec2:DescribeInstances for the user wso2-discovery";
    let text: string;
    try {
      text = await readFile(path.join(ctx.workspace, EC2, "iam-policy.json"), "utf8");
    } catch {
      return fail(expected, "ec2/iam-policy.json is missing from the workspace");
    }
    let allowed: boolean;
    try {
      allowed = isActionAllowed(parseIamPolicy(text, "ec2/iam-policy.json"), "ec2:DescribeInstances");
    } catch (error) {
      if (error instanceof IamPolicyError) return fail(expected, error.message);
      throw error;
    }
    // When the policy denies, the nodes' refused calls are the evidence; a just-started node may still be calling.
    const calls = allowed
      ? await readEc2Calls(ctx.logTail, EC2)
      : (
          await pollUntil(
            () => readEc2Calls(ctx.logTail, EC2),
            (c) => c.some((x) => x.code === "UnauthorizedOperation"),
            { timeoutMs: 5_000, intervalMs: 500, signal: ctx.signal },
          )
        ).value;
    const refused = calls
      .filter((c) => c.code === "UnauthorizedOperation")
      .slice(-3)
      .map(describeEc2Call);
    if (allowed)
      return pass(expected, "the policy allows ec2:DescribeInstances", refused.length > 0 ? refused : undefined);
    return fail(
      expected,
      `the policy does not allow ec2:DescribeInstances, so EC2 answers UnauthorizedOperation (403)${refused.length > 0 ? ": see the calls" : ""}`,
      refused,
    );
  },
});

const oneCluster = defineCheck<LabCheckContext>({
  id: "one-cluster",
  title: "node1 and node2 form one cluster",
  points: 3,
  timeoutMs: 45_000,
  hint: {
    nudge: "Compare `/carbon/cluster` of node1 and node2 and read their logs for the AWSBasedMembershipScheme lines.",
    lesson: `${README}, step 3: each node joins the private IPs DescribeInstances returns, on localMemberPort.`,
    fix: "Fix the scheme settings and the IAM policy first, then restart the lab.",
  },
  async run(ctx) {
    const result = await waitForAgreement(ctx, MEMBERS, { timeoutMs: 30_000, intervalMs: 500 });
    const observed = result.value.map(describeView).join("; ");
    const expected = "node1 and node2 joined, listing exactly node1 and node2";
    if (result.satisfied) return pass(expected, `${observed} (agreed after ${(result.elapsedMs / 1000).toFixed(1)} s)`);
    return fail(
      expected,
      `after ${(result.elapsedMs / 1000).toFixed(0)} s: ${observed}`,
      await findLogLinesIn(ctx.logTail, MEMBERS, /DescribeInstances|Member joined/, 4),
    );
  },
});

const discoveryCalls = defineCheck<LabCheckContext>({
  id: "discovery-calls",
  title: "EC2 saw node1 and node2 call DescribeInstances with the security group and tag filters, and answered",
  points: 2,
  requires: ["scheme-and-port", "iam-policy"],
  hint: {
    nudge:
      "Each ec2-call line in `lab logs aws ec2` shows the filters a node sent. Which instances match only a region?",
    lesson: `${README}, step 1: securityGroup becomes the filter instance.group-name, tagKey/tagValue the filter tag:<key> (facts §6).`,
    fix: `In node1 and node2 set securityGroup = "${GROUP}", tagKey = "${TAG.key}" and tagValue = "${TAG.value}" under [clustering.properties].`,
  },
  async run(ctx) {
    const expected = `DescribeInstances in ${REGION} from node1 and node2, filtered by instance.group-name=${GROUP} and tag:${TAG.key}=${TAG.value}, answered 200 with their own instances only`;
    const goodFrom = (calls: Array<Ec2CallEntry>, node: string) =>
      calls.some(
        (c) =>
          c.sourceIp === addressOf(ctx, node) &&
          c.action === "DescribeInstances" &&
          c.status === 200 &&
          c.region === REGION &&
          rightFilters(c),
      );
    const polled = await pollUntil(
      () => readEc2Calls(ctx.logTail, EC2),
      (calls) => MEMBERS.every((n) => goodFrom(calls, n)),
      { timeoutMs: 10_000, intervalMs: 500, signal: ctx.signal },
    );
    const calls = polled.value.filter((c) => MEMBERS.some((n) => c.sourceIp === addressOf(ctx, n)));
    const missing = MEMBERS.filter((n) => !goodFrom(polled.value, n));
    const recent = calls.slice(-3).map(describeEc2Call);
    if (missing.length > 0)
      return fail(
        expected,
        `no filtered, answered DescribeInstances from ${missing.join(", ")} (${calls.length} call(s) from the members)`,
        recent,
      );
    // With the right filters EC2 lists only the two members; anything else means the instances are not tagged/grouped as the README says.
    const leaked = calls.filter(
      (c) => rightFilters(c) && c.instanceIds.some((id) => id !== INSTANCE["node1"] && id !== INSTANCE["node2"]),
    );
    if (leaked.length > 0)
      return fail(
        expected,
        `filtered answers listed other instances: ${leaked.slice(-1).map(describeEc2Call).join("")}`,
        recent,
      );
    return pass(expected, `${calls.filter((c) => c.status === 200).length} answered call(s) from the members`, recent);
  },
});

const outsiderExcluded = defineCheck<LabCheckContext>({
  id: "other-group-excluded",
  title: "node3 (security group reporting) stays out of the cluster",
  points: 2,
  requires: ["one-cluster"],
  hint: {
    nudge:
      "Without a security-group filter, DescribeInstances returns every instance of the region: who would node1 try to join?",
    lesson: `${README}, step 1: put the members in one security group and filter by it (facts §6).`,
    fix: `Set securityGroup = "${GROUP}" (and the tag filter) on node1 and node2.`,
  },
  async run(ctx) {
    const [outsider, ...members] = await Promise.all([
      readClusterView(OUTSIDER, ctx.url(OUTSIDER), ctx.signal),
      ...MEMBERS.map((n) => readClusterView(n, ctx.url(n), ctx.signal)),
    ]);
    const expected = "node3 lists only itself; node1 and node2 never list node3";
    const views = [outsider, ...members].filter((v) => v !== undefined);
    const observed = views.map(describeView).join("; ");
    const mixed = views.some(
      (v) =>
        "view" in v &&
        (v.node === OUTSIDER
          ? v.view.members.some((m) => m.name !== OUTSIDER)
          : v.view.members.some((m) => m.name === OUTSIDER)),
    );
    if (outsider === undefined || !("view" in outsider)) return fail(expected, `node3 does not answer: ${observed}`);
    return mixed ? fail(expected, observed) : pass(expected, observed);
  },
});

const drillTerminate = defineCheck<LabCheckContext>({
  id: "drill-terminate",
  title: "Drill: node2's instance is terminated; EC2 stops listing it and node1 drops it",
  points: 3,
  requires: ["one-cluster", "discovery-calls"],
  timeoutMs: 60_000,
  hint: {
    nudge:
      "A terminated instance sends no heartbeats and no longer appears in DescribeInstances: how long until node1 gives up on it?",
    lesson: `${README}, step 4: a member silent for hazelcast.max.no.heartbeat.seconds is removed (facts §5).`,
    fix: 'Keep "hazelcast.max.no.heartbeat.seconds" = "5" in [hazelcast] of node1 and node2.',
  },
  async run(ctx) {
    const drill = createDrill(ctx.cluster, ctx.signal);
    const expected =
      "after TerminateInstances of node2's instance, node1 alone lists itself within 15 s and EC2's answers no longer include node2";
    try {
      const since = new Date().toISOString();
      const answer = await terminateEc2Instance(ctx.url(EC2), INSTANCE["node2"] ?? "", GRADER, ctx.signal);
      if (answer.status !== 200)
        return fail(expected, `TerminateInstances answered HTTP ${answer.status}: ${answer.body.slice(0, 200)}`);
      drill.journal.push(`TerminateInstances ${INSTANCE["node2"] ?? ""} -> terminated`);
      await drill.kill("node2");
      const alone = await waitForAgreement(ctx, ["node1"], { timeoutMs: 15_000, intervalMs: 250 });
      const observed = alone.value.map(describeView).join("; ");
      if (!alone.satisfied)
        return fail(expected, `after ${(alone.elapsedMs / 1000).toFixed(0)} s: ${observed}`, drill.journal);
      const later = await pollUntil(
        () => readEc2Calls(ctx.logTail, EC2),
        (calls) => calls.some((c) => c.at > since && c.sourceIp === addressOf(ctx, "node1") && c.status === 200),
        { timeoutMs: 8_000, intervalMs: 500, signal: ctx.signal },
      );
      const after = later.value.filter(
        (c) => c.at > since && c.sourceIp === addressOf(ctx, "node1") && c.status === 200,
      );
      if (after.some((c) => c.instanceIds.includes(INSTANCE["node2"] ?? "")))
        return fail(
          expected,
          `${observed}, but EC2 still listed node2's instance`,
          after.slice(-1).map(describeEc2Call),
        );
      return pass(expected, `${observed} after ${(alone.elapsedMs / 1000).toFixed(1)} s`, [
        ...drill.journal,
        ...after.slice(-1).map(describeEc2Call),
      ]);
    } finally {
      // node2 comes back as a fresh process; its instance stays terminated in EC2 (as in AWS), but it still
      // finds node1 through its own DescribeInstances call, so the cluster is whole again for the next check run.
      await drill.restore({ waitReady: true });
    }
  },
});

const GRADER_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: ["ec2:DescribeInstances", "ec2:TerminateInstances"], Resource: "*" }],
});

export const awsLab = defineLab({
  id: "aws",
  title: "AWS membership: EC2 discovery by security group and tag",
  summary:
    "Two EC2 instances find each other with DescribeInstances under an IAM policy, a third in another security group stays out, and a terminated instance is dropped.",
  technique: "security group",
  lessons: [{ title: "Module 06: membership schemes (AWS)", href: "/labs/aws" }],
  topology: {
    nodes: [
      {
        name: EC2,
        role: "ec2" as const,
        memoryMb: 128,
        files: [{ path: "/opt/clusterlab/grader/policy.json", content: GRADER_POLICY }],
      },
      ...(["node1", "node2", "node3"] as const).map((name) => ({
        name,
        role: "carbon" as const,
        memoryMb: 256,
        // The VPC's EC2 endpoint: the training node sends its DescribeInstances here instead of ec2.<region>.amazonaws.com.
        env: { CLUSTERLAB_EC2_ENDPOINT: `http://${EC2}:8080/` },
      })),
    ],
  },
  runtimes: ["docker"],
  // The starter breaks WSO2's AWS rules on purpose (step 1: the checks report them with the lab's evidence).
  lint: {
    ignore: ["aws-member-port-range", "aws-region-is-zone", "aws-security-group-missing", "shared-datasource-local-h2"],
  },
  checks: [schemeAndPort, iamPolicy, oneCluster, discoveryCalls, outsiderExcluded, drillTerminate],
});
