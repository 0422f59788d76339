/**
 * The model's wire for the Traffic Manager's two TCP ports: one JSON object per line. WSO2 speaks Thrift/binary
 * on 9611 and AMQP on 5672; the model keeps only their direction (Gateway -> TM events, TM -> Gateway decisions)
 * and ports (ADR 0032).
 */
import net from "node:net";
import { readLines } from "../line-protocol";
import type { TcpTarget } from "./endpoints";

export type LineLink = {
  /** Queue one object for the connected peer; dropped (and counted) while no peer accepts, like a full publisher queue. */
  send(value: unknown): boolean;
  connectedTo(): TcpTarget | null;
  close(): void;
};

/**
 * A client that keeps one connection to the first target that accepts (fail-over order), reconnecting every
 * `retryMs` while none does. `onState` reports connects and losses, once per change, for the node's log.
 */
export function openLineLink(input: {
  targets: ReadonlyArray<TcpTarget>;
  retryMs?: number;
  onConnect?: (socket: net.Socket, target: TcpTarget) => void;
  onLine?: (line: string) => void;
  onState: (state: { connected: TcpTarget } | { failed: string }) => void;
}): LineLink {
  let socket: net.Socket | null = null;
  let current: TcpTarget | null = null;
  let closed = false;
  let lastFailure: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  const retryMs = input.retryMs ?? 2_000;

  function schedule(): void {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void attempt(0);
    }, retryMs);
    timer.unref();
  }

  async function attempt(index: number): Promise<void> {
    if (closed) return;
    const target = input.targets[index];
    if (!target) {
      schedule();
      return;
    }
    const s = net.connect({ host: target.host, port: target.port });
    s.setNoDelay(true);
    s.once("connect", () => {
      socket = s;
      current = target;
      lastFailure = null;
      input.onState({ connected: target });
      input.onConnect?.(s, target);
    });
    if (input.onLine) readLines(s, input.onLine);
    s.once("error", (error) => {
      const failure = `${target.host}:${target.port}: ${(error as NodeJS.ErrnoException).code ?? error.message}`;
      if (socket !== s) {
        // never connected: try the next target of the group
        if (index + 1 < input.targets.length) return void attempt(index + 1);
        if (lastFailure !== failure) input.onState({ failed: failure });
        lastFailure = failure;
        schedule();
      }
    });
    s.once("close", () => {
      if (socket !== s) return;
      socket = null;
      current = null;
      if (!closed) {
        const failure = `${target.host}:${target.port}: connection closed`;
        lastFailure = failure;
        input.onState({ failed: failure });
        schedule();
      }
    });
  }

  if (input.targets.length > 0) void attempt(0);
  return {
    send(value) {
      if (!socket) return false;
      return socket.write(`${JSON.stringify(value)}\n`);
    },
    connectedTo: () => current,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      socket?.destroy();
    },
  };
}
