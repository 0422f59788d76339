/**
 * Is this node one of the well-known members? Learners mix host names and IPs (members =
 * ["node1:4000"] with local_member_host = "172.18.0.2", or the reverse), so an exact string match is
 * not enough: a WKA member that fails to recognise itself would never start the cluster. Names are
 * resolved and compared with this machine's addresses; the port must match too.
 */
import dns from "node:dns/promises";
import os from "node:os";
import type { Member } from "@/lib/wso2-config/model";

async function resolveIPv4(host: string, timeoutMs: number): Promise<string[]> {
  const lookup = dns.lookup(host, { all: true, family: 4 }).then(
    (r) => r.map((a) => a.address),
    () => [] as string[],
  );
  const timeout = new Promise<string[]>((resolve) => setTimeout(() => resolve([]), timeoutMs));
  return Promise.race([lookup, timeout]);
}

export function localIPv4Addresses(): Set<string> {
  const out = new Set<string>();
  for (const list of Object.values(os.networkInterfaces()))
    for (const a of list ?? []) if (a.family === "IPv4") out.add(a.address);
  return out;
}

export async function isListedMember(
  wka: Member[],
  self: { host: string; port: number },
  bindHost: string,
  timeoutMs = 2000,
): Promise<boolean> {
  const samePort = wka.filter((m) => m.port === self.port);
  if (samePort.some((m) => m.host === self.host)) return true;
  if (samePort.length === 0) return false;
  const mine = new Set<string>([
    ...(await resolveIPv4(self.host, timeoutMs)),
    ...(await resolveIPv4(bindHost, timeoutMs)),
  ]);
  // Our advertised address is one of ours even when it is not on an interface (NAT, --bind tests).
  const interfaces = localIPv4Addresses();
  for (const m of samePort) {
    const ips = await resolveIPv4(m.host, timeoutMs);
    // Listed by a name that resolves to our advertised/bind address, or (when we bind to all) to an interface.
    if (ips.some((ip) => mine.has(ip) || (bindHost === "0.0.0.0" && interfaces.has(ip)))) return true;
  }
  return false;
}
