import type { ReactNode } from "react";
import { isKnownLabId, labTitle } from "@/lib/content/labs";

/** Points from a lesson to its hands-on lab. Unknown ids are a content bug: they fail the build, not a dead link. */
export function LabCard({ id, children }: { id: string; children?: ReactNode }): ReactNode {
  if (!isKnownLabId(id)) throw new Error(`LabCard: unknown lab id "${id}"`);
  return (
    <aside className="lab-card" aria-label={`Hands-on lab: ${labTitle(id)}`}>
      <p className="lab-card-kicker">Hands-on lab</p>
      <p className="lab-card-title">
        <a href={`/labs/${id}`}>{labTitle(id)}</a>
      </p>
      {children}
      <p className="lab-card-cli">
        or from a terminal in the course folder: <code>npm run clusterlab -- lab init {id}</code>
      </p>
    </aside>
  );
}
