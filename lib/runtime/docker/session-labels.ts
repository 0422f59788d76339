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

/** The node spec minus files, env and command (they can be large or secret, and attach does not need them). */
export function nodeSpecLabel(node: NodeSpec): Record<string, string> {
  const {
    name,
    role,
    image,
    ports,
    stage,
    wait,
    readyTimeoutMs,
    aliases,
    serviceAliases,
    memoryMb,
    pidsLimit,
    mounts,
  } = node;
  return {
    [LABEL_NODE_SPEC]: JSON.stringify({
      name,
      role,
      image,
      ports,
      stage,
      wait,
      readyTimeoutMs,
      aliases,
      serviceAliases,
      memoryMb,
      pidsLimit,
      mounts,
    }),
  };
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
