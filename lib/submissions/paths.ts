/**
 * Where the CLI keeps classroom state, under the data dir (CLUSTERLAB_DATA_DIR, default ./.data):
 *   classroom.json            server URL + personal token (file mode 0600)
 *   submissions/queue/*.json  reports waiting to be sent (one file per submission, named by its id)
 *   submissions/rejected/     reports the server refused for good, kept with its reason for the learner to read
 */
import path from "node:path";

export type SubmissionPaths = { credentials: string; queueDir: string; rejectedDir: string };

export function submissionPaths(dataDir: string): SubmissionPaths {
  return {
    credentials: path.join(dataDir, "classroom.json"),
    queueDir: path.join(dataDir, "submissions", "queue"),
    rejectedDir: path.join(dataDir, "submissions", "rejected"),
  };
}
