/**
 * The AWS and Kubernetes schemes share one shape: ask a cloud API (or DNS) who the members are, then
 * join those addresses on localMemberPort like well-known members. This module turns the scheme's
 * settings into a `discover()` that returns addresses and logs what it found, only when the answer
 * changes, so a retrying node does not flood its log.
 */
import type { AwsSchemeSettings, KubernetesSchemeSettings } from "@/lib/wso2-config/cloud-schemes";
import type { CarbonLogger } from "./carbon-log";
import { describeInstances } from "./aws-discovery";
import { apiServerBase, readEndpoints, resolveHeadlessService, serviceAccountToken } from "./kubernetes-discovery";
import type { Address } from "./wire";

export const AWS_SCHEME = "org.wso2.carbon.core.clustering.hazelcast.aws.AWSBasedMembershipScheme";
export const KUBERNETES_SCHEME = "org.wso2.carbon.membership.scheme.kubernetes.KubernetesMembershipScheme";

export type CloudDiscovery = { readonly category: string; discover(): Promise<Array<Address>> };

function changeLogger(log: CarbonLogger, category: string): (level: "info" | "warn", message: string) => void {
  let last = "";
  return (level, message) => {
    if (message === last) return;
    last = message;
    log[level](category, message);
  };
}

export function createAwsDiscovery(aws: AwsSchemeSettings, port: number, log: CarbonLogger): CloudDiscovery {
  const report = changeLogger(log, AWS_SCHEME);
  const filters = [
    `security group ${aws.securityGroup ?? "(any)"}`,
    aws.tagKey !== null ? `tag ${aws.tagKey}=${aws.tagValue ?? ""}` : null,
    `region ${aws.region}`,
  ]
    .filter((s) => s !== null)
    .join(", ");
  return {
    category: AWS_SCHEME,
    async discover() {
      const result = await describeInstances(aws);
      if (!result.ok) {
        report(
          "warn",
          `DescribeInstances failed (${filters}): ${result.status > 0 ? `HTTP ${result.status} ` : ""}${result.code}: ${result.message}`,
        );
        return [];
      }
      const running = result.instances.filter((i) => i.state === "running" && i.privateIp !== null);
      report(
        "info",
        `DescribeInstances (${filters}) found ${running.length} running instance(s): ${running.map((i) => `${i.instanceId} ${i.privateIp ?? ""}`).join(", ") || "none"}`,
      );
      return running.map((i) => ({ host: i.privateIp ?? "", port }));
    },
  };
}

export function createKubernetesDiscovery(
  k8s: KubernetesSchemeSettings,
  port: number,
  log: CarbonLogger,
): CloudDiscovery {
  const report = changeLogger(log, KUBERNETES_SCHEME);
  return {
    category: KUBERNETES_SCHEME,
    async discover() {
      const namespace = k8s.namespace;
      if (namespace === null || k8s.services.length === 0) {
        report("warn", "KUBERNETES_NAMESPACE and KUBERNETES_SERVICES must both be set; no members can be looked up.");
        return [];
      }
      const ips = new Set<string>();
      if (k8s.useDns) {
        for (const service of k8s.services)
          for (const ip of await resolveHeadlessService(namespace, service)) ips.add(ip);
        report(
          "info",
          `DNS lookup of ${k8s.services.join(", ")} (namespace ${namespace}) returned ${ips.size} address(es): ${[...ips].join(", ") || "none"}`,
        );
      } else {
        const base = apiServerBase(k8s);
        if (base === null) {
          report(
            "warn",
            "USE_DNS=false but no Kubernetes API server is known: set KUBERNETES_API_SERVER, or run in a pod (KUBERNETES_SERVICE_HOST/PORT).",
          );
          return [];
        }
        const token = await serviceAccountToken(k8s);
        for (const service of k8s.services) {
          const result = await readEndpoints(base, namespace, service, token);
          if (!result.ok) {
            report(
              "warn",
              `Could not read endpoints of service ${service} in namespace ${namespace} from ${base}: HTTP ${result.status} ${result.reason}: ${result.message}`,
            );
            return [];
          }
          for (const ip of result.ips) ips.add(ip);
        }
        report(
          "info",
          `Kubernetes API ${base}: endpoints of ${k8s.services.join(", ")} (namespace ${namespace}) list ${ips.size} pod(s): ${[...ips].join(", ") || "none"}`,
        );
      }
      return [...ips].map((host) => ({ host, port }));
    },
  };
}
