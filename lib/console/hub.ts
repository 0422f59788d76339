/**
 * The session-event hub: one lifecycle operation at a time per lab workspace runs in the background (it
 * outlives the request that started it, and the page that watches it), while any number of pages subscribe
 * to its events. Late subscribers get the events of the current (or last) operation replayed first, so a
 * reload in the middle of `up` still shows every stage. Each operation gets an AbortSignal; `cancel` aborts
 * it and the lifecycle call cleans up what it started. Kept on globalThis (see process-state.ts).
 */
import "server-only"; // used only by app/ (route handlers, pages): fails a client-bundle import at build time (ADR 0018)
import { randomUUID } from "node:crypto";
import type { ConsoleEvent, ConsoleEventInput, ConsoleOperationKind } from "./events";
import { processSingleton } from "./process-state";

/** Replay buffer per workspace: enough for a long `check` with logs, bounded so memory stays flat. */
const MAX_BUFFERED = 2_000;

export type Emit = (event: ConsoleEventInput) => void;

export type OperationBody = (ctx: { emit: Emit; signal: AbortSignal }) => Promise<void>;

export type RunningOperation = {
  id: string;
  action: ConsoleOperationKind;
  startedAt: string;
  controller: AbortController;
};

type Channel = {
  running: RunningOperation | null;
  events: Array<ConsoleEvent>;
  seq: number;
  listeners: Set<(event: ConsoleEvent) => void>;
};

export class OperationBusyError extends Error {
  override name = "OperationBusyError";
}

export type ConsoleHub = {
  /** Start `body` in the background; throws OperationBusyError while another operation runs on this key. */
  start(
    key: string,
    action: ConsoleOperationKind,
    body: OperationBody,
    describeError: (error: unknown) => string,
  ): RunningOperation;
  running(key: string): RunningOperation | null;
  /** Abort the running operation; false when nothing runs. */
  cancel(key: string): boolean;
  /** Replay the buffered events after `afterSeq`, then call `listener` for new ones; returns unsubscribe. */
  subscribe(key: string, listener: (event: ConsoleEvent) => void, afterSeq?: number): () => void;
  /** Resolves when the running operation (if any) has finished; for tests and shutdown. */
  idle(key: string): Promise<void>;
};

export function createConsoleHub(): ConsoleHub {
  const channels = new Map<string, Channel>();
  const finished = new Map<string, Promise<void>>();

  function channel(key: string): Channel {
    let c = channels.get(key);
    if (!c) {
      c = { running: null, events: [], seq: 0, listeners: new Set() };
      channels.set(key, c);
    }
    return c;
  }

  function publish(c: Channel, operation: string, input: ConsoleEventInput): void {
    const event = { ...input, seq: ++c.seq, operation } as ConsoleEvent;
    c.events.push(event);
    if (c.events.length > MAX_BUFFERED) c.events.splice(0, c.events.length - MAX_BUFFERED);
    for (const listener of c.listeners) {
      try {
        listener(event);
      } catch {
        // A broken subscriber (closed stream) must not stop the operation or the other subscribers.
      }
    }
  }

  return {
    start(key, action, body, describeError) {
      const c = channel(key);
      if (c.running)
        throw new OperationBusyError(
          `"${c.running.action}" is still running; wait for it to finish or cancel it first.`,
        );
      const op: RunningOperation = {
        id: randomUUID(),
        action,
        startedAt: new Date().toISOString(),
        controller: new AbortController(),
      };
      c.running = op;
      // A new operation starts a new replay: the page shows this operation's stages, not the last one's.
      c.events = [];
      publish(c, op.id, { type: "started", action, at: op.startedAt });
      const emit: Emit = (event) => publish(c, op.id, event);
      const done = (async () => {
        try {
          await body({ emit, signal: op.controller.signal });
          publish(c, op.id, { type: "finished", action, outcome: "ok", message: null });
        } catch (error) {
          const cancelled = op.controller.signal.aborted;
          publish(c, op.id, {
            type: "finished",
            action,
            outcome: cancelled ? "cancelled" : "failed",
            message: cancelled ? `${action} was cancelled; what it started was removed.` : describeError(error),
          });
        } finally {
          c.running = null;
        }
      })();
      finished.set(key, done);
      return op;
    },
    running: (key) => channels.get(key)?.running ?? null,
    cancel(key) {
      const op = channels.get(key)?.running;
      if (!op) return false;
      op.controller.abort(new Error("cancelled from the lab console"));
      return true;
    },
    subscribe(key, listener, afterSeq = 0) {
      const c = channel(key);
      for (const event of c.events) if (event.seq > afterSeq) listener(event);
      c.listeners.add(listener);
      return () => c.listeners.delete(listener);
    },
    idle: (key) => finished.get(key) ?? Promise.resolve(),
  };
}

/** The hub of this server process. */
export function consoleHub(): ConsoleHub {
  return processSingleton("hub", createConsoleHub);
}
