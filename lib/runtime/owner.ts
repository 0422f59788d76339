/**
 * Session ownership for the reaper: a session belongs to the process (pid on host) that ran `up`.
 * A session is an orphan when that process is gone from this host, or when its TTL has passed.
 * Sessions owned by another host are only reaped by TTL: we cannot see that host's processes.
 */
import os from "node:os";

export type Owner = { pid: number; host: string };

export function currentOwner(): Owner {
  return { pid: process.pid, host: os.hostname() };
}

/** Is `pid` a live process on this machine? (signal 0 checks existence; EPERM means alive but not ours). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export type OrphanReason = "owner-gone" | "expired";

/**
 * Why the session should be reaped now, or undefined to keep it.
 * `alive` is injectable for tests; `keepOwners` lists owners that are alive by definition (e.g. this process).
 */
export function orphanReason(
  session: { ownerPid: number; ownerHost: string; expiresAt: number },
  { now = Date.now(), host = os.hostname(), alive = processAlive }: { now?: number; host?: string; alive?: (pid: number) => boolean } = {},
): OrphanReason | undefined {
  if (Number.isFinite(session.expiresAt) && session.expiresAt <= now) return "expired";
  if (session.ownerHost === host && !alive(session.ownerPid)) return "owner-gone";
  return undefined;
}
