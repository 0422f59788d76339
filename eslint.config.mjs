// ESLint (flat config): a small rule set that runs clean, plus the import boundaries of ARCHITECTURE §2.
// Boundaries are `@typescript-eslint/no-restricted-imports` rules chosen per file group. ESLint REPLACES a
// rule's options when a later block matches the same file, so each block below lists every restriction that
// applies to its files (built from the named restrictions), and more specific blocks come later.
// Only static imports are checked; a dynamic import() is not (see docs/decisions/0018-guard-rails.md).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Restrictions, each with a message that says what to do instead. */
const R = {
  // lib/ is the core every front end shares: it never reaches up into the catalogue or a front end.
  libUpward: {
    regex: "^@/(labs|app|cli|components)(/|$)",
    message:
      "lib/ never imports labs/, app/, cli/ or components/ (ARCHITECTURE §2): take what you need as a parameter, or move the code into lib/.",
  },
  // Labs are data + checks over lib's public API.
  labsUpward: {
    regex: "^@/(app|cli|components)(/|$)",
    message: "labs/ holds lab data and checks; it never imports app/, cli/ or components/ (ARCHITECTURE §2).",
  },
  // Components render; data comes in as props from app/ (server) or through route handlers.
  componentsServer: {
    regex: "^(@/lib/(env|db)|@/lib/runtime/docker|@/generated/|@prisma/|dockerode$|pg$|mysql2|better-sqlite3$)",
    message:
      "components/ is React only: no Prisma, dockerode, database drivers or env. Load data in app/ (or lib/) and pass it as props.",
  },
  dockerode: {
    regex: "^dockerode$",
    message: "Only lib/runtime/docker/client.ts imports dockerode (the one Docker facade): add what you need there.",
  },
  // Types of the generated client are fine anywhere in lib/; constructing a client is lib/db.ts's job.
  prismaClient: {
    regex: "^(@/generated/prisma|@prisma/client)",
    allowTypeImports: true,
    message: "Prisma clients are constructed only in lib/db.ts: use getDb() (type imports are allowed).",
  },
  sqlDrivers: {
    regex: "^(pg|mysql2(/.*)?|better-sqlite3)$",
    allowTypeImports: true,
    message:
      "Raw database drivers belong to lib/db.ts, the submission hot path (lib/progress/submission-store.ts, ADR 0013) and the training node (lib/carbon-node, ADR 0014): go through those.",
  },
};

/** One rule entry from named restrictions. */
function restrict(...names) {
  return {
    "@typescript-eslint/no-restricted-imports": [
      "error",
      {
        patterns: names.map((name) => ({
          regex: R[name].regex,
          message: R[name].message,
          ...(R[name].allowTypeImports ? { allowTypeImports: true } : {}),
        })),
      },
    ],
  };
}

const TESTS = [
  "**/*.test.ts",
  "**/*.test.tsx",
  "**/*.test-helper.ts",
  "tests/**",
  "scripts/**",
  "prisma/**",
  "*.config.ts",
  "*.config.mjs",
];

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      ".next/",
      "dist/",
      "generated/",
      ".data/",
      "workspaces/",
      "test-results/",
      "next-env.d.ts",
      "labs/*/starter/",
      "labs/*/solution/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "module",
      globals: { process: "readonly", console: "readonly", URL: "readonly" },
    },
    rules: {
      // TypeScript checks these better than ESLint (tsc runs in CI); ESLint's versions misfire on types and globals.
      "no-undef": "off",
      "no-redeclare": "off",
      // Validation code matches control characters on purpose (rejecting them in paths, names and properties).
      "no-control-regex": "off",
      // Tests match aligned CLI output ("added:    x") literally; a {4} there would hide what the learner sees.
      "no-regex-spaces": "off",
      // `_name` marks a deliberately unused binding.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
    },
  },
  // Boundaries, general to specific. Everything (app/, cli/): the external systems.
  { files: ["**/*.{ts,tsx,mjs}"], rules: restrict("dockerode", "prismaClient", "sqlDrivers") },
  { files: ["lib/**/*.{ts,tsx}"], rules: restrict("libUpward", "dockerode", "prismaClient", "sqlDrivers") },
  { files: ["labs/**/*.ts"], rules: restrict("labsUpward", "dockerode", "prismaClient", "sqlDrivers") },
  { files: ["components/**/*.{ts,tsx}"], rules: restrict("componentsServer", "dockerode") },
  // Tests, scripts and Prisma's own files may build clients and open drivers (fixtures, benchmarks, migrations).
  { files: TESTS, rules: restrict("dockerode") },
  // The owners of each external system.
  { files: ["lib/db.ts"], rules: restrict("libUpward", "dockerode") },
  {
    files: ["lib/progress/submission-store.ts", "lib/carbon-node/**/*.ts"],
    ignores: TESTS,
    rules: restrict("libUpward", "dockerode", "prismaClient"),
  },
  { files: ["lib/runtime/docker/client.ts"], rules: restrict("libUpward", "prismaClient", "sqlDrivers") },
);
