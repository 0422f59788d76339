import path from "node:path";
import { defineConfig } from "vitest/config";

// server-only throws unless resolved with the react-server condition (Next's server layer); vitest runs those
// modules in plain Node, so it gets the package's own empty module (ADR 0018).
const alias = {
  "@": path.resolve(import.meta.dirname),
  "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
};

// Five projects: unit (beside the source, plus tests/unit); classroom (the classroom API on real SQLite/PostgreSQL);
// docker (real engine, serial, long timeouts); cluster (training nodes as local processes); e2e (playwright-core +
// Debian chromium against `next start`). See docs/decisions/0018-guard-rails.md (which supersedes 0004).
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          environment: "node",
          include: ["{lib,cli,labs,app,components,content,scripts,prisma,tests/unit}/**/*.test.{ts,tsx}"],
          exclude: ["**/node_modules/**", "labs/*/starter/**", "labs/*/solution/**"],
          setupFiles: ["tests/setup/unit.ts"],
          testTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          // Classroom API suites (issue #7): real SQLite files and PostgreSQL databases, one file at a time.
          name: "classroom",
          environment: "node",
          include: ["tests/classroom/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 300_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "docker",
          environment: "node",
          include: ["tests/docker/**/*.test.ts"],
          // One engine, shared host ports and memory: run Docker suites one file at a time.
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "cluster",
          environment: "node",
          // Training nodes as local processes on 127.0.0.x (lib/carbon-node); one file at a time, 2 cores.
          include: ["tests/cluster/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          environment: "node",
          include: ["tests/e2e/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "security",
          environment: "node",
          include: ["tests/security/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
