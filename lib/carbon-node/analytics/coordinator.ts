/**
 * The RDBMS coordination of an analytics worker group (ADR 0034), modelled on rows of the cluster datasource
 * (WSO2_CLUSTER_DB): every heartbeatInterval each worker writes its heartbeat row; one row names the active worker.
 * A worker that finds no active, or an active whose heartbeat is older than heartbeatInterval × heartbeatMaxRetry,
 * claims the role and becomes active only when its claim is still there one beat later (so two claimants settle on
 * the last writer instead of both serving). The rows are the training node's own (clusterlab_registry), not the
 * tables of WSO2's RDBMSCoordinationStrategy.
 */
import type { DataStore } from "../data-store";

export type Role = "starting" | "candidate" | "active" | "passive";

export type Peer = { id: string; name: string; host: string; syncPort: number };
export type Beat = Peer & { beatAt: number };

export type CoordinatorOptions = {
  store: Pick<DataStore, "registryGet" | "registryPut">;
  groupId: string;
  self: Peer;
  heartbeatIntervalMs: number;
  heartbeatMaxRetry: number;
  now?: () => number;
  onRole?: (role: Role, detail: string) => void;
};

export type CoordinatorView = {
  role: Role;
  /** The worker the active row names (null before the first read). */
  active: Peer | null;
  /** The passive worker as it last registered (the active syncs to it). */
  passive: Beat | null;
  /** When this worker last became active or passive. */
  since: number;
  lastError: string | null;
};

function parseBeat(text: string | null): Beat | null {
  if (text === null) return null;
  try {
    const v = JSON.parse(text) as Partial<Beat>;
    return typeof v.id === "string" &&
      typeof v.name === "string" &&
      typeof v.host === "string" &&
      typeof v.syncPort === "number" &&
      typeof v.beatAt === "number"
      ? (v as Beat)
      : null;
  } catch {
    return null;
  }
}

export function createCoordinator(options: CoordinatorOptions) {
  const now = options.now ?? Date.now;
  const base = `/_clusterlab/analytics/${options.groupId}`;
  const deadAfter = options.heartbeatIntervalMs * Math.max(1, options.heartbeatMaxRetry);
  const view: CoordinatorView = { role: "starting", active: null, passive: null, since: now(), lastError: null };

  function setRole(role: Role, detail: string): void {
    if (view.role === role) return;
    view.role = role;
    view.since = now();
    options.onRole?.(role, detail);
  }

  const beatOf = (peer: Peer): string => JSON.stringify({ ...peer, beatAt: now() });

  /** One heartbeat: write ours, read the active row and the active's heartbeat, decide. */
  async function tick(): Promise<void> {
    const { store, self } = options;
    await store.registryPut(`${base}/heartbeat/${self.id}`, beatOf(self));
    const active = parseBeat(await store.registryGet(`${base}/active`));
    view.lastError = null;
    if (active?.id === self.id) {
      view.active = self;
      if (view.role !== "active") setRole("active", "its claim on the active role held for one heartbeat");
      view.passive = parseBeat(await store.registryGet(`${base}/passive`));
      // Our own passive row (from before we took over) or a silent one is no sync target.
      if (view.passive && (view.passive.id === self.id || now() - view.passive.beatAt > deadAfter)) view.passive = null;
      return;
    }
    const activeBeat = active ? parseBeat(await store.registryGet(`${base}/heartbeat/${active.id}`)) : null;
    const silentFor = activeBeat ? now() - activeBeat.beatAt : Infinity;
    if (active && silentFor <= deadAfter) {
      view.active = active;
      setRole("passive", `${active.name} is the active worker`);
      await store.registryPut(`${base}/passive`, beatOf(self));
      return;
    }
    const why = active
      ? `no heartbeat from the active worker ${active.name} for ${silentFor === Infinity ? "ever" : `${silentFor} ms`} (limit ${deadAfter} ms = heartbeatInterval × heartbeatMaxRetry)`
      : "no worker holds the active role";
    await store.registryPut(`${base}/active`, beatOf(self));
    setRole("candidate", why);
  }

  return {
    view: (): CoordinatorView => ({ ...view }),
    tick: async (): Promise<void> => {
      try {
        await tick();
      } catch (error) {
        // The cluster DB is unreachable: keep the current role (a real worker cannot tell either) and say why.
        view.lastError = (error as Error).message;
        throw error;
      }
    },
  };
}

export type Coordinator = ReturnType<typeof createCoordinator>;
