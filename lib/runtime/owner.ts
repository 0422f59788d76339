/**
 * Session ownership for the reaper: a session belongs to the process (pid on host) that ran `up`.
 * A session is an orphan when that process is gone from this host, or when its TTL has passed.
 * Sessions owned by another host (or PID namespace) are only reaped by TTL: we cannot see its processes.
 */
import fs from "node:fs";
import os from "node:os";

export type Owner = { pid: number; host: string };

let cachedOwnerHost: string | undefined;

/**
 * Where a PID means something: the hostname plus the PID namespace. Several containers (CI jobs, dev
 * sandboxes) can share one Docker engine and even one hostname while each sees different PIDs; without
 * the namespace, one would take the others' live sessions for orphans and reap them.
 */
export function ownerHost(): string {
  // Read once per process: the reaper asks for every session it lists, and a process should compare
  // sessions against the same value it records as their owner.
  cachedOwnerHost ??= readOwnerHost();
  return cachedOwnerHost;
}

function readOwnerHost(): string {
  let namespace = "";
  let bootId = "";
  try {
    namespace = fs.readlinkSync("/proc/self/ns/pid"); // e.g. "pid:[4026531836]"
    // The initial PID namespace has the same inode on every Linux host, so VMs cloned from one image (one hostname)
    // sharing an engine would look alike and reap each other's sessions (L2); the boot id is random per boot.
    bootId = fs.readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    // Not Linux: the hostname alone.
  }
  if (!namespace) return os.hostname();
  return bootId ? `${os.hostname()}#${namespace}#${bootId}` : `${os.hostname()}#${namespace}`;
}

export function currentOwner(): Owner {
  return { pid: process.pid, host: ownerHost() };
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
  {
    now = Date.now(),
    host = ownerHost(),
    alive = processAlive,
  }: { now?: number; host?: string; alive?: (pid: number) => boolean } = {},
): OrphanReason | undefined {
  if (Number.isFinite(session.expiresAt) && session.expiresAt <= now) return "expired";
  if (session.ownerHost === host && !alive(session.ownerPid)) return "owner-gone";
  return undefined;
}
