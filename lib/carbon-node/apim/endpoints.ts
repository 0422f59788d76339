/**
 * Turning api-manager.xml URLs into addresses the model calls. The model speaks plain HTTP on the port the
 * URL names (TLS is not modelled, ADR 0032), so `https://km:9443/services/` is reached as http://km:9443/services/.
 * WSO2's own placeholders (`${mgt.transport.https.port}`, `${carbon.local.ip}`...) are resolved as a default
 * pack resolves them, so an untouched file points where WSO2's would: at this node itself.
 */
import { APIM_PORTS } from "./profiles";

export type TcpTarget = { host: string; port: number };

/** Carbon's property placeholders in a default api-manager.xml, with the port offset applied. */
export function resolvePlaceholders(value: string, offset: number): string {
  const table: Record<string, string> = {
    "mgt.transport.https.port": String(APIM_PORTS.servletHttps + offset),
    "carbon.context": "/",
    "carbon.local.ip": "localhost",
    "receiver.url.port": String(APIM_PORTS.tmReceiver + offset),
    "auth.url.port": String(9711 + offset),
    "jms.port": String(APIM_PORTS.tmBroker + offset),
    "https.nio.port": String(APIM_PORTS.passThroughHttps + offset),
    "http.nio.port": String(APIM_PORTS.passThroughHttp + offset),
    "admin.username": "admin",
    "admin.password": "admin",
  };
  return value.replace(/\$\{([a-z.]+)\}/g, (whole, key: string) => table[key] ?? whole);
}

export class EndpointError extends Error {
  override name = "EndpointError";
}

/**
 * The HTTP URL of a service under a `/services/` base (`<base>/<service>`), or an EndpointError naming the
 * api-manager.xml element when the URL is missing or not an http(s) URL.
 */
export function serviceUrl(base: string | null, service: string, element: string, offset = 0): string {
  if (!base) throw new EndpointError(`${element} is not set in repository/conf/api-manager.xml`);
  let url: URL;
  try {
    url = new URL(resolvePlaceholders(base.trim(), offset));
  } catch {
    throw new EndpointError(`${element} '${base}' in repository/conf/api-manager.xml is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new EndpointError(`${element} '${base}' must be an https:// URL`);
  const basePath = url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/`;
  return `http://${url.host}${basePath}${service}`;
}

/** The origin (`http://host:port`) of an http(s) URL: where a web app of that server is called. */
export function originOf(value: string | null, element: string, offset = 0): string {
  if (!value) throw new EndpointError(`${element} is not set in repository/conf/api-manager.xml`);
  let url: URL;
  try {
    url = new URL(resolvePlaceholders(value.trim(), offset));
  } catch {
    throw new EndpointError(`${element} '${value}' in repository/conf/api-manager.xml is not a URL`);
  }
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return `http://${url.hostname}:${port}`;
}

/**
 * The receivers of a DataPublisher URL group: `tcp://a:9611`, `{tcp://a:9611|tcp://b:9611}` (fail over) or
 * `tcp://a:9611,tcp://b:9611` (load balance); the model sends to the first one that accepts (fail-over order).
 */
export function tcpTargets(group: string | null, offset = 0): Array<TcpTarget> {
  if (!group) return [];
  const text = resolvePlaceholders(group, offset).replace(/[{}]/g, "");
  const targets: Array<TcpTarget> = [];
  for (const part of text.split(/[|,]/)) {
    const m = /^\s*(?:tcp|ssl):\/\/([^:/\s]+):(\d+)\s*$/.exec(part);
    if (m?.[1] && m[2]) targets.push({ host: m[1], port: Number(m[2]) });
  }
  return targets;
}

/** An http(s) URL from api-manager.xml as the model calls it: plain HTTP to the same host, port and path. */
export function plainHttpUrl(value: string | null, element: string, offset = 0): string {
  const origin = originOf(value, element, offset);
  const url = new URL(resolvePlaceholders((value ?? "").trim(), offset));
  return `${origin}${url.pathname}${url.search}`;
}

/** The brokers of a JMS TopicConnectionFactory URL: `amqp://u:p@clientid/carbon?brokerlist='tcp://tm:5672'`. */
export function brokerTargets(connectionUrl: string | null, offset = 0): Array<TcpTarget> {
  if (!connectionUrl) return [];
  const m = /brokerlist='([^']*)'/.exec(resolvePlaceholders(connectionUrl, offset));
  return m?.[1] ? tcpTargets(m[1].replace(/\?[^;]*/g, "").replace(/;/g, ","), 0) : [];
}
