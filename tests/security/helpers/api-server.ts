/**
 * A classroom API server process (lib/progress/http/serve.ts over node:http, the same handlers as Next's routes) on a
 * fresh, migrated PostgreSQL database with the seeded classroom, for attacks that need a real socket (client
 * addresses, forged headers). Stopped by its own pid; the database is dropped afterwards.
 */
import { afterAll, beforeAll } from "vitest";
import type { ClassroomDb } from "@/lib/progress/db-types";
import { startApiProcess, writeDemoLabsJson, type ApiProcess } from "@/tests/classroom/helpers/api-process";
import { createMigratedDatabase } from "@/tests/classroom/helpers/classroom-db";
import { createClassroomClient } from "@/tests/classroom/helpers/prisma-clients";
import { ORIGIN, seedWorld, type World } from "@/tests/classroom/helpers/world";

export type ServedClassroom = { readonly server: ApiProcess; readonly world: World; readonly db: ClassroomDb };

export function servedClassroom(label: string): ServedClassroom {
  let server: ApiProcess | undefined;
  let world: World | undefined;
  let db: ClassroomDb | undefined;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const created = await createMigratedDatabase("postgresql", label);
    drop = created.drop;
    db = await createClassroomClient("postgresql", created.url);
    world = await seedWorld(db);
    server = await startApiProcess({ provider: "postgresql", databaseUrl: created.url, labsJson: writeDemoLabsJson() });
  }, 240_000);
  afterAll(async () => {
    await server?.kill("SIGTERM");
    await db?.$disconnect();
    await drop?.();
  }, 60_000);
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is set up in beforeAll; read it inside a test`);
    return value;
  };
  return {
    get server() {
      return need(server, "the server");
    },
    get world() {
      return need(world, "the world");
    },
    get db() {
      return need(db, "the database");
    },
  };
}

/** A JSON POST as a browser on the course origin would send it (Origin set, so the CSRF check passes). */
export function postJson(
  server: ApiProcess,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { origin: server.url, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
}

export { ORIGIN };
