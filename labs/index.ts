/**
 * The lab catalogue: every lab of the course, in the order the course introduces them. Adding a lab is
 * one import and one entry here (a unit test fails when a `labs/<id>/lab.ts` is missing from this list).
 */
import { createLabRegistry, type LabRegistry } from "@/lib/labs";
import { sampleLab } from "./sample/lab";
import { wkaLab } from "./wka/lab";
import { independentNodesLab } from "./independent-nodes/lab";
import { stickySessionsLab } from "./sticky-sessions/lab";
import { sharedDbLab } from "./shared-db/lab";
import { fullReplicationLab } from "./full-replication/lab";
import { isPattern1Lab } from "./is-pattern-1/lab";

export const labCatalogue = [sampleLab, wkaLab, independentNodesLab, stickySessionsLab, sharedDbLab, fullReplicationLab, isPattern1Lab];

/** Where the lab folders live (this file's folder). */
export const LABS_ROOT = import.meta.dirname;

let registry: LabRegistry | undefined;

export function getLabRegistry(): LabRegistry {
  registry ??= createLabRegistry(labCatalogue, LABS_ROOT);
  return registry;
}
