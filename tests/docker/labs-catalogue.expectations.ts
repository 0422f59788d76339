/**
 * What each lab's README promises about its untouched starter: which checks fail, what their evidence
 * says, and the score. The catalogue suite holds every lab to it; change both together.
 */
export type CatalogueExpectation = {
  lab: string;
  starterFails: Array<string>;
  /**
   * Always 0: no check may pass on the untouched starter unless it is worth 0 points (a demonstration).
   * Points are for the learner's work only; the suite enforces it for every lab.
   */
  starterScore: 0;
  /** Per failing check: what its observed evidence must mention (the cause, named). */
  evidence: Record<string, RegExp>;
};

export const CATALOGUE_EXPECTATIONS: Array<CatalogueExpectation> = [
  {
    lab: "sample",
    starterFails: ["lb-reaches-both-nodes"],
    starterScore: 0,
    evidence: { "lb-reaches-both-nodes": /node1: 20, node2: 0/ },
  },
  {
    lab: "wka",
    starterFails: ["clustering-on-wka", "two-wka-members"],
    starterScore: 0,
    evidence: { "clustering-on-wka": /node3: clustering disabled/, "two-wka-members": /lists 1 well-known member/ },
  },
  {
    lab: "independent-nodes",
    starterFails: ["both-nodes-serve"],
    starterScore: 0,
    evidence: { "both-nodes-serve": /node2: up, clustering on \(wka\)/ },
  },
  {
    lab: "sticky-sessions",
    starterFails: ["nodes-share-db", "sticky-one-client"],
    starterScore: 0,
    evidence: { "nodes-share-db": /node3: WSO2_CARBON_DB \(local /, "sticky-one-client": /session counter 1,1,1/ },
  },
  {
    lab: "shared-db",
    starterFails: ["db-user-and-database", "shared-datasource"],
    starterScore: 0,
    evidence: { "db-user-and-database": /no login role wso2carbon/, "shared-datasource": /local/ },
  },
  {
    lab: "shared-db-mariadb",
    starterFails: ["db-user-and-database", "shared-datasource"],
    starterScore: 0,
    evidence: { "db-user-and-database": /no user wso2carbon; no database shared_db/, "shared-datasource": /local/ },
  },
  {
    lab: "full-replication",
    starterFails: ["one-cluster", "every-member-listed", "write-anywhere-read-everywhere"],
    starterScore: 0,
    evidence: {
      "one-cluster": /node3/,
      "every-member-listed": /missing node3:4000/,
      "write-anywhere-read-everywhere": /node3\[written-on-node1\]=\(missing\)/,
    },
  },
  {
    lab: "is-pattern-1",
    starterFails: [
      "step1-databases",
      "step2-datasources",
      "step3-registry-mounts",
      "step4-hazelcast-wka",
      "step5-hostname-proxy-port",
      "step6-shared-artifacts",
      "step7-sticky-lb",
    ],
    starterScore: 0,
    evidence: {
      "step1-databases": /no identity_db/,
      "step2-datasources": /no datasource named identity_db/,
      "step3-registry-mounts": /governance: node2 HTTP 404/,
      "step4-hazelcast-wka": /does not list node2:4000/,
      "step5-hostname-proxy-port": /hostname localhost/,
      "step6-shared-artifacts": /node2 does not have it.*node1 mounts no share/,
      "step7-sticky-lb": /session counter 1,1/,
    },
  },
  {
    lab: "is-pattern-2",
    starterFails: ["step11-cluster-db", "step11-worker-ha-config", "step11-publisher-failover", "step12-one-active"],
    starterScore: 0,
    evidence: {
      "step11-cluster-db": /no cluster_db/,
      "step11-worker-ha-config": /worker1: cluster\.config disabled/,
      "step11-publisher-failover": /node1: tcp:\/\/localhost:7612 \(single\)/,
      "step12-one-active": /worker1: single \(receiving\); worker2: single \(receiving\)/,
    },
  },
  {
    lab: "multicast",
    starterFails: ["clustering-on"],
    starterScore: 0,
    evidence: { "clustering-on": /node4: clustering disabled/ },
  },
  {
    lab: "broken-cluster",
    starterFails: [
      "domain-agrees",
      "member-host-reachable",
      "wka-list-matches",
      "hazelcast-xml-agrees",
      "sessions-stick",
    ],
    starterScore: 0,
    evidence: {
      "domain-agrees": /node2: domain wso2\.carbon\.domian/,
      "member-host-reachable": /node3 advertises 127\.0\.0\.1:4000/,
      "wka-list-matches": /no member listens on: .*node2:4001/,
      "hazelcast-xml-agrees": /node4: etc\/hazelcast\.xml, domain staging\.carbon\.domain/,
      "sessions-stick": /session counter 1,1,1/,
    },
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
  {
    lab: "ei-esb",
    starterFails: [
      "wka-cluster",
      "shared-deployment-folder",
      "hello-api",
      "round-robin",
      "malformed-artifact",
      "drill-stop-node1",
    ],
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
  {
    lab: "apim-distributed",
    starterFails: [
      "databases",
      "profile-datasources",
      "profile-wiring",
      "publish",
      "token",
      "throttling",
      "revoke",
      "revoke-without-hazelcast",
      "gateway-failover",
    ],
    starterScore: 0,
    evidence: {
      databases: /no wso2am_db; no wso2um_db; no wso2reg_db/,
      "profile-datasources": /km\/repository\/conf\/datasources\/master-datasources\.xml:\d+: WSO2AM_DB is local H2/,
      "profile-wiring":
        /km\/repository\/conf\/api-manager\.xml:\d+: no APIGateway Environment with ServerURL https:\/\/gw1:9443\/services\//,
      publish: /http:\/\/localhost:9443\/services\/APIGatewayAdmin\/deployApi answered HTTP 404.*gw1 \S+: HTTP 404/,
      token: /publisher -> .*localhost:9443/,
      throttling: /publisher -> .*localhost:9443/,
      revoke: /publisher -> .*localhost:9443/,
      "revoke-without-hazelcast": /RevokeAPIURL is https:\/\/localhost:/,
      "gateway-failover": /publisher -> .*localhost:9443/,
    },
  },
  {
    lab: "ei-broker",
    starterFails: [
      "mb-store-shared",
      "rdbms-coordination",
      "one-coordinator",
      "publish-consume-across-nodes",
      "coordinator-failover",
      "no-acked-message-lost",
    ],
    starterScore: 0,
    evidence: {
      "mb-store-shared": /node1: WSO2_MB_STORE_DB is jdbc:h2:.*\(local H2: this node's own store\)/,
      "rdbms-coordination": /node1: thriftServerHost is localhost/,
      "one-coordinator": /node1 and node2 both say they are the coordinator/,
      "publish-consume-across-nodes": /node2 received nothing from/,
      "coordinator-failover": /not exactly one coordinator before the drill: node1 and node2 both say/,
      "no-acked-message-lost": /node2 received 0 of the 10 messages published on node1/,
    },
  },
];
