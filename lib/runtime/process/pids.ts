/**
 * Process facts from /proc, and signals to a node's whole process group (each node is started as the
 * leader of its own group, so nginx workers or postgres backends go with it).
 */
import fs from "node:fs";

export type ProcState = "running" | "stopped" | "zombie" | "gone";

/** State and start time from /proc/<pid>/stat (fields 3 and 22). */
export function procStat(pid: number): { state: ProcState; startTicks: number } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name (field 2) may contain spaces and parentheses: parse after the last ')'.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const code = fields[0] ?? "";
  const startTicks = Number(fields[19]);
  const state: ProcState =
    code === "Z" || code === "X" ? "zombie" : code === "T" || code === "t" ? "stopped" : "running";
  return { state, startTicks };
}

/** The state of OUR process: a recycled PID (different start time) counts as gone. */
export function ourProcessState(pid: number | null, startTicks: number | null): ProcState {
  if (pid === null) return "gone";
  const stat = procStat(pid);
  if (!stat) return "gone";
  if (startTicks !== null && stat.startTicks !== startTicks) return "gone";
  return stat.state;
}

/** Signal the node's process group; ignores a group that is already gone. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/** Poll (bounded by `timeoutMs`) until the process is gone or a zombie. */
export async function waitGone(pid: number, startTicks: number | null, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let interval = 20;
  while (Date.now() < deadline) {
    const state = ourProcessState(pid, startTicks);
    if (state === "gone" || state === "zombie") return true;
    await new Promise((resolve) => setTimeout(resolve, interval));
    interval = Math.min(interval * 2, 200);
  }
  const state = ourProcessState(pid, startTicks);
  return state === "gone" || state === "zombie";
}
