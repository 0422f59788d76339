/**
 * TCP plumbing for the membership channel: a server on localMemberPort, one lazily (re)opened
 * outgoing connection per peer for one-way messages, and short-lived connections for
 * request/reply exchanges (join, probe). Sockets that fail are dropped and reopened on the next
 * send, which is what makes "WKA members are retried for ever" cheap.
 */
import net from "node:net";
import { createLineSplitter, decodeMessage, encodeMessage, addressKey, type Address, type Message } from "./wire";

export type IncomingHandler = (message: Message, reply: (m: Message) => void) => void;

export type MemberTransport = {
  readonly port: number;
  send(to: Address, message: Message): void;
  request(to: Address, message: Message, timeoutMs: number): Promise<Message | null>;
  dropPeer(to: Address): void;
  close(): Promise<void>;
};

/** Binds `host:port`; like Hazelcast's port auto-increment, tries the next ports when taken (facts §3). */
export async function startMemberTransport(
  host: string,
  port: number,
  onMessage: IncomingHandler,
  portTries = 100,
): Promise<MemberTransport> {
  const inbound = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    inbound.add(socket);
    socket.setNoDelay(true);
    const reply = (m: Message): void => {
      if (!socket.destroyed) socket.write(encodeMessage(m));
    };
    socket.on(
      "data",
      createLineSplitter(
        (line) => {
          const message = decodeMessage(line);
          if (message) onMessage(message, reply);
        },
        () => socket.destroy(),
      ),
    );
    socket.on("error", () => socket.destroy());
    socket.on("close", () => inbound.delete(socket));
  });

  let bound = port;
  for (let attempt = 0; ; attempt++) {
    try {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(bound, host, () => {
          server.off("error", reject);
          resolve();
        });
      });
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EADDRINUSE" && attempt < portTries && bound < 65535) {
        bound += 1;
        continue;
      }
      throw error;
    }
  }

  const outbound = new Map<string, net.Socket>();
  function connection(to: Address): net.Socket {
    const key = addressKey(to);
    const existing = outbound.get(key);
    if (existing && !existing.destroyed) return existing;
    const socket = net.connect({ host: to.host, port: to.port });
    socket.setNoDelay(true);
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      if (outbound.get(key) === socket) outbound.delete(key);
    });
    // Replies are not expected on this socket; drain anything the peer writes.
    socket.on("data", () => undefined);
    outbound.set(key, socket);
    return socket;
  }

  return {
    port: bound,
    send(to, message) {
      connection(to).write(encodeMessage(message));
    },
    request(to, message, timeoutMs) {
      return new Promise((resolve) => {
        const socket = net.connect({ host: to.host, port: to.port });
        let settled = false;
        const finish = (m: Message | null): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          socket.destroy();
          resolve(m);
        };
        const timer = setTimeout(() => finish(null), timeoutMs);
        socket.on("connect", () => socket.write(encodeMessage(message)));
        socket.on(
          "data",
          createLineSplitter(
            (line) => finish(decodeMessage(line)),
            () => finish(null),
          ),
        );
        socket.on("error", () => finish(null));
        socket.on("close", () => finish(null));
      });
    },
    dropPeer(to) {
      const key = addressKey(to);
      outbound.get(key)?.destroy();
      outbound.delete(key);
    },
    async close() {
      // end() flushes what is queued (the `leave` announcement) before FIN; destroy() would drop it.
      const flushed = [...outbound.values()].map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.destroyed) return resolve();
            s.once("close", () => resolve());
            s.end();
          }),
      );
      await Promise.race([Promise.all(flushed), new Promise((resolve) => setTimeout(resolve, 1000))]);
      for (const s of outbound.values()) s.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of inbound) s.destroy();
      });
    },
  };
}
