/**
 * The once-per-laptop step a classroom learner needs before `lab check` reports reach the course (walkthrough F10):
 * create an API token on /progress, then `clusterlab login`. Server component: the course's address comes from
 * CLUSTERLAB_PUBLIC_ORIGIN, else from the request (what the browser used to get here).
 */
import { headers } from "next/headers";
import { getEnv } from "@/lib/env";

export async function ClassroomSubmitSteps() {
  const incoming = await headers();
  const host = incoming.get("x-forwarded-host") ?? incoming.get("host") ?? "<course address>";
  const proto = incoming.get("x-forwarded-proto") ?? "http";
  const server = getEnv().CLUSTERLAB_PUBLIC_ORIGIN ?? `${proto}://${host}`;
  return (
    <div className="classroom-submit-steps">
      <p>
        Once per machine, so your graded attempts reach your instructor: create a personal API token on <a href="/progress">your progress page</a> (API
        tokens → Create), then run:
      </p>
      <pre>
        <code>{`npm run clusterlab -- login --server ${server} --token <your token>`}</code>
      </pre>
      <p className="muted">
        After that, every <code>lab check</code> submits its report by itself (offline, reports wait in a queue; <code>npm run clusterlab -- submit</code> sends
        them). Your scores are self-reported: the report says whether the workspace was the starter, your own edits, or the solution.
      </p>
    </div>
  );
}
