/**
 * The behaviour half of the apim-distributed checks: what a grader does as Publisher, Store and API consumer,
 * each step answered as data with the evidence wording the checks use. Every check publishes its own API and
 * application (a run tag), so checks are independent and replays never meet an earlier run's state.
 */
import { z } from "zod";
import { revokeAnswerSchema } from "@/lib/carbon-node/apim/key-manager";
import { parseJsonAs, pollUntil, runTag } from "@/lib/grading/probes";
import type { LabCheckContext } from "@/lib/labs";
import type { HttpProbeResult } from "@/lib/grading";

/** The pass-through HTTP port of the gateways and nginx, and the HTTPS servlet port of the profiles (facts §8). */
export const PASS_THROUGH = 8280;
export const SERVLET = 9443;

export function describeHttp(res: HttpProbeResult): string {
  if (!res.ok) return res.error;
  let detail = res.body.slice(0, 160);
  try {
    const error = (JSON.parse(res.body) as { error?: unknown }).error;
    if (typeof error === "string") detail = error.slice(0, 240);
  } catch {
    // not JSON: keep the start of the body
  }
  return `HTTP ${res.status} ${detail}`;
}

const publishedSchema = z.object({
  published: z.array(z.object({ environment: z.string(), ok: z.boolean(), detail: z.string() })),
});
const subscribedSchema = z.object({ token: z.string() });

export type Probe = { tag: string; context: string; api: { name: string; context: string; version: string } };

export function newProbe(): Probe {
  const tag = runTag();
  const context = `/clusterlab${tag}`;
  return { tag, context, api: { name: `ClusterLabProbe${tag}`, context, version: "1.0.0" } };
}

function post(ctx: LabCheckContext, node: string, path: string, body: unknown, timeoutMs = 10_000) {
  return ctx.http(node, path, {
    port: SERVLET,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    timeoutMs,
  });
}

/** Publish through the Publisher; `observed` says what each gateway environment answered. */
export async function publish(ctx: LabCheckContext, probe: Probe): Promise<{ ok: boolean; observed: string }> {
  const res = await post(ctx, "publisher", "/publisher/apis", probe.api);
  if (!res.ok) return { ok: false, observed: `publisher: ${res.error}` };
  const parsed = parseJsonAs(publishedSchema, res.body);
  if (!parsed) return { ok: false, observed: `publisher: ${describeHttp(res)}` };
  return {
    ok: res.status === 200,
    observed: `publisher -> ${parsed.published.map((p) => `${p.environment}: ${p.ok ? "deployed" : p.detail}`).join("; ")}`,
  };
}

/** Subscribe a fresh application through the Store and get its token from the Key Manager. */
export async function subscribe(
  ctx: LabCheckContext,
  probe: Probe,
  tier = "Unlimited",
): Promise<{ ok: true; token: string } | { ok: false; observed: string }> {
  const res = await post(ctx, "store", "/store/subscribe", {
    application: `app${probe.tag}`,
    context: probe.context,
    tier,
  });
  const subscribed = res.ok && res.status === 200 ? parseJsonAs(subscribedSchema, res.body) : null;
  if (subscribed) return { ok: true, token: subscribed.token };
  return { ok: false, observed: `store subscribe: ${describeHttp(res)}` };
}

/** One API call on `node`'s pass-through port (a gateway, or nginx as "lb"). */
export function callApi(ctx: LabCheckContext, node: string, probe: Probe, token: string | null, timeoutMs = 5_000) {
  return ctx.http(node, `${probe.context}/1.0.0/hello`, {
    port: PASS_THROUGH,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    timeoutMs,
  });
}

export function statusOf(res: HttpProbeResult): number | null {
  return res.ok ? res.status : null;
}

/** Wait until `node` answers the probe with `status` (deployed APIs answer 401 without a token, 404 when absent). */
export function waitForStatus(
  ctx: LabCheckContext,
  node: string,
  probe: Probe,
  token: string | null,
  status: number,
  timeoutMs: number,
) {
  return pollUntil(
    () => callApi(ctx, node, probe, token, 3_000),
    (r) => statusOf(r) === status,
    {
      timeoutMs,
      intervalMs: 250,
      signal: ctx.signal,
    },
  );
}

/** Revoke on the Key Manager (the lab-only route standing in for a revocation there); `observed` is the KM's account. */
export async function revokeOnKm(ctx: LabCheckContext, token: string): Promise<{ ok: boolean; observed: string }> {
  const res = await post(ctx, "km", "/oauth2/revoke", { token });
  if (!res.ok || res.status !== 200) return { ok: false, observed: `km revoke: ${describeHttp(res)}` };
  // The Key Manager's own answer schema (lib/carbon-node/apim/key-manager.ts), so grader and node cannot drift.
  const body = parseJsonAs(revokeAnswerSchema, res.body);
  if (!body) return { ok: false, observed: `km revoke: ${describeHttp(res)}` };
  return {
    ok: body.gateway.ok,
    observed: `km revoked it and ${body.gateway.ok ? "told" : "could NOT tell"} the gateway through RevokeAPIURL (${body.gateway.detail})`,
  };
}
