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
    lab: "ei-esb",
    starterFails: ["wka-cluster", "shared-deployment-folder", "hello-api", "round-robin", "malformed-artifact", "drill-stop-node1"],
    starterScore: 0,
    evidence: {
      "wka-cluster": /node1: clustering disabled in conf\/axis2\/axis2\.xml/,
      "shared-deployment-folder": /node2 never served .*node1 mounts no share/,
      "hello-api": /node1: HTTP 404/,
      "round-robin": /node1 10, node2 0/,
      "malformed-artifact": /node2: no error about the broken file in its log/,
      "drill-stop-node1": /node1 stopped: 10 requests: node1 0, node2 0; 10 failed/,
    },
  },
];
