/**
 * The start every classroom suite shares: before the describe block, a fresh database of the provider with
 * the seeded world (helpers/world.ts); after it, the database removed. Registered as vitest hooks, so a suite
 * calls it once at the top of its describe block and reads `database` and `world` in its tests and hooks.
 */
import { afterAll, beforeAll } from "vitest";
import type { DatabaseProvider } from "@/lib/db-url";
import { openClassroomDb, type ClassroomTestDb } from "./classroom-db";
import { seedWorld, type World } from "./world";

export type SeededClassroom = { readonly database: ClassroomTestDb; readonly world: World };

export function seededClassroom(provider: DatabaseProvider, label: string): SeededClassroom {
  let database: ClassroomTestDb | undefined;
  let world: World | undefined;
  beforeAll(async () => {
    database = await openClassroomDb(provider, label);
    world = await seedWorld(database.db);
  }, 180_000);
  // vitest runs afterAll hooks in reverse order, so a suite's own afterAll (closing what it opened on this
  // database) runs before the database goes.
  afterAll(async () => {
    await database?.[Symbol.asyncDispose]();
  }, 60_000);
  return {
    get database() {
      if (!database) throw new Error("the classroom database is opened in beforeAll; read it inside a test or hook");
      return database;
    },
    get world() {
      if (!world) throw new Error("the classroom world is seeded in beforeAll; read it inside a test or hook");
      return world;
    },
  };
}
