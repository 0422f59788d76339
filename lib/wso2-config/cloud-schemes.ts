/**
 * The AWS and Kubernetes membership schemes' parameters, read the same way from both eras. In axis2.xml
 * they are top-level `<parameter>`s of `<clustering>` (kubernetes-is v5.8.0.3 axis2.xml; the AWS page of
 * CLUSTER44x), in deployment.toml they are `[clustering.properties]` keys (facts §6), so a value is looked
 * up in `properties` first, then in `parameters`. Defaults and constraints are those of facts §6.
 */
import type { ClusteringConfig } from "./model";

/** facts §6: the AWS scheme needs localMemberPort in 5701–5800 (Hazelcast's AWS join probes that range). */
export const AWS_MEMBER_PORT_RANGE = { min: 5701, max: 5800 } as const;
/** facts §6: region defaults to us-east-1. */
export const AWS_DEFAULT_REGION = "us-east-1";
/** A region name ends in a digit (eu-west-1); an availability zone adds a letter (eu-west-1a). */
const ZONE_SUFFIX = /^[a-z]{2}(-[a-z]+)+-\d+[a-z]$/;

export function schemeValue(
  clustering: Pick<ClusteringConfig, "properties" | "parameters">,
  key: string,
): string | null {
  const value = clustering.properties[key] ?? clustering.parameters[key];
  return value === undefined || value.trim() === "" ? null : value.trim();
}

export type AwsSchemeSettings = {
  region: string;
  accessKey: string | null;
  secretKey: string | null;
  iamRole: string | null;
  securityGroup: string | null;
  tagKey: string | null;
  tagValue: string | null;
  /** `hostHeader`: the EC2 endpoint's host name; default ec2.<region>.amazonaws.com. */
  hostHeader: string;
};

export function awsSettingsOf(clustering: Pick<ClusteringConfig, "properties" | "parameters">): AwsSchemeSettings {
  const region = schemeValue(clustering, "region") ?? AWS_DEFAULT_REGION;
  const hostHeader = schemeValue(clustering, "hostHeader");
  return {
    region,
    accessKey: schemeValue(clustering, "accessKey"),
    secretKey: schemeValue(clustering, "secretKey"),
    iamRole: schemeValue(clustering, "iamRole"),
    securityGroup: schemeValue(clustering, "securityGroup"),
    tagKey: schemeValue(clustering, "tagKey"),
    tagValue: schemeValue(clustering, "tagValue"),
    // Hazelcast's AWS client treats the default "ec2.amazonaws.com" as "the regional endpoint".
    hostHeader:
      hostHeader === null || hostHeader === "ec2.amazonaws.com" || hostHeader === "ec2"
        ? `ec2.${region}.amazonaws.com`
        : hostHeader,
  };
}

export function isAvailabilityZone(region: string): boolean {
  return ZONE_SUFFIX.test(region);
}

export type KubernetesSchemeSettings = {
  namespace: string | null;
  services: Array<string>;
  /** facts §6: DNS lookup is the default; USE_DNS=false switches to the Kubernetes API. */
  useDns: boolean;
  apiServer: string | null;
  token: string | null;
};

export function kubernetesSettingsOf(
  clustering: Pick<ClusteringConfig, "properties" | "parameters">,
): KubernetesSchemeSettings {
  const services = (schemeValue(clustering, "KUBERNETES_SERVICES") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  return {
    namespace: schemeValue(clustering, "KUBERNETES_NAMESPACE"),
    services,
    useDns: (schemeValue(clustering, "USE_DNS") ?? "true").toLowerCase() !== "false",
    apiServer: schemeValue(clustering, "KUBERNETES_API_SERVER"),
    token: schemeValue(clustering, "KUBERNETES_API_SERVER_TOKEN"),
  };
}
