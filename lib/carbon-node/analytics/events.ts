/**
 * The lab-only wire of the analytics model (ADR 0034): one JSON object per line over TCP. It stands in for the
 * databridge Thrift protocol (port 7612) and the event sync channel (port 9894); Thrift itself is not modelled.
 *   publisher -> receiver:  EVENT {"id","user","isNode","at"}      receiver -> publisher: ACK <id>
 *   active -> passive sync: SNAPSHOT {state}  then  EVENT {...} for each event the active accepts
 */
import type net from "node:net";
import { z } from "zod";
import { parseLine as parseJsonLine, readLines as readJsonLines } from "../line-protocol";

export const loginEventSchema = z.object({
  id: z.string().min(1).max(200),
  user: z.string().min(1).max(200),
  isNode: z.string().min(1).max(200),
  at: z.number(),
});
export type LoginEvent = z.infer<typeof loginEventSchema>;

/** Bounds a learner's flood cannot grow past: users counted one by one, then the rest summed as "(other)". */
const MAX_USERS = 5_000;

export const workerStateSchema = z.object({
  total: z.number().int().nonnegative(),
  byUser: z.record(z.string(), z.number().int().nonnegative()),
  byIsNode: z.record(z.string(), z.number().int().nonnegative()),
  lastEventId: z.string().nullable(),
});
export type WorkerState = z.infer<typeof workerStateSchema>;

export function emptyState(): WorkerState {
  return { total: 0, byUser: {}, byIsNode: {}, lastEventId: null };
}

/** Count one login event: the "statistics" of this model are login counts per user and per IS node. */
export function applyEvent(state: WorkerState, event: LoginEvent): void {
  state.total += 1;
  const user = event.user in state.byUser || Object.keys(state.byUser).length < MAX_USERS ? event.user : "(other)";
  state.byUser[user] = (state.byUser[user] ?? 0) + 1;
  state.byIsNode[event.isNode] = (state.byIsNode[event.isNode] ?? 0) + 1;
  state.lastEventId = event.id;
}

/** Longest line accepted (a whole worker state travels as one SNAPSHOT line). */
const MAX_LINE = 64 * 1024;

/** Call `onLine` for each line of `socket` (lib/carbon-node/line-protocol.ts); a line over 64 KiB closes the socket. */
export function readLines(socket: net.Socket, onLine: (line: string) => void): void {
  readJsonLines(socket, onLine, MAX_LINE);
}

/** Split `VERB rest` and parse the JSON rest with `schema`; null when the line is not that. */
export function parseLine<T>(line: string, verb: string, schema: z.ZodType<T>): T | null {
  return line.startsWith(`${verb} `) ? parseJsonLine(line.slice(verb.length + 1), schema) : null;
}
