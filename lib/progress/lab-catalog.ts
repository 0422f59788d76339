/**
 * What the course server knows about each lab, for validating submissions: its current content hash and
 * its checks (ids and points). Built from lib/labs' registry; tests pass a fixed catalogue.
 */
import { labContentHash, STATIC_CHECK_ID, type LabRegistry } from "@/lib/labs";

export type KnownCheck = { id: string; title: string; maxPoints: number };
export type KnownLab = { id: string; title: string; contentHash: string; checks: ReadonlyArray<KnownCheck> };

/**
 * Checks the lab engine adds to a report besides the lab's own: the static configuration check (worth 0
 * points, present only when the lab has configuration to lint). A report may carry them; none is required.
 */
export const ENGINE_CHECKS: ReadonlyArray<KnownCheck> = [
  { id: STATIC_CHECK_ID, title: "Node configurations pass the static checks", maxPoints: 0 },
];

export type LabCatalog = {
  find(labId: string): KnownLab | undefined;
  list(): ReadonlyArray<KnownLab>;
};

/** Content hashes are computed once per process: they read every file of a lab, and labs do not change under a running server. */
export function labCatalogFromRegistry(registry: LabRegistry): LabCatalog {
  let labs: Map<string, KnownLab> | undefined;
  function load(): Map<string, KnownLab> {
    labs ??= new Map(
      registry.list().map((lab) => [
        lab.definition.id,
        {
          id: lab.definition.id,
          title: lab.definition.title,
          contentHash: labContentHash(lab),
          checks: lab.definition.checks.map((check) => ({ id: check.id, title: check.title, maxPoints: check.points })),
        },
      ]),
    );
    return labs;
  }
  return {
    find: (labId) => load().get(labId),
    list: () => [...load().values()],
  };
}

export function fixedLabCatalog(labs: ReadonlyArray<KnownLab>): LabCatalog {
  const byId = new Map(labs.map((lab) => [lab.id, lab]));
  return { find: (labId) => byId.get(labId), list: () => [...byId.values()] };
}
