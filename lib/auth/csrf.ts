/**
 * CSRF defence for cookie-authenticated mutations. Two layers:
 * 1. the session cookie is SameSite=Strict, so a cross-site form or fetch never carries it;
 * 2. every state-changing request that relies on the cookie must prove it came from our own pages:
 *    the Origin header (sent by every current browser on POST) must equal the site's origin, or, where a
 *    browser omits Origin, Sec-Fetch-Site must say same-origin. Neither present → refused.
 * Requests authenticated with a bearer API token are exempt: a browser never attaches one by itself.
 */

export type OriginVerdict = { ok: true } | { ok: false; reason: string };

/**
 * `publicOrigin` is the configured origin (CLUSTERLAB_PUBLIC_ORIGIN) when the app sits behind a proxy
 * that rewrites Host; otherwise the origin is derived from the request's Host header.
 */
export function checkSameOrigin(headers: Headers, requestUrl: string, publicOrigin?: string): OriginVerdict {
  const expected = expectedOrigins(headers, requestUrl, publicOrigin);
  const origin = headers.get("origin");
  if (origin !== null) {
    if (origin !== "null" && expected.has(origin.toLowerCase())) return { ok: true };
    return { ok: false, reason: `request came from ${origin}, not from this site` };
  }
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite === "same-origin") return { ok: true };
  return { ok: false, reason: "request has no Origin header, so it cannot be shown to come from this site" };
}

function expectedOrigins(headers: Headers, requestUrl: string, publicOrigin?: string): Set<string> {
  const origins = new Set<string>();
  if (publicOrigin) origins.add(publicOrigin.replace(/\/+$/, "").toLowerCase());
  const url = safeUrl(requestUrl);
  const host = headers.get("x-forwarded-host") ?? headers.get("host") ?? url?.host;
  if (host) {
    const proto = headers.get("x-forwarded-proto") ?? url?.protocol.replace(/:$/, "") ?? "http";
    origins.add(`${proto}://${host}`.toLowerCase());
    // Behind a TLS-terminating proxy the app may see http while the browser says https.
    origins.add(`https://${host}`.toLowerCase());
  }
  return origins;
}

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
