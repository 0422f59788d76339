import type { ReactNode } from "react";
import { isKnownLabId } from "@/lib/content/labs";
import { labTitles } from "@/labs";

/** Points from a lesson to its hands-on lab. Unknown ids are a content bug: they fail the build, not a dead link. */
export function LabCard({ id, children }: { id: string; children?: ReactNode }): ReactNode {
  const title = labTitles().get(id);
  if (!isKnownLabId(id) || title === undefined) throw new Error(`LabCard: unknown lab id "${id}"`);
  return (
    <aside className="lab-card" aria-label={`Hands-on lab: ${title}`}>
      <p className="lab-card-kicker">Hands-on lab</p>
      <p className="lab-card-title">
        <a href={`/labs/${id}`}>{title}</a>
      </p>
      {children}
      <p className="lab-card-cli">
        or from a terminal in the course folder: <code>npm run clusterlab -- lab init {id}</code>
      </p>
    </aside>
  );
}
