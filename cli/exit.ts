/**
 * Exit codes every `clusterlab` command shares, and the action wrapper the thin commands use.
 * Kept apart from cli/index.ts, which the commands cannot import (it imports them).
 */
export const EXIT_OK = 0;
export const EXIT_FAILURES = 1;
export const EXIT_USAGE = 2;

type ErrorClass = abstract new (...args: never) => Error;

/**
 * Run a command action and set `process.exitCode` from it. An error of a `known` class is the learner's to
 * act on and its message says how, so it is printed alone (`clusterlab <command>: ...`) with exit 2;
 * anything else is a bug and propagates with its stack.
 */
export async function runAction(
  command: string,
  known: ReadonlyArray<ErrorClass>,
  action: () => Promise<number>,
): Promise<void> {
  try {
    process.exitCode = await action();
  } catch (error) {
    if (error instanceof Error && known.some((kind) => error instanceof kind)) {
      process.stderr.write(`clusterlab ${command}: ${error.message}\n`);
      process.exitCode = EXIT_USAGE;
      return;
    }
    throw error;
  }
}
