import type { NextConfig } from "next";

// dockerode/ssh2 and the compilers must stay server-side Node modules, never bundled
// (see docs/decisions/0003-runtime-labels-and-docker-ownership.md).
const nextConfig: NextConfig = {
  serverExternalPackages: [
    "dockerode",
    "ssh2",
    "cpu-features",
    "mdx-bundler",
    "esbuild",
    "better-sqlite3",
    "pg",
    "mysql2",
  ],
  poweredByHeader: false,
  typedRoutes: false,
  // M9: no page of ours may be framed (a framed lab console can be clickjacked into Reset or Down). scripts/server.mjs
  // sets the same headers on every response, including ones Next answers without this table (docs/decisions/0024).
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
