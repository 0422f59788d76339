/**
 * AWS membership: find the members by asking EC2 which instances are running in the configured
 * security group (and carrying the configured tag), then join their private IPs on localMemberPort, as
 * Carbon 4.4's AWS scheme does through Hazelcast's AWS join (facts §6). The call is a SigV4-signed Query
 * API `DescribeInstances` to the region's endpoint; the XML answer is read as the real API shapes it.
 *
 * Training-node limits (docs/decisions/0027): plain HTTP (port 80) instead of HTTPS, no instance-profile
 * credentials (iamRole is reported, not fetched), and `CLUSTERLAB_EC2_ENDPOINT` may point the call at a
 * local stand-in (tests). In a lab, the `ec2` stand-in answers for ec2.<region>.amazonaws.com.
 */
import type { AwsSchemeSettings } from "@/lib/wso2-config/cloud-schemes";
import {
  childElements,
  childText,
  descendants,
  firstChild,
  parseXmlTree,
  type XmlElement,
} from "@/lib/wso2-config/xml-tree";
import { signQueryRequest } from "./sigv4";

/** The EC2 API version Hazelcast 3.x's AWS client sends. */
export const EC2_API_VERSION = "2016-11-15";

export type Ec2Instance = { instanceId: string; privateIp: string | null; state: string };
export type AwsDiscoveryResult =
  { ok: true; instances: Array<Ec2Instance> } | { ok: false; status: number; code: string; message: string };

/**
 * The Query API parameters for one DescribeInstances call, filters numbered as EC2 expects. The filters are
 * Hazelcast's (com.hazelcast.aws.impl.DescribeInstances#addFilters, Hazelcast 3.x): tag:<key>=<value>, or tag-key
 * / tag-value when only one is set, then instance.group-name, then instance-state-name=running. (Hazelcast signs in
 * the query string, X-Amz-Signature; the training node uses the equivalent Authorization header.)
 */
export function describeInstancesQuery(
  aws: Pick<AwsSchemeSettings, "securityGroup" | "tagKey" | "tagValue">,
): Array<[string, string]> {
  const query: Array<[string, string]> = [
    ["Action", "DescribeInstances"],
    ["Version", EC2_API_VERSION],
  ];
  const filters: Array<[string, string]> = [];
  if (aws.tagKey !== null)
    filters.push(aws.tagValue !== null ? [`tag:${aws.tagKey}`, aws.tagValue] : ["tag-key", aws.tagKey]);
  else if (aws.tagValue !== null) filters.push(["tag-value", aws.tagValue]);
  if (aws.securityGroup !== null) filters.push(["instance.group-name", aws.securityGroup]);
  filters.push(["instance-state-name", "running"]);
  filters.forEach(([name, value], index) => {
    query.push([`Filter.${index + 1}.Name`, name], [`Filter.${index + 1}.Value.1`, value]);
  });
  return query;
}

function text(element: XmlElement, name: string): string | null {
  const value = childText(element, name);
  return value === null ? null : value.trim();
}

/** Instances of a DescribeInstancesResponse (reservationSet/item/instancesSet/item). */
export function parseDescribeInstances(xml: string): Array<Ec2Instance> {
  const { root } = parseXmlTree(xml, "DescribeInstancesResponse");
  if (root === null) return [];
  const out: Array<Ec2Instance> = [];
  for (const reservation of descendants(root, "reservationSet").flatMap((set) => childElements(set, "item"))) {
    const set = firstChild(reservation, "instancesSet");
    for (const item of set ? childElements(set, "item") : []) {
      const state = firstChild(item, "instanceState");
      out.push({
        instanceId: text(item, "instanceId") ?? "",
        privateIp: text(item, "privateIpAddress"),
        state: (state ? text(state, "name") : null) ?? "unknown",
      });
    }
  }
  return out;
}

/** EC2's error body: <Response><Errors><Error><Code/><Message/></Error></Errors>... */
export function parseEc2Error(xml: string): { code: string; message: string } {
  const { root } = parseXmlTree(xml, "EC2 error");
  const error = root ? descendants(root, "Error")[0] : undefined;
  return {
    code: (error && text(error, "Code")) ?? "UnknownError",
    message: (error && text(error, "Message")) ?? xml.slice(0, 200),
  };
}

export type AwsClientOptions = { endpoint?: string; timeoutMs?: number; now?: () => Date };

/** One signed DescribeInstances call. Never throws: a network failure is a result with status 0. */
export async function describeInstances(
  aws: AwsSchemeSettings,
  options: AwsClientOptions = {},
): Promise<AwsDiscoveryResult> {
  if (aws.accessKey === null || aws.secretKey === null) {
    const why =
      aws.iamRole !== null
        ? `iamRole ${aws.iamRole} is set, but the training node does not model instance-profile credentials`
        : "no accessKey/secretKey";
    return { ok: false, status: 0, code: "MissingCredentials", message: `${why}; set accessKey and secretKey.` };
  }
  const base = new URL(options.endpoint ?? process.env["CLUSTERLAB_EC2_ENDPOINT"] ?? `http://${aws.hostHeader}/`);
  const query = describeInstancesQuery(aws);
  const headers = signQueryRequest({
    host: base.host,
    query,
    region: aws.region,
    service: "ec2",
    accessKey: aws.accessKey,
    secretKey: aws.secretKey,
    date: (options.now ?? (() => new Date()))(),
  });
  const url = new URL("/", base);
  for (const [k, v] of query) url.searchParams.append(k, v);
  try {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(options.timeoutMs ?? 5000) });
    const body = await response.text();
    if (!response.ok) return { ok: false, status: response.status, ...parseEc2Error(body) };
    return { ok: true, instances: parseDescribeInstances(body) };
  } catch (error) {
    return { ok: false, status: 0, code: "EndpointUnreachable", message: `${url.host}: ${(error as Error).message}` };
  }
}
