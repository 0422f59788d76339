/**
 * The ESB profile of the training node (a teaching model, docs/decisions/0030-ei-esb-profile-model.md): a hot
 * deployer that polls `repository/deployment/server/synapse-configs/default/api/*.xml` and a pass-through HTTP
 * listener on 8280 + offset (facts §8) that serves the deployed APIs. Polling, not fs.watch: the folder is
 * usually a shared mount, where change events from another node's writes never arrive.
 * Log lines use the category `clusterlab.esb.*`: they are the model's words, not Synapse's.
 */
import fs from "node:fs/promises";
import http from "node:http";
import { sendJson } from "./node-http";
import path from "node:path";
import type { CarbonLogger } from "./carbon-log";
import { dispatch, parseSynapseApi, renderPayload, type SynapseApi } from "./synapse-api";

export const API_FOLDER = "repository/deployment/server/synapse-configs/default/api";
export const PASS_THROUGH_HTTP_PORT = 8280;
export const ESB_DEPLOYER = "clusterlab.esb.ApiDeployer";
const ESB_LISTENER = "clusterlab.esb.PassThroughListener";

type Deployed = { stamp: string; api: SynapseApi | null };

export type ApiDeployer = {
  /** One scan of the folder: deploy new and changed files, undeploy removed ones. */
  scan(): Promise<void>;
  apis(): Array<SynapseApi>;
};

export function createApiDeployer(carbonHome: string, log: CarbonLogger): ApiDeployer {
  const folder = path.join(carbonHome, API_FOLDER);
  const byFile = new Map<string, Deployed>();
  let folderProblem: string | null = null;

  async function listXml(): Promise<Array<string>> {
    try {
      const names = (await fs.readdir(folder)).filter((n) => n.endsWith(".xml") && !n.startsWith(".")).sort();
      folderProblem = null;
      return names;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // No folder yet is normal (nothing deployed); anything else is said once, not every second.
      if (code !== "ENOENT" && folderProblem !== code)
        log.warn(ESB_DEPLOYER, `Cannot read ${API_FOLDER}: ${(error as Error).message}`);
      folderProblem = code ?? "error";
      return [];
    }
  }

  function contextOwner(context: string, except: string): [string, SynapseApi] | undefined {
    for (const [file, d] of byFile) if (file !== except && d.api?.context === context) return [file, d.api];
    return undefined;
  }

  async function deployFile(name: string, stamp: string): Promise<void> {
    const relative = `${API_FOLDER}/${name}`;
    let text: string;
    try {
      text = await fs.readFile(path.join(folder, name), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return; // removed between readdir and read: next scan
      throw error;
    }
    const parsed = parseSynapseApi(text, relative);
    const previous = byFile.get(name);
    if (!parsed.ok) {
      byFile.set(name, { stamp, api: null });
      const { line, column, message } = parsed.problem;
      log.error(
        ESB_DEPLOYER,
        `API deployment failed: ${relative}:${line}:${column}: ${message}. ${previous?.api ? `API '${previous.api.name}' is undeployed; ` : ""}other APIs keep serving. Fix the file and save it again.`,
      );
      return;
    }
    const clash = contextOwner(parsed.api.context, name);
    if (clash) {
      byFile.set(name, { stamp, api: null });
      log.error(
        ESB_DEPLOYER,
        `API deployment failed: ${relative}:1:1: context ${parsed.api.context} is already served by API '${clash[1].name}' (${clash[0]}). Give each API its own context.`,
      );
      return;
    }
    byFile.set(name, { stamp, api: parsed.api });
    log.info(
      ESB_DEPLOYER,
      `API '${parsed.api.name}' ${previous?.api ? "redeployed" : "deployed"} from ${relative} (context ${parsed.api.context}, ${parsed.api.resources.length} resource(s))`,
    );
  }

  return {
    async scan() {
      const names = await listXml();
      for (const name of names) {
        let stamp: string;
        try {
          const info = await fs.stat(path.join(folder, name));
          stamp = `${info.mtimeMs}:${info.size}:${info.ino}`;
        } catch {
          continue;
        }
        if (byFile.get(name)?.stamp !== stamp) await deployFile(name, stamp);
      }
      for (const [name, deployed] of byFile) {
        if (names.includes(name)) continue;
        byFile.delete(name);
        if (deployed.api)
          log.info(ESB_DEPLOYER, `API '${deployed.api.name}' undeployed: ${API_FOLDER}/${name} was removed`);
      }
    },
    apis: () => [...byFile.values()].flatMap((d) => (d.api ? [d.api] : [])),
  };
}

/** The pass-through listener's handler: every answer carries X-Carbon-Node, so a load balancer test can count nodes. */
export function createPassThroughHandler(name: string, deployer: Pick<ApiDeployer, "apis">): http.RequestListener {
  return (req, res) => {
    res.setHeader("X-Carbon-Node", name);
    let pathname = "/";
    try {
      pathname = new URL(req.url ?? "/", "http://node").pathname;
    } catch {
      // keep "/"
    }
    const method = req.method ?? "GET";
    const apis = deployer.apis();
    const match = dispatch(apis, method, pathname);
    if (match === null) {
      const known = apis.map((a) => a.context).sort();
      sendJson(res, 404, {
        error: `no API with a context matching ${pathname} is deployed on this node (deployed: ${known.length ? known.join(", ") : "none"})`,
        node: name,
      });
      return;
    }
    if ("methodMismatch" in match) {
      sendJson(res, match.methodMismatch ? 405 : 404, {
        error: match.methodMismatch
          ? `no resource of this API accepts ${method} ${pathname}`
          : `no resource of this API matches ${pathname}`,
        node: name,
      });
      return;
    }
    // Drain a request body we do not read, so keep-alive connections stay usable.
    req.resume();
    const body = renderPayload(match.resource, match.uriVars);
    res.writeHead(200, {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": Buffer.byteLength(body),
    });
    res.end(method === "HEAD" ? undefined : body);
  };
}

export type EsbProfile = { port: number; stop(): Promise<void> };

/** Start the deployer's poll loop and the pass-through listener (8280 + offset). */
export async function startEsbProfile(input: {
  carbonHome: string;
  name: string;
  offset: number;
  bindHost: string;
  pollMs?: number;
  log: CarbonLogger;
}): Promise<EsbProfile> {
  const { log } = input;
  const deployer = createApiDeployer(input.carbonHome, log);
  await deployer.scan();
  let scanning = false;
  const timer = setInterval(() => {
    if (scanning) return;
    scanning = true;
    deployer
      .scan()
      .catch((error: unknown) => log.error(ESB_DEPLOYER, `Scan of ${API_FOLDER} failed: ${(error as Error).message}`))
      .finally(() => {
        scanning = false;
      });
  }, input.pollMs ?? 1000);
  timer.unref();
  const server = http.createServer(createPassThroughHandler(input.name, deployer));
  server.keepAliveTimeout = 5000;
  const port = PASS_THROUGH_HTTP_PORT + input.offset;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, input.bindHost, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    clearInterval(timer);
    throw new Error(
      `Cannot listen on ${input.bindHost}:${port} (pass-through HTTP 8280 + offset ${input.offset}): ${(error as Error).message}. Change the offset in conf/carbon.xml or stop the other server.`,
      { cause: error },
    );
  }
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  log.info(
    ESB_LISTENER,
    `ESB profile (training model): pass-through HTTP listener on port ${bound}, APIs hot-deployed from ${API_FOLDER}`,
  );
  return {
    port: bound,
    async stop() {
      clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
