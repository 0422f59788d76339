/**
 * L2: a detached session in use must not be reaped by its TTL. Every attach (what `lab status`, `check` and `logs` do
 * after `up`) renews the lease of a detached process session by the session's own TTL.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createProcessRuntime } from "./runtime";
import { readSession, writeSession } from "./session-store";

const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-lease-"));
afterAll(() => fs.rmSync(stateDir, { recursive: true, force: true }));

const HOUR = 3_600_000;

function plant(session: string, detached: boolean): void {
  writeSession(stateDir, {
    version: 1,
    lab: "lease",
    session,
    ownerPid: process.pid,
    ownerHost: "h",
    createdAt: 0,
    expiresAt: 4 * HOUR,
    detached,
    block: 201,
    nodes: [],
  });
}

describe("process runtime lease (L2)", () => {
  it("attach renews a detached session's expiry by its TTL, so a lab in use past 4 h is not reaped", async () => {
    plant("lease-used", true);
    let clock = 4 * HOUR - 60_000;
    const runtime = createProcessRuntime({ stateDir, now: () => clock });
    await runtime.attach("lease-used");
    expect(readSession(stateDir, "lease-used")?.expiresAt).toBe(clock + 4 * HOUR);
    clock = 4 * HOUR + 60_000;
    await runtime.attach("lease-used");
    // Renewed by the TTL again, not by a growing span.
    expect(readSession(stateDir, "lease-used")?.expiresAt).toBe(clock + 4 * HOUR);
    clock = 8 * HOUR;
    const report = await runtime.reap();
    expect(report.removed).toEqual([]);
    expect(readSession(stateDir, "lease-used")).toBeDefined();
  });

  it("a detached session nobody uses still expires", async () => {
    plant("lease-idle", true);
    const runtime = createProcessRuntime({ stateDir, now: () => 4 * HOUR + 1 });
    const report = await runtime.reap();
    expect(report.removed.map((r) => r.session)).toContain("lease-idle");
  });
});
