/**
 * `clusterlab login --server <url> --token <token>`: remember the class server and the learner's personal
 * API token (checked against the server first), so graded attempts are submitted. `clusterlab logout` forgets them.
 */
import { Command } from "commander";
import { z } from "zod";
import { getEnv } from "@/lib/env";
import { credentialsSchema, queuedCount, readCredentials, removeCredentials, serverUrlSchema, submissionPaths, writeCredentials } from "@/lib/submissions";
import { EXIT_USAGE } from "../exit";

const meSchema = z.object({ user: z.object({ email: z.string().nullable(), name: z.string() }), via: z.string() });

export type LoginCheck = { ok: true; email: string | null; name: string } | { ok: false; message: string };

/** Ask the server who the token belongs to (GET /api/me with the bearer token). */
export async function checkToken(server: string, token: string, fetchImpl: typeof fetch = fetch): Promise<LoginCheck> {
  let response: Response;
  try {
    response = await fetchImpl(`${server}/api/me`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(15_000) });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
    return { ok: false, message: `Cannot reach ${server} (${cause}). Check the URL and your network, then try again.` };
  }
  if (response.status === 401) return { ok: false, message: `${server} does not accept this token (unknown or revoked). Create a new one on the course site and try again.` };
  const body = meSchema.safeParse(await response.json().catch(() => undefined));
  if (!response.ok || !body.success) return { ok: false, message: `${server} answered HTTP ${response.status}, not like a ClusterLab course server. Check the URL.` };
  return { ok: true, email: body.data.user.email, name: body.data.user.name };
}

export function registerLoginCommands(program: Command): void {
  program
    .command("login")
    .description("Submit graded lab attempts to a class server: save its URL and your personal API token")
    .requiredOption("--server <url>", "the course server, e.g. https://course.example")
    .requiredOption("--token <token>", "your personal API token (course site → Progress → API tokens)")
    .action(async (opts: { server: string; token: string }) => {
      const server = serverUrlSchema.safeParse(opts.server);
      if (!server.success) return fail(`--server: ${server.error.issues[0]?.message}`);
      const draft = credentialsSchema.safeParse({ server: server.data, token: opts.token, savedAt: new Date().toISOString() });
      if (!draft.success) return fail(`--token: ${draft.error.issues[0]?.message}`);
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
      process.stdout.write(removed ? `Logged out of ${current?.server ?? "the class server"}.\n` : "You were not logged in.\n");
    });
}

function fail(message: string): void {
  process.stderr.write(`clusterlab login: ${message}\n`);
  process.exitCode = EXIT_USAGE;
}
