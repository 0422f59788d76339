/**
 * The lab ids a lesson may point at (frontmatter `lab:` and <LabCard id>). Lessons are validated against this list
 * so a renamed or missing lab fails the content tests and the build instead of producing a dead /labs/<id> link.
 * Keep it in step with the lab catalogue under labs/.
 */
export const KNOWN_LABS = {
  sample: "Sample lab: start a two-node cluster",
  wka: "Well-Known Address membership",
  multicast: "Multicast membership",
  aws: "AWS membership: EC2 discovery by security group and tag",
  kubernetes: "Kubernetes membership: endpoints, RBAC and DNS",
  "independent-nodes": "Independent nodes behind a load balancer",
  "shared-db": "Shared database and stale caches",
  "shared-db-mariadb": "Shared database and stale caches, on MariaDB",
  "sticky-sessions": "Sticky sessions and session loss",
  "full-replication": "Full replication with Hazelcast",
  "is-pattern-1": "Identity Server deployment pattern 1",
} as const satisfies Record<string, string>;

export type LabId = keyof typeof KNOWN_LABS;

export function isKnownLabId(id: string): id is LabId {
  return Object.hasOwn(KNOWN_LABS, id);
}

export function labTitle(id: LabId): string {
  return KNOWN_LABS[id];
}
