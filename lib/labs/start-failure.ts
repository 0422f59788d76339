/**
 * A node that fails to start because of the learner's files is the learner's failure, graded like any
 * other (issue #15): `check` turns it into a report with a failing `nodes-start` check that quotes the
 * tool's own message and the workspace file:line, instead of an environment error with no report.
 *
 * Only failures we can attribute to a workspace file count: the node EXITED during start and its log
 * holds a message of the tool that read the file (nginx's "[emerg] … in /etc/nginx/nginx.conf:12",
 * psql's "psql:/docker-entrypoint-initdb.d/init.sql:3: ERROR: …", MariaDB's "ERROR 1064 … at line 3",
 * the training node's "Refusing to start: …"). A timeout, a missing image or a dead engine stays ours.
 */
import fs from "node:fs";
import path from "node:path";
import type { CheckResult } from "@/lib/grading";
import { ROLES } from "@/lib/roles";
import { NodeNotReadyError, ROLE_HOMES, type NodeRole } from "@/lib/runtime/types";
import type { LabDefinition } from "./schema";

export const START_CHECK_ID = "nodes-start";

export type WorkspaceStartFailure = {
  node: string;
  /** Workspace-relative file the tool complained about, with its line when the tool gave one. */
  file: string;
  line: number | null;
  /** The tool's own words. */
  message: string;
  /** The node's last log lines, for the evidence log. */
  log: Array<string>;
};

/**
 * The workspace failure behind a failed `up`, or null when the failure is not attributable to a
 * workspace file (then it stays an environment error).
 */
export function workspaceStartFailure(
  error: unknown,
  lab: LabDefinition,
  workspace: string,
): WorkspaceStartFailure | null {
  if (!(error instanceof NodeNotReadyError)) return null;
  // Only an exit: a node still running past its deadline may just be slow (ours), not refused (theirs).
  if (!/exited with code/.test(error.reason)) return null;
  const node = lab.topology.nodes.find((n) => n.name === error.node);
  if (!node) return null;
  const log = error.lastLogLines.split("\n").filter((line) => line.trim() !== "");
  // Each role knows its own tool's refusal (RoleDefinition.recogniseStartFailure, lib/roles).
  const found = ROLES[node.role].recogniseStartFailure(log);
  if (!found) return null;
  if (node.role === "carbon" && found.file === "") {
    const located = locateCarbonSetting(workspace, node.config, found.message);
    return { node: node.name, file: located.file, line: located.line, message: found.message, log };
  }
  return {
    node: node.name,
    file: toWorkspacePath(found.file, node.role, node.config),
    line: found.line,
    message: found.message,
    log,
  };
}

/** `/etc/nginx/nginx.conf` -> `lb/nginx.conf`: the node's home is its workspace folder (the process runtime re-roots it under a temp folder). */
function toWorkspacePath(inside: string, role: NodeRole, folder: string): string {
  const home = ROLE_HOMES[role].replace(/\/+$/, "");
  const at = inside.indexOf(`${home}/`);
  const relative = at !== -1 ? inside.slice(at + home.length + 1) : path.posix.basename(inside);
  return path.posix.join(folder, relative);
}

/**
 * "Refusing to start: membershipScheme: …" names the setting in its axis2.xml spelling: find the line
 * that sets it in deployment.toml (membership_scheme) or axis2.xml (name="membershipScheme").
 */
function locateCarbonSetting(
  workspace: string,
  folder: string,
  message: string,
): { file: string; line: number | null } {
  const key = /Refusing to start: (\w+):/.exec(message)?.[1];
  const candidates = ["repository/conf/deployment.toml", "repository/conf/axis2/axis2.xml"].filter((f) =>
    fs.existsSync(path.join(workspace, folder, f)),
  );
  const first = candidates[0] ?? "repository/conf/deployment.toml";
  if (!key) return { file: path.posix.join(folder, first), line: null };
  const snake = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const pattern = new RegExp(`^\\s*(?:${snake}\\s*=|.*name="${key}")`);
  for (const file of candidates) {
    const lines = fs.readFileSync(path.join(workspace, folder, file), "utf8").split("\n");
    const index = lines.findIndex((line) => pattern.test(line));
    if (index !== -1) return { file: path.posix.join(folder, file), line: index + 1 };
  }
  return { file: path.posix.join(folder, first), line: null };
}

/** The report line for it: a failing 0-point check (the lab's checks are then skipped), with the fix in the learner's terms. */
export function startFailureResult(failure: WorkspaceStartFailure): CheckResult {
  const where = failure.line ? `${failure.file}:${failure.line}` : failure.file;
  return {
    id: START_CHECK_ID,
    title: "Every node starts with the workspace's files",
    status: "fail",
    points: 0,
    maxPoints: 0,
    evidence: {
      expected: "every node of the lab starts",
      observed: `${failure.node} did not start: ${where}: ${failure.message.split("\n")[0] ?? failure.message}`,
      log: [`${where}: ${failure.message}`, ...failure.log.slice(-10).map((line) => `${failure.node} | ${line}`)],
    },
    hint: {
      nudge: `${failure.node} stopped at start-up because of ${where}: the message above is the tool's own.`,
      fix: `Fix ${where}, then run \`lab check\` again (or \`lab down\` and \`lab up\`).`,
    },
  };
}
