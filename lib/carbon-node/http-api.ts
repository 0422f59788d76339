/**
 * The node's HTTP API on the servlet port (9763 + offset). Every response is JSON (or text for
 * logs) and carries `X-Carbon-Node`; every input is checked with zod and a bad one gets a 4xx JSON
 * error — a learner's curl typo must never take the node down.
 */
import http from "node:http";
import { BodyTooLargeError, readBodyText, sendJson } from "./node-http";
import { z } from "zod";
import { nodeApi } from "./api-contract";
import { ArtifactError, artifactBodySchema, artifactPathSchema, type ArtifactStore } from "./artifacts";
import type { CarbonLogger } from "./carbon-log";
import type { DataStore } from "./data-store";
import type { Datasources } from "./datasources";
import type { Membership } from "./membership";
import type { MembershipMode } from "./node-settings";
import { RegistryError, type Registry } from "./registry";
import type { ReplicatedMap } from "./replicated-map";
import { parseCookies, type SessionStore } from "./sessions";
import type { MemberInfo } from "./wire";

export type ApiContext = {
  name: string;
  domain: string;
  scheme: MembershipMode;
  clusteringEnabled: boolean;
  startedAt: number;
  membership: Membership | null;
  standaloneMember: MemberInfo;
  sessions: SessionStore;
  registry: Registry;
  replicated: ReplicatedMap;
  datasources: Datasources;
  counterStore: () => DataStore;
  artifacts: ArtifactStore;
  log: CarbonLogger;
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const MAX_BODY = 1024 * 1024;
/** Log category of artifact deployment (Carbon logs hot deployment under its deployment engine). */
const DEPLOYER = "DeploymentEngine";
const registryPathSchema = z
  .string()
  .min(2)
  .max(500)
  .regex(
    /^(\/[A-Za-z0-9._~@:+-]+)+$/,
    "registry paths look like /_system/config/my/resource (letters, digits, . _ ~ @ : + -)",
  );
const registryBodySchema = z.object({ content: z.string().max(MAX_BODY) });
const replicatedKeySchema = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, "keys are 1-128 letters, digits, . _ : -");
const replicatedBodySchema = z.object({ value: z.json() });
const counterQuerySchema = z.object({
  tx: z.enum(["0", "1", "true", "false"]).optional(),
  name: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .default("default"),
  ds: z.string().max(128).optional(),
});
const tailSchema = z.coerce.number().int().min(1).max(2000).default(200);

function issues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  let text: string;
  try {
    text = await readBodyText(req, MAX_BODY);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new HttpError(413, "request body is larger than 1 MiB");
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'request body must be JSON, e.g. {"content":"..."}');
  }
}

type Reply = { status: number; body: unknown };

/** A 200 whose body must match the API contract at compile time (lib/carbon-node/api-contract.ts). */
function reply<S extends z.ZodType>(_schema: S, body: z.input<S>): Reply {
  return { status: 200, body };
}

/** A %-decoded path part; a malformed escape is the client's mistake (400), not a backend failure. */
function decodePath(raw: string, what: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new HttpError(400, `${what}: malformed %-escape in "${raw.slice(0, 100)}"`);
  }
}

function memberJson(m: MemberInfo): { uuid: string; host: string; port: number; name: string } {
  return { uuid: m.uuid, host: m.host, port: m.port, name: m.name };
}

export function createApiHandler(ctx: ApiContext): http.RequestListener {
  function clusterView(): z.input<typeof nodeApi.cluster> {
    const view = ctx.membership?.view();
    const local = view?.localMember ?? ctx.standaloneMember;
    return {
      localMember: memberJson(local),
      members: (view?.members ?? [local]).map(memberJson),
      // Standalone: no cluster, so no coordinator election (null), as a Carbon node with clustering off.
      coordinator: view?.coordinator ? memberJson(view.coordinator) : null,
      scheme: ctx.clusteringEnabled ? ctx.scheme : null,
      domain: ctx.domain,
      clusteringEnabled: ctx.clusteringEnabled,
      joined: view?.joined ?? false,
    };
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<Reply> {
    const method = req.method ?? "GET";
    const p = url.pathname;
    if (p === "/carbon/health" && method === "GET") {
      return reply(nodeApi.health, {
        status: "UP",
        node: ctx.name,
        uptimeMs: Date.now() - ctx.startedAt,
        joined: ctx.membership?.view().joined ?? false,
      });
    }
    if (p === "/carbon/cluster" && method === "GET") return reply(nodeApi.cluster, clusterView());
    if (p === "/carbon/logs" && method === "GET") {
      const tail = tailSchema.safeParse(url.searchParams.get("tail") ?? undefined);
      if (!tail.success) throw new HttpError(400, `tail: ${issues(tail.error)}`);
      return reply(nodeApi.logs, { lines: ctx.log.tail(tail.data) });
    }
    if (p === "/api/session" && method === "GET") {
      const { session, isNew } = ctx.sessions.hit(parseCookies(req.headers.cookie)["JSESSIONID"]);
      if (isNew) res.setHeader("Set-Cookie", `JSESSIONID=${session.id}; Path=/; HttpOnly`);
      return reply(nodeApi.session, { sessionId: session.id, count: session.count, isNew, node: ctx.name });
    }
    if (p.startsWith("/api/registry/")) {
      const parsed = registryPathSchema.safeParse(decodePath(p.slice("/api/registry".length), "registry path"));
      if (!parsed.success) throw new HttpError(400, `registry path: ${issues(parsed.error)}`);
      if (method === "GET") {
        const read = await ctx.registry.get(parsed.data);
        if (!read) throw new HttpError(404, `no registry resource at ${parsed.data}`);
        return reply(nodeApi.registryRead, { ...read, node: ctx.name });
      }
      if (method === "PUT") {
        const body = registryBodySchema.safeParse(await readJson(req));
        if (!body.success) throw new HttpError(400, `body: ${issues(body.error)} (send {"content":"..."})`);
        return reply(nodeApi.registryWrite, {
          ...(await ctx.registry.put(parsed.data, body.data.content)),
          node: ctx.name,
        });
      }
      throw new HttpError(405, "use GET or PUT on /api/registry/<path>");
    }
    if (p === "/api/replicated" && method === "GET") {
      return reply(nodeApi.replicatedList, {
        entries: Object.fromEntries(ctx.replicated.keys().map((k) => [k, ctx.replicated.get(k)])),
        node: ctx.name,
      });
    }
    if (p.startsWith("/api/replicated/")) {
      const key = replicatedKeySchema.safeParse(decodePath(p.slice("/api/replicated/".length), "key"));
      if (!key.success) throw new HttpError(400, `key: ${issues(key.error)}`);
      if (method === "GET") {
        const value = ctx.replicated.get(key.data);
        if (value === undefined) throw new HttpError(404, `no replicated entry ${key.data} on this member`);
        return reply(nodeApi.replicatedEntry, { key: key.data, value, node: ctx.name });
      }
      if (method === "PUT") {
        const body = replicatedBodySchema.safeParse(await readJson(req));
        if (!body.success) throw new HttpError(400, `body: ${issues(body.error)} (send {"value": <json>})`);
        const entry = ctx.replicated.put(key.data, body.data.value);
        ctx.membership?.broadcast({ t: "rep-put", from: ctx.membership.local.uuid, entry });
        return reply(nodeApi.replicatedWrite, {
          key: key.data,
          value: entry.value,
          replicatedTo: Math.max(0, (ctx.membership?.view().members.length ?? 1) - 1),
          node: ctx.name,
        });
      }
      throw new HttpError(405, "use GET or PUT on /api/replicated/<key>");
    }
    if (p.startsWith("/api/artifacts/")) {
      const parsed = artifactPathSchema.safeParse(
        decodePath(p.slice("/api/artifacts/".length), "artifact path").replace(/\/+$/, ""),
      );
      if (!parsed.success) throw new HttpError(400, `artifact path: ${issues(parsed.error)}`);
      if (method === "GET")
        return reply(nodeApi.artifactRead, { ...(await ctx.artifacts.read(parsed.data)), node: ctx.name });
      if (method === "PUT") {
        const body = artifactBodySchema.safeParse(await readJson(req));
        if (!body.success) throw new HttpError(400, `body: ${issues(body.error)} (send {"content":"..."})`);
        const deployed = await ctx.artifacts.deploy(parsed.data, body.data.content);
        ctx.log.info(
          DEPLOYER,
          `Deployed artifact ${deployed.path} (${deployed.bytes} bytes) into ${ctx.artifacts.folder ?? "the deployment folder"}`,
        );
        return reply(nodeApi.artifactDeploy, { ...deployed, node: ctx.name });
      }
      if (method === "DELETE") {
        const removed = await ctx.artifacts.undeploy(parsed.data);
        ctx.log.info(
          DEPLOYER,
          `Undeployed artifact ${removed.path} from ${ctx.artifacts.folder ?? "the deployment folder"}`,
        );
        return reply(nodeApi.artifactUndeploy, { ...removed, node: ctx.name });
      }
      throw new HttpError(405, "use GET, PUT or DELETE on /api/artifacts/<folder>/<file>");
    }
    if (p === "/api/counter" && (method === "GET" || method === "POST")) {
      const q = counterQuerySchema.safeParse(Object.fromEntries(url.searchParams));
      if (!q.success) throw new HttpError(400, issues(q.error));
      if (q.data.ds && !ctx.datasources.find(q.data.ds))
        throw new HttpError(400, `ds: no datasource named ${q.data.ds} on this node`);
      const store = q.data.ds ? ctx.datasources.open(q.data.ds) : ctx.counterStore();
      const tx = q.data.tx === "1" || q.data.tx === "true";
      const value =
        method === "GET" ? await store.counterGet(q.data.name) : await store.counterIncrement(q.data.name, tx);
      return reply(nodeApi.counter, {
        name: q.data.name,
        value,
        tx: method === "POST" ? tx : null,
        datasource: store.description,
        node: ctx.name,
      });
    }
    throw new HttpError(
      404,
      `no route ${method} ${p}; try /carbon/health, /carbon/cluster, /api/session, /api/registry/<path>, /api/replicated/<key>, /api/counter, /api/artifacts/<folder>/<file>`,
    );
  }

  return (req, res) => {
    res.setHeader("X-Carbon-Node", ctx.name);
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://node");
    } catch {
      url = new URL("http://node/");
    }
    route(req, res, url)
      .then(({ status, body }) => sendJson(res, status, body))
      .catch((error: unknown) => {
        if (error instanceof HttpError || error instanceof RegistryError || error instanceof ArtifactError)
          return sendJson(res, error.status, { error: error.message, node: ctx.name });
        const message = error instanceof Error ? error.message : String(error);
        // Database down, datasource misconfigured...: the node stays up and says what failed.
        sendJson(res, 503, { error: `backend unavailable: ${message}`, node: ctx.name });
      });
  };
}
