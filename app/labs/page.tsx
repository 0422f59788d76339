/** /labs: the lab catalogue, each lab linking to its console page. */
import type { Metadata } from "next";
import { consoleDesk } from "@/app/api/_shared/console";
import { InlineCode } from "@/components/ui/InlineCode";
import { consoleMode } from "@/lib/console/context";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Labs" };

export default function LabsPage() {
  // Test-only labs (audience "test", e.g. sample) stay registered for the suites but are not offered to learners.
  const labs = consoleDesk()
    .registry.list()
    .filter(({ definition }) => definition.audience === "learner");
  const local = consoleMode() === "local";
  return (
    <article>
      <h1>Labs</h1>
      <p className="lede">
        Hands-on labs that start real multi-node clusters in Docker on your machine.
        {local
          ? " Open a lab to edit its configuration, start it, grade it and watch the cluster."
          : " On this classroom server the labs run from the command line on your own machine."}
      </p>
      <ul className="module-list">
        {labs.map(({ definition: d }) => (
          <li key={d.id} className="module-card">
            <h2>
              <a href={`/labs/${d.id}`}>{d.title}</a>
            </h2>
            {d.summary ? (
              <p>
                <InlineCode text={d.summary} />
              </p>
            ) : null}
            <p className="muted">
              {d.topology.nodes.length} nodes{d.technique ? ` · ${d.technique}` : ""} · {d.checks.length} checks ·{" "}
              {d.checks.reduce((t, c) => t + c.points, 0)} points
            </p>
          </li>
        ))}
      </ul>
    </article>
  );
}
