/**
 * The lab catalogue: every lab of the course, in the order the course introduces them. Adding a lab is
 * one import and one entry here (a unit test fails when a `labs/<id>/lab.ts` is missing from this list).
 * It is data plus one lazy accessor: nothing here reads the environment at import. The front ends (cli/,
 * app/api/_shared) are the composition roots that hand `getLabRegistry()` to the lab desk (lib/labs/desk.ts);
 * lib/ never imports this file.
 */
import { createLabRegistry, type LabRegistry } from "@/lib/labs";
import { resolveLabsRoot } from "@/lib/labs/labs-root";
import { getEnv } from "@/lib/env";
import { sampleLab } from "./sample/lab";
import { wkaLab } from "./wka/lab";
import { independentNodesLab } from "./independent-nodes/lab";
import { stickySessionsLab } from "./sticky-sessions/lab";
import { sharedDbLab } from "./shared-db/lab";
import { sharedDbMariadbLab } from "./shared-db-mariadb/lab";
import { fullReplicationLab } from "./full-replication/lab";
import { isPattern1Lab } from "./is-pattern-1/lab";
import { isPattern2Lab } from "./is-pattern-2/lab";
import { multicastLab } from "./multicast/lab";
import { brokenClusterLab } from "./broken-cluster/lab";
import { kubernetesLab } from "./kubernetes/lab";
import { awsLab } from "./aws/lab";
import { eiEsbLab } from "./ei-esb/lab";
import { apimDistributedLab } from "./apim-distributed/lab";
import { eiBrokerLab } from "./ei-broker/lab";

export const labCatalogue = [
  sampleLab,
  wkaLab,
  independentNodesLab,
  stickySessionsLab,
  sharedDbLab,
  sharedDbMariadbLab,
  fullReplicationLab,
  multicastLab,
  awsLab,
  kubernetesLab,
  // Lessons 06 (API-M), 07 (EI), 08 (IS), 09 (troubleshooting), in course order.
  apimDistributedLab,
  eiEsbLab,
  eiBrokerLab,
  isPattern1Lab,
  isPattern2Lab,
  brokenClusterLab,
];

/**
 * Where the lab folders live: this file's folder under tsx/node; the Next.js server bundle has no
 * import.meta.dirname, so lib/labs/labs-root.ts falls back to the repository root (or CLUSTERLAB_LABS_DIR).
 */
export function labsRoot(): string {
  return resolveLabsRoot({ override: getEnv().CLUSTERLAB_LABS_DIR, moduleDir: import.meta.dirname });
}

let registry: LabRegistry | undefined;

export function getLabRegistry(): LabRegistry {
  registry ??= createLabRegistry(labCatalogue, labsRoot());
  return registry;
}

/** Every lab's id and title, from the definitions themselves: lessons and lab cards use these (walkthrough D9). */
export function labTitles(): ReadonlyMap<string, string> {
  return new Map(labCatalogue.map((lab) => [lab.id, lab.title]));
}
