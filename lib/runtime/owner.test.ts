import fs from "node:fs";
import { describe, expect, it } from "vitest";
import os from "node:os";
import { orphanReason, ownerHost, processAlive } from "./owner";

describe("orphanReason", () => {
  const base = { ownerPid: 123, ownerHost: "here", expiresAt: 10_000 };
  it("keeps a live owner's session before its TTL", () => {
    expect(orphanReason(base, { now: 5000, host: "here", alive: () => true })).toBeUndefined();
  });
  it("reaps when the owner process is gone on this host", () => {
    expect(orphanReason(base, { now: 5000, host: "here", alive: () => false })).toBe("owner-gone");
  });
  it("never judges another host's owner by PID, only by TTL", () => {
    expect(orphanReason(base, { now: 5000, host: "elsewhere", alive: () => false })).toBeUndefined();
    expect(orphanReason(base, { now: 10_000, host: "elsewhere", alive: () => true })).toBe("expired");
  });
  it("treats an unreadable expiry (Infinity) as never expiring", () => {
    expect(
      orphanReason({ ...base, ownerHost: "", expiresAt: Number.POSITIVE_INFINITY }, { now: 1e15, host: "here" }),
    ).toBeUndefined();
  });
});

describe("processAlive", () => {
  it("knows this process is alive and an impossible PID is not", () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(2 ** 30)).toBe(false);
    expect(processAlive(0)).toBe(false);
  });
});

describe("ownerHost", () => {
  it("names the hostname and, on Linux, the PID namespace (sandboxes sharing one engine and hostname differ)", () => {
    const host = ownerHost();
    expect(host.startsWith(os.hostname())).toBe(true);
    if (process.platform === "linux") expect(host).toMatch(/#pid:\[\d+\]#[0-9a-f-]{36}$/);
  });

  it("L2: carries this boot's random id, so cloned VMs with one hostname (same initial PID namespace) differ", () => {
    if (process.platform !== "linux") return;
    const bootId = fs.readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    expect(ownerHost()).toContain(`#${bootId}`);
  });
});
