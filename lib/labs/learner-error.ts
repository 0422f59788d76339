/**
 * The one place that decides "is this error the learner's to act on?" for every lab verb, whichever front end
 * ran it. The CLI turns the kind into an exit code, the console into an HTTP status or a finished-event message;
 * anything that is not classified here is a ClusterLab bug and is reported as one. A new learner-facing error
 * (e.g. a graded failure path) is added to `learnerErrorKind` and nowhere else.
 */
import { EnvError } from "@/lib/env";
import { RuntimeError } from "@/lib/runtime/types";
import { LabCatalogueError, LabNotFoundError } from "./registry";
import { LabDefinitionError } from "./schema";
import { WorkspaceError } from "./workspace";

/** An error the learner can act on (bad workspace, lab not running, wrong runtime): CLI exit code 2 with the message. */
export class LabUsageError extends Error {
  override name = "LabUsageError";
}

/** The workspace does not pass static checks: CLI exit code 1 (the learner's to fix), with file:line:col. */
export class LintFailedError extends Error {
  override name = "LintFailedError";
}

/**
 * - `lint`: the configuration does not pass the static checks (CLI exit 1).
 * - `not-found`: no such lab (console 404).
 * - `workspace`: the workspace is missing, foreign or holds edits a write would discard.
 * - `usage`: the lab is not up / already up, the runtime is missing or failed, a node name is wrong.
 * - `setup`: the installation itself is wrong (catalogue, lab definition, environment variables).
 */
export type LearnerErrorKind = "lint" | "not-found" | "workspace" | "usage" | "setup";

export function learnerErrorKind(error: unknown): LearnerErrorKind | null {
  if (error instanceof LintFailedError) return "lint";
  if (error instanceof LabNotFoundError) return "not-found";
  if (error instanceof WorkspaceError) return "workspace";
  if (error instanceof LabUsageError || error instanceof RuntimeError || isDockerUnavailable(error)) return "usage";
  if (error instanceof LabCatalogueError || error instanceof LabDefinitionError || error instanceof EnvError)
    return "setup";
  return null;
}

/** True for errors whose message is meant for the learner (printed alone, no stack). */
export function isLearnerError(error: unknown): error is Error {
  return learnerErrorKind(error) !== null;
}

/**
 * lib/runtime/docker/client.ts's DockerUnavailableError, recognised by name: importing the class would load
 * dockerode into every module that imports lib/labs (lab definitions, pages), not only the ones that run labs.
 */
function isDockerUnavailable(error: unknown): boolean {
  return error instanceof Error && error.name === "DockerUnavailableError";
}
