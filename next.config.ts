import type { NextConfig } from "next";

// dockerode/ssh2 and the compilers must stay server-side Node modules, never bundled
// (see docs/decisions/0003-runtime-labels-and-docker-ownership.md).
const nextConfig: NextConfig = {
  serverExternalPackages: ["dockerode", "ssh2", "cpu-features", "mdx-bundler", "esbuild", "better-sqlite3", "pg", "mysql2"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
