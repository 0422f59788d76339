/**
 * Is a Host header or an address this machine's? One answer for the lab console (lib/console/guard.ts) and the
 * classroom API's local-mode Host check (lib/progress/http/principal.ts). A leaf module: the classroom side server
 * (lib/progress/http/serve.ts) runs under plain Node, where the console's `server-only` modules must not load.
 */

/** `127.0.0.1:3000`, `localhost`, `[::1]:3000`: host part only, port ignored. */
export function isLoopbackHost(hostHeader: string): boolean {
  const host = hostHeader.startsWith("[")
    ? hostHeader.slice(1, hostHeader.indexOf("]"))
    : hostHeader.replace(/:\d+$/, "");
  return host.toLowerCase() === "localhost" || isLoopbackAddress(host);
}

export function isLoopbackAddress(address: string): boolean {
  const a = address.replace(/^::ffff:/i, "");
  if (a === "::1") return true;
  const parts = a.split(".");
  return parts.length === 4 && parts[0] === "127" && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}
