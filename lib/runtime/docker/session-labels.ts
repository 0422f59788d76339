/**
 * How a session's facts are written into (and read back from) Docker labels, so that any process
 * (`lab check` after `lab up`, the reaper, `doctor`) can rebuild the session from the engine alone.
 */
import { z } from "zod";
import {
  LABEL_CREATED,
  LABEL_DETACHED,
  LABEL_EXPIRES,
  LABEL_LAB,
  LABEL_NODE_SPEC,
  LABEL_OWNER_HOST,
  LABEL_OWNER_PID,
  LABEL_SESSION,
  sessionLabels,
} from "../labels";
import { nodeSpecSchema, type NodeSpec, type SessionInfo } from "../types";

/** Labels common to every object of the session. */
export function sessionObjectLabels(info: SessionInfo): Record<string, string> {
  return sessionLabels(
    { lab: info.lab, session: info.session },
    {
      [LABEL_OWNER_PID]: String(info.ownerPid),
      [LABEL_OWNER_HOST]: info.ownerHost,
      [LABEL_CREATED]: String(info.createdAt),
      [LABEL_EXPIRES]: String(info.expiresAt),
    },
  );
}

const sessionLabelSchema = z.object({
  [LABEL_LAB]: z.string(),
  [LABEL_SESSION]: z.string(),
  [LABEL_OWNER_PID]: z.coerce.number().int().catch(0),
  [LABEL_OWNER_HOST]: z.string().catch(""),
  [LABEL_CREATED]: z.coerce.number().catch(0),
  // Objects without owner/expiry labels were not made by a runtime (e.g. a smoke test's own objects): the
  // reaper leaves them alone (never expires, foreign host); `remove(session)` and `doctor` still see them.
  [LABEL_EXPIRES]: z.coerce.number().catch(Number.POSITIVE_INFINITY),
});

/** Session facts from any of its objects' labels; undefined if they are not ours or malformed. */
export function sessionInfoFromLabels(labels: Record<string, string>, detached: boolean): SessionInfo | undefined {
  const parsed = sessionLabelSchema.safeParse(labels);
  if (!parsed.success) return undefined;
  const l = parsed.data;
  return {
    lab: l[LABEL_LAB],
    session: l[LABEL_SESSION],
    runtime: "docker",
    ownerPid: l[LABEL_OWNER_PID],
    ownerHost: l[LABEL_OWNER_HOST],
    createdAt: l[LABEL_CREATED],
    expiresAt: l[LABEL_EXPIRES],
    detached,
  };
}

/**
 * What a container's label keeps of its node spec: everything attach needs. An allowlist, not "all but", so a field
 * added to NodeSpec later (files, env and command can be large or secret) stays out until it is named here.
 */
const LABELLED_SPEC_KEYS = [
  "name",
  "role",
  "image",
  "ports",
  "stage",
  "wait",
  "readyTimeoutMs",
  "aliases",
  "serviceAliases",
  "memoryMb",
  "pidsLimit",
  "mounts",
] as const satisfies ReadonlyArray<keyof NodeSpec>;

export function nodeSpecLabel(node: NodeSpec): Record<string, string> {
  return { [LABEL_NODE_SPEC]: JSON.stringify(Object.fromEntries(LABELLED_SPEC_KEYS.map((key) => [key, node[key]]))) };
}

export function nodeSpecFromLabels(labels: Record<string, string>): NodeSpec | undefined {
  const raw = labels[LABEL_NODE_SPEC];
  if (!raw) return undefined;
  try {
    const parsed = nodeSpecSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function isDetachedMarker(labels: Record<string, string>): boolean {
  return labels[LABEL_DETACHED] === "true";
}
