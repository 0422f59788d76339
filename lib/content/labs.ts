/**
 * The lab ids a lesson may point at (frontmatter `lab:` and <LabCard id>). Lessons are validated against this list
 * so a renamed or missing lab fails the content tests and the build instead of producing a dead /labs/<id> link.
 * Keep it in step with the lab catalogue under labs/: the titles are the labs' own (labs/lab-content.test.ts checks),
 * so a lab has one name everywhere.
 */
export const KNOWN_LABS = {
  sample: "Sample: two training nodes behind nginx",
  wka: "Well-known address (WKA) membership",
  multicast: "Multicast discovery, and where it stops",
  "independent-nodes": "Independent nodes behind a load balancer",
  "shared-db": "Two nodes on a shared database",
  "shared-db-mariadb": "Two nodes on a shared database (MariaDB)",
  "sticky-sessions": "Sticky sessions behind nginx",
  "full-replication": "Full replication across the cluster",
  "is-pattern-1": "Capstone: WSO2 Identity Server deployment pattern 1",
} as const satisfies Record<string, string>;

export type LabId = keyof typeof KNOWN_LABS;

export function isKnownLabId(id: string): id is LabId {
  return Object.hasOwn(KNOWN_LABS, id);
}

export function labTitle(id: LabId): string {
  return KNOWN_LABS[id];
}
