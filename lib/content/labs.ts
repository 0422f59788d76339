/**
 * The lab ids a lesson may point at (frontmatter `lab:` and <LabCard id>). Lessons are validated against this list
 * so a renamed or missing lab fails the content tests and the build instead of producing a dead /labs/<id> link.
 * Only ids: a lab's title comes from its definition (labs/index.ts `labTitles`), so the lesson pages and the lab
 * pages cannot name one lab two ways (walkthrough D9). labs/catalogue.test.ts checks this list equals the catalogue.
 */
export const KNOWN_LAB_IDS = [
  "sample",
  "wka",
  "multicast",
  "aws",
  "kubernetes",
  "independent-nodes",
  "shared-db",
  "shared-db-mariadb",
  "sticky-sessions",
  "full-replication",
  "is-pattern-1",
  "is-pattern-2",
  "ei-esb",
  "apim-distributed",
  "ei-broker",
  "broken-cluster",
] as const;

export type LabId = (typeof KNOWN_LAB_IDS)[number];

export function isKnownLabId(id: string): id is LabId {
  return (KNOWN_LAB_IDS as ReadonlyArray<string>).includes(id);
}
