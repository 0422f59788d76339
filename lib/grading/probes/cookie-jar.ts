/**
 * HTTP through a load balancer as one browser would: a cookie jar keeps what the server set
 * (JSESSIONID), so a grader can ask "do 20 requests with one session reach one node?". A jar is one
 * client; several jars are several clients.
 */
import { httpProbe, type HttpProbeOptions, type HttpProbeResult } from "./http";

export type CookieJar = {
  /** The `Cookie` header value to send, or undefined when the jar is empty. */
  header(): string | undefined;
  /** Store the cookies of one `Set-Cookie` header value (name=value before the first ';'). */
  store(setCookie: string | undefined): void;
  get(name: string): string | undefined;
  clear(): void;
};

export function createCookieJar(): CookieJar {
  const cookies = new Map<string, string>();
  return {
    header: () => (cookies.size === 0 ? undefined : [...cookies].map(([k, v]) => `${k}=${v}`).join("; ")),
    store(setCookie) {
      if (!setCookie) return;
      // fetch joins several Set-Cookie headers with ", "; cookie values here never contain commas.
      for (const part of setCookie.split(/,(?=\s*[A-Za-z0-9_.-]+=)/)) {
        const pair = part.split(";")[0]?.trim() ?? "";
        const eq = pair.indexOf("=");
        if (eq > 0) cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
    },
    get: (name) => cookies.get(name),
    clear: () => cookies.clear(),
  };
}

/** One request carrying the jar's cookies; the answer's cookies go back into the jar. */
export async function httpWithJar(
  url: string,
  jar: CookieJar,
  options: HttpProbeOptions = {},
): Promise<HttpProbeResult> {
  const cookie = jar.header();
  const res = await httpProbe(url, {
    ...options,
    headers: { ...(options.headers ?? {}), ...(cookie ? { cookie } : {}) },
  });
  if (res.ok) jar.store(res.headers["set-cookie"]);
  return res;
}
