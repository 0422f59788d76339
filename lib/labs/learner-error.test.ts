import { expect, test } from "vitest";
import { EnvError } from "@/lib/env";
import { DockerUnavailableError } from "@/lib/runtime/docker/client";
import { SessionNotFoundError } from "@/lib/runtime/types";
import { LabUsageError, learnerErrorKind, LintFailedError } from "./learner-error";
import { LabNotFoundError } from "./registry";
import { WorkspaceError } from "./workspace";

test("every error a lab verb throws for the learner has a kind; anything else is a bug (null)", () => {
  expect(learnerErrorKind(new LintFailedError("x"))).toBe("lint");
  expect(learnerErrorKind(new LabNotFoundError("x"))).toBe("not-found");
  expect(learnerErrorKind(new WorkspaceError("x"))).toBe("workspace");
  expect(learnerErrorKind(new LabUsageError("x"))).toBe("usage");
  expect(learnerErrorKind(new SessionNotFoundError("s-1"))).toBe("usage");
  expect(learnerErrorKind(new DockerUnavailableError("unix:///nope", new Error("ENOENT")))).toBe("usage");
  expect(learnerErrorKind(new EnvError("x"))).toBe("setup");
  expect(learnerErrorKind(new TypeError("x is undefined"))).toBeNull();
  expect(learnerErrorKind("a string")).toBeNull();
});
