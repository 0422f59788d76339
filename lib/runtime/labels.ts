/**
 * Labels put on every Docker object (container, network, volume) a lab creates.
 * They are how `down`, the reaper and `doctor` find what belongs to us: nothing is ever
 * found or removed by name. See docs/decisions/0003-runtime-labels-and-docker-ownership.md.
 */
export const LABEL_LAB = "io.clusterlab.lab";
export const LABEL_SESSION = "io.clusterlab.session";
export const LABEL_NODE = "io.clusterlab.node";
/** PID and host of the process that created the session: the reaper removes sessions whose owner is gone. */
export const LABEL_OWNER_PID = "io.clusterlab.owner-pid";
export const LABEL_OWNER_HOST = "io.clusterlab.owner-host";
/** Epoch milliseconds after which the session may be reaped whatever its owner. */
export const LABEL_EXPIRES = "io.clusterlab.expires-at";
/** Image input hash, on images we build. */
export const LABEL_IMAGE_HASH = "io.clusterlab.image-hash";

export type SessionLabels = {
  lab: string;
  session: string;
  node?: string;
};

/** The label map for one object of a lab session. */
export function sessionLabels(
  { lab, session, node }: SessionLabels,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    [LABEL_LAB]: lab,
    [LABEL_SESSION]: session,
    ...(node ? { [LABEL_NODE]: node } : {}),
    ...extra,
  };
}

/** A Docker `filters` value selecting objects by label (`key` alone, or `key=value`). */
export function labelFilter(labels: Record<string, string | true>): { label: Array<string> } {
  return {
    label: Object.entries(labels).map(([k, v]) => (v === true ? k : `${k}=${v}`)),
  };
}

/** Epoch milliseconds when `up` began. */
export const LABEL_CREATED = "io.clusterlab.created-at";
/** On containers: the node's spec (without files) as JSON, so another process can attach and wait on it. */
export const LABEL_NODE_SPEC = "io.clusterlab.node-spec";
/** On networks: "main" (the session network) or "partition" (the second network `partition` moves nodes to). */
export const LABEL_NETWORK_ROLE = "io.clusterlab.network-role";
/** On the session's marker volume, created only after `up` succeeded with `detach`: keep past the owner's exit. */
export const LABEL_DETACHED = "io.clusterlab.detached";
/** On a shared-folder volume: the share name the nodes mount (NodeSpec.mounts). */
export const LABEL_SHARE = "io.clusterlab.share";
