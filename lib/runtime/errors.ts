/**
 * The runtime's errors. Each says what happened and what to do; `code` lets callers map to exit codes.
 * A leaf module (imports only types) so lib/roles can throw them without an import cycle through types.ts.
 */
import type { RuntimeKind } from "./types";

export class RuntimeError extends Error {
  override name = "RuntimeError";
  constructor(
    message: string,
    readonly code:
      | "invalid-topology"
      | "node-not-ready"
      | "session-not-found"
      | "unknown-node"
      | "unsupported"
      | "unavailable"
      | "aborted"
      | "image-missing"
      | "failed",
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class NodeNotReadyError extends RuntimeError {
  override name = "NodeNotReadyError";
  constructor(
    readonly node: string,
    readonly reason: string,
    readonly lastLogLines: string,
  ) {
    super(
      `Node "${node}" did not become ready: ${reason}.\n` +
        `Last log lines of ${node}:\n${indent(lastLogLines.trim() || "(no output)")}\n` +
        `Fix the node's configuration in the workspace (the log usually says what is wrong) and run the lab again.`,
      "node-not-ready",
    );
  }
}

export class SessionNotFoundError extends RuntimeError {
  override name = "SessionNotFoundError";
  constructor(readonly session: string) {
    super(
      `No running lab session "${session}". Start it with \`clusterlab lab up <lab>\` (see \`clusterlab lab status\`).`,
      "session-not-found",
    );
  }
}

export class UnknownNodeError extends RuntimeError {
  override name = "UnknownNodeError";
  constructor(node: string, known: Array<string>) {
    super(`Unknown node "${node}"; this session has: ${known.join(", ")}.`, "unknown-node");
  }
}

export class UnsupportedOperationError extends RuntimeError {
  override name = "UnsupportedOperationError";
  constructor(operation: string, runtime: RuntimeKind, why: string) {
    super(
      `${operation} is not supported by the ${runtime} runtime: ${why}. Use --runtime docker for this lab.`,
      "unsupported",
    );
  }
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  | ${line}`)
    .join("\n");
}
