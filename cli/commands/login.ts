/**
 * `clusterlab login --server <url>`: remember the class server and the learner's personal API token (checked
 * against the server first), so graded attempts are submitted. The token is read from stdin (piped) or a prompt:
 * on the command line it would be visible in `ps` and in shell history (L8). `clusterlab logout` forgets them.
 */
import readline from "node:readline";
import { Writable } from "node:stream";
import { Command } from "commander";
import { z } from "zod";
import { getEnv } from "@/lib/env";
import {
  credentialsSchema,
  queuedCount,
  readCredentials,
  removeCredentials,
  serverUrlSchema,
  submissionPaths,
  writeCredentials,
} from "@/lib/submissions";
import { EXIT_USAGE } from "../exit";

const meSchema = z.object({ user: z.object({ email: z.string().nullable(), name: z.string() }), via: z.string() });

export type LoginCheck = { ok: true; email: string | null; name: string } | { ok: false; message: string };

/** Ask the server who the token belongs to (GET /api/me with the bearer token). */
export async function checkToken(server: string, token: string, fetchImpl: typeof fetch = fetch): Promise<LoginCheck> {
  let response: Response;
  try {
    response = await fetchImpl(`${server}/api/me`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    const cause =
      error instanceof Error && error.cause instanceof Error
        ? error.cause.message
        : error instanceof Error
          ? error.message
          : String(error);
    return { ok: false, message: `Cannot reach ${server} (${cause}). Check the URL and your network, then try again.` };
  }
  if (response.status === 401)
    return {
      ok: false,
      message: `${server} does not accept this token (unknown or revoked). Create a new one on the course site and try again.`,
    };
  const body = meSchema.safeParse(await response.json().catch(() => undefined));
  if (!response.ok || !body.success)
    return {
      ok: false,
      message: `${server} answered HTTP ${response.status}, not like a ClusterLab course server. Check the URL.`,
    };
  return { ok: true, email: body.data.user.email, name: body.data.user.name };
}

export function registerLoginCommands(program: Command): void {
  program
    .command("login")
    .description("Submit graded lab attempts to a class server: save its URL and your personal API token")
    .requiredOption("--server <url>", "the course server, e.g. https://course.example")
    .option(
      "--token <token>",
      "your personal API token; better left out: it is then read from stdin or a prompt, not visible in `ps` or shell history",
    )
    .action(async (opts: { server: string; token?: string }) => {
      const server = serverUrlSchema.safeParse(opts.server);
      if (!server.success) return fail(`--server: ${server.error.issues[0]?.message}`);
      if (opts.token !== undefined) {
        process.stderr.write(
          "clusterlab login: note: a token on the command line is visible to other users (`ps`) and stays in your shell history. Next time leave out --token and paste it at the prompt, or pipe it in.\n",
        );
      }
      const token = opts.token ?? (await readTokenFrom(process.stdin, process.stdin.isTTY === true));
      const draft = credentialsSchema.safeParse({ server: server.data, token, savedAt: new Date().toISOString() });
      if (!draft.success) return fail(`token: ${draft.error.issues[0]?.message}`);
      const check = await checkToken(draft.data.server, draft.data.token);
      if (!check.ok) return fail(check.message);
      const paths = submissionPaths(getEnv().CLUSTERLAB_DATA_DIR);
      writeCredentials(paths.credentials, { ...draft.data, email: check.email ?? undefined });
      const queued = queuedCount();
      process.stdout.write(
        `Logged in to ${draft.data.server} as ${check.name}${check.email ? ` <${check.email}>` : ""}.\n` +
          `Reports you submit (\`clusterlab submit --report <file>\`, or \`lab check --submit\` where available) now go there.` +
          (queued > 0 ? ` ${queued} queued report(s) are waiting: run \`clusterlab submit\`.` : "") +
          "\n",
      );
    });

  program
    .command("logout")
    .description("Forget the class server and token (queued reports are kept)")
    .action(() => {
      const paths = submissionPaths(getEnv().CLUSTERLAB_DATA_DIR);
      const current = readCredentials(paths.credentials);
      const removed = removeCredentials(paths.credentials);
      process.stdout.write(
        removed ? `Logged out of ${current?.server ?? "the class server"}.\n` : "You were not logged in.\n",
      );
    });
}

const MAX_TOKEN_INPUT = 4096;

/**
 * The token from `input`: a prompt without echo on a terminal, else the first line of what is piped in
 * (`clusterlab login --server … < token.txt`). Reads at most 4 kB: a token is 47 characters.
 */
export async function readTokenFrom(input: NodeJS.ReadableStream, interactive: boolean): Promise<string> {
  if (interactive) {
    const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
    process.stderr.write("Personal API token (course site → Progress → API tokens; not shown): ");
    const rl = readline.createInterface({ input, output: muted, terminal: true });
    try {
      return await new Promise<string>((resolve) => rl.once("line", (line) => resolve(line.trim())));
    } finally {
      rl.close();
      process.stderr.write("\n");
    }
  }
  let text = "";
  for await (const chunk of input) {
    text += typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
    if (text.length >= MAX_TOKEN_INPUT || text.includes("\n")) break;
  }
  return (text.split("\n")[0] ?? "").slice(0, MAX_TOKEN_INPUT).trim();
}

function fail(message: string): void {
  process.stderr.write(`clusterlab login: ${message}\n`);
  process.exitCode = EXIT_USAGE;
}
