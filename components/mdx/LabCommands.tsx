import type { ReactNode } from "react";
import { InlineCode } from "@/components/ui/InlineCode";

/**
 * Every command a learner has for one lab, in one place, so the nine lab READMEs cannot drift apart (one component
 * instead of nine copies). `npm run clusterlab --` works in a fresh clone without installing the `clusterlab` bin.
 */
export function LabCommands({ lab, node = "node1" }: { lab: string; node?: string }): ReactNode {
  const cli = "npm run clusterlab --";
  const rows: Array<[string, string]> = [
    [`${cli} doctor`, "checks Docker, the images and the app port before you start"],
    [`${cli} images build --offline`, "builds the lab images once (needed before the first `lab up`)"],
    [`${cli} lab init ${lab}`, "copies the starter files into workspaces/" + lab],
    [`${cli} config lint workspaces/${lab}`, "static checks of your files (file:line:col), without starting anything"],
    [`${cli} lab up ${lab}`, "starts the cluster; host ports change on every up"],
    [`${cli} lab status ${lab}`, "is it up, and each node's 127.0.0.1 port: run it after every up"],
    [`${cli} lab logs ${lab} ${node} --tail 50`, "a node's last log lines"],
    [`${cli} lab node stop ${lab} ${node}`, "stop one node (also start, kill, pause, resume)"],
    [`${cli} lab check ${lab}`, "grades the running cluster (add --json for the report)"],
    [`${cli} lab solve ${lab}`, "writes the reference solution into the workspace (you lose your edits; add --force)"],
    [`${cli} lab reset ${lab} --force`, "starts over from the starter files"],
    [`${cli} lab down ${lab}`, "stops the lab and removes its containers and networks"],
  ];
  return (
    <div className="lab-commands">
      <table>
        <thead>
          <tr>
            <th scope="col">Command</th>
            <th scope="col">What it does</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([command, what]) => (
            <tr key={command}>
              <td>
                <code>{command}</code>
              </td>
              <td>
                <InlineCode text={what} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        <code>lab node stop|start|kill|pause|resume {"<lab> <node>"}</code> acts on one node of a running lab, for the
        drills you run by hand. What the nodes are, and what to look at on a real server instead:{" "}
        <a href="/modules/06-deployment-patterns-and-clustering/reference/training-node">the training node page</a>.
      </p>
    </div>
  );
}
