import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

// Three projects: fast units beside their source; Docker suites (real engine, serial, long timeouts);
// browser journeys (playwright-core + Debian chromium against `next start`). See docs/decisions/0004-test-projects.md.
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
