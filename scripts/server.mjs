#!/usr/bin/env node
// ClusterLab's HTTP server: node:http around Next's request handler, so the app learns the real peer address
// (the socket's, never Host or X-Forwarded-For) and the lab console is opened through a one-time link printed here.
// `npm start` runs it after the build; `npm run dev` runs it with --dev. Settings: PORT, HOST, CLUSTERLAB_MODE,
// CLUSTERLAB_CONSOLE_REMOTE, CLUSTERLAB_TRUST_PROXY (see README "Security model — local mode"),
// CLUSTERLAB_SUBMISSION_FAST_PATH=0 (classroom mode: send lab reports through Next.js too; ADR 0035).
import http from "node:http";
import next from "next";
import { createListener, installFrontServer, openUrl, serverSettings } from "./server-core.mjs";
import { loadFastPath } from "./submission-fast-path.mjs";

const dev = process.argv.includes("--dev");
const settings = serverSettings(process.env);
if (!settings.ok) {
  console.error(`\n✗ ${settings.message}\n`);
  process.exit(2);
}
const { mode, host, port, consoleRemote, trustProxy, submissionFastPath } = settings;

// Record the front server before Next loads any app code, so no request can see the app without it.
const state = installFrontServer({ port, consoleRemote });
const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
const origin = `http://${shownHost}:${port}`;

const app = next({ dev, dir: process.cwd(), hostname: host, port });
const handle = app.getRequestHandler();
const started = Date.now();
await app.prepare();

// Classroom mode in production: POST /api/submissions (every learner's graded checks) is answered here, by the
// same handler the Next route runs, without Next's per-request cost. Loaded after prepare() so it sees the
// environment Next loaded from .env files.
let answerFirst = null;
let fastPathLine = "";
if (mode === "classroom" && !dev) {
  if (!submissionFastPath) {
    fastPathLine = "  Lab reports go through Next.js (CLUSTERLAB_SUBMISSION_FAST_PATH=0).";
  } else {
    const loaded = await loadFastPath(process.cwd());
    answerFirst = loaded.answer;
    fastPathLine = answerFirst
      ? "  Lab reports (POST /api/submissions) are answered by the submissions fast path (ADR 0035)."
      : `  ⚠ The submissions fast path is off because ${loaded.reason}; lab reports go through Next.js (same answers, more CPU each).`;
  }
}

const server = http.createServer(
  createListener({
    handle,
    state,
    mode,
    trustProxy,
    answerFirst,
    onNewKey: () =>
      console.log(
        `\n  Lab console opened in a browser. To open it in another browser, use (works once):\n    ${openUrl(origin, state)}\n`,
      ),
  }),
);
server.on("error", (error) => {
  console.error(
    `\n✗ ClusterLab could not listen on ${host}:${port}: ${error.message}. Is another server using the port? Set PORT to another one.\n`,
  );
  process.exit(1);
});
server.listen(port, host, () => {
  console.log(
    `\n✓ ClusterLab is ready on ${origin} (${mode} mode, ready in ${Date.now() - started} ms; Ctrl+C to stop)`,
  );
  if (fastPathLine) console.log(fastPathLine);
  if (mode === "local") {
    console.log(
      `\n  Open the lab console with this link (it works once and signs this browser in):\n    ${openUrl(origin, state)}\n`,
    );
  }
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close();
    process.exit(0);
  });
}
