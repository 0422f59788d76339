/**
 * Where command output goes: results on stdout (so `--json` stays machine-readable), progress and
 * messages on stderr. Shared by the command groups instead of each defining its own pair.
 */
export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}
