/**
 * What each lab's README promises about its untouched starter: which checks fail, what their evidence
 * says, and the score. The catalogue suite holds every lab to it; change both together.
 */
export type CatalogueExpectation = {
  lab: string;
  starterFails: Array<string>;
  starterScore: number;
  /** Per failing check: what its observed evidence must mention (the cause, named). */
  evidence: Record<string, RegExp>;
};

export const CATALOGUE_EXPECTATIONS: Array<CatalogueExpectation> = [
  {
    lab: "wka",
    starterFails: ["clustering-on-wka", "two-wka-members"],
    starterScore: 1,
    evidence: { "clustering-on-wka": /node3: clustering disabled/, "two-wka-members": /lists 1 well-known member/ },
  },
  {
    lab: "independent-nodes",
    starterFails: ["failover"],
    starterScore: 4,
    evidence: { failover: /failed \(HTTP 50[234]/ },
  },
  {
    lab: "sticky-sessions",
    starterFails: ["sticky-one-client"],
    starterScore: 1,
    evidence: { "sticky-one-client": /session counter 1,1,1/ },
  },
  {
    lab: "shared-db",
    starterFails: ["db-user-and-database", "shared-datasource"],
    starterScore: 1,
    evidence: { "db-user-and-database": /no login role wso2carbon/, "shared-datasource": /local/ },
  },
  {
    lab: "shared-db-mariadb",
    starterFails: ["db-user-and-database", "shared-datasource"],
    starterScore: 1,
    evidence: { "db-user-and-database": /no user wso2carbon; no database shared_db/, "shared-datasource": /local/ },
  },
  {
    lab: "full-replication",
    starterFails: ["one-cluster", "write-anywhere-read-everywhere"],
    starterScore: 0,
    evidence: { "one-cluster": /wso2\.carbon\.domian/, "write-anywhere-read-everywhere": /node3\[written-on-node1\]=\(missing\)/ },
  },
  {
    lab: "is-pattern-1",
    starterFails: ["step1-databases", "step2-datasources", "step4-hazelcast-wka", "step5-hostname-proxy-port", "step6-shared-artifacts", "step7-sticky-lb"],
    starterScore: 2,
    evidence: {
      "step1-databases": /no identity_db/,
      "step2-datasources": /no datasource named identity_db/,
      "step4-hazelcast-wka": /does not list node2:4000/,
      "step5-hostname-proxy-port": /hostname localhost/,
      "step6-shared-artifacts": /node2 does not have it.*node1 mounts no share/,
      "step7-sticky-lb": /session counter 1,1/,
    },
  },
  {
    lab: "multicast",
    starterFails: ["one-cluster-across-networks", "wka-member-on-each-network"],
    starterScore: 1,
    evidence: { "one-cluster-across-networks": /two clusters that never meet/, "wka-member-on-each-network": /scheme multicast/ },
  },
  {
    lab: "aws",
    starterFails: ["scheme-and-port", "iam-policy", "one-cluster"],
    starterScore: 0,
    evidence: {
      "scheme-and-port": /localMemberPort 4000 is outside 5701–5800.*eu-west-1a \(an availability zone, not a region\)/,
      "iam-policy": /does not allow ec2:DescribeInstances/,
      "one-cluster": /after \d+ s: node1/,
    },
  },
  {
    lab: "kubernetes",
    starterFails: ["rbac-endpoints", "api-mode-config", "one-cluster"],
    starterScore: 0,
    evidence: {
      "rbac-endpoints": /does not grant get on endpoints to wso2svc-account/,
      "api-mode-config": /KUBERNETES_SERVICES \(not set\).*USE_DNS \(not set: DNS is the default\)/,
      "one-cluster": /after \d+ s: pod1/,
    },
  },
];
