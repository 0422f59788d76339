/**
 * The once-per-laptop step a classroom learner needs before `lab check` reports reach the course (walkthrough F10):
 * create an API token on /progress, then `clusterlab login`. The page passes the course's address (components
 * never read the environment).
 */
export function ClassroomSubmitSteps({ server }: { server: string }) {
  return (
    <div className="classroom-submit-steps">
      <p>
        Once per machine, so your graded attempts reach your instructor: create a personal API token on{" "}
        <a href="/progress">your progress page</a> (API tokens → Create), then run:
      </p>
      <pre>
        <code>{`npm run clusterlab -- login --server ${server} --token <your token>`}</code>
      </pre>
      <p className="muted">
        After that, every <code>lab check</code> submits its report by itself (offline, reports wait in a queue;{" "}
        <code>npm run clusterlab -- submit</code> sends them). Your scores are self-reported: the report says whether
        the workspace was the starter, your own edits, or the solution.
      </p>
    </div>
  );
}
