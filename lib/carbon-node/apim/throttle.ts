/**
 * The Traffic Manager's decision rule in the model: a fixed one-minute window per throttle key (application +
 * API context), counted from the request events Gateways send; the first event past the tier's limit produces
 * one "blocked until the window ends" decision. WSO2 evaluates Siddhi execution plans; this is the smallest rule
 * that shows the same flow (ADR 0032).
 */
import { z } from "zod";

/**
 * Subscription tiers, requests per minute. Gold/Silver/Bronze/Unlimited carry API-M 2.x's default limits;
 * `LabBronze` is the model's own small tier (10/min) so a lab can pass it in a bounded loop.
 */
export const TIER_LIMITS_PER_MINUTE: Record<string, number | null> = {
  Unlimited: null,
  Gold: 5000,
  Silver: 2000,
  Bronze: 1000,
  LabBronze: 10,
};
export const WINDOW_MS = 60_000;

export const requestEventSchema = z.object({
  type: z.literal("request"),
  key: z.string().min(1).max(300),
  tier: z.string().max(64),
  gateway: z.string().max(128),
});
export type RequestEvent = z.infer<typeof requestEventSchema>;

export const throttleDecisionSchema = z.object({
  type: z.literal("throttle"),
  key: z.string(),
  tier: z.string(),
  blockedUntil: z.number(),
});
export type ThrottleDecision = z.infer<typeof throttleDecisionSchema>;

export type ThrottleEvaluator = {
  /** Count one event; returns a decision the first time the key passes its tier's limit in this window. */
  record(event: RequestEvent, now: number): ThrottleDecision | null;
  /** Decisions still in force (sent to a Gateway that subscribes late). */
  active(now: number): Array<ThrottleDecision>;
};

export function createThrottleEvaluator(
  limits: Record<string, number | null> = TIER_LIMITS_PER_MINUTE,
): ThrottleEvaluator {
  const windows = new Map<string, { start: number; count: number; decision: ThrottleDecision | null }>();
  return {
    record(event, now) {
      const start = now - (now % WINDOW_MS);
      let w = windows.get(event.key);
      if (!w || w.start !== start) {
        w = { start, count: 0, decision: null };
        windows.set(event.key, w);
      }
      w.count++;
      // An unknown tier is treated as Unlimited: WSO2 would not deploy a subscription to a tier it lacks.
      const limit = limits[event.tier] ?? null;
      if (limit === null || w.count <= limit || w.decision) return null;
      w.decision = { type: "throttle", key: event.key, tier: event.tier, blockedUntil: start + WINDOW_MS };
      return w.decision;
    },
    active(now) {
      const out: Array<ThrottleDecision> = [];
      for (const [key, w] of windows) {
        if (w.start + WINDOW_MS <= now) windows.delete(key);
        else if (w.decision) out.push(w.decision);
      }
      return out;
    },
  };
}
