import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createCarbonLogger } from "./carbon-log";
import { API_FOLDER, createApiDeployer, createPassThroughHandler } from "./esb-profile";

const made: Array<string> = [];
const servers: Array<http.Server> = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function home(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-esb-"));
  made.push(dir);
  return dir;
}

function api(name: string, context: string, reply: string): string {
  return `<api xmlns="http://ws.apache.org/ns/synapse" name="${name}" context="${context}">
  <resource methods="GET" uri-template="/{who}">
    <inSequence>
      <payloadFactory media-type="json"><format>{"${reply}":"$1"}</format><args><arg expression="$ctx:uri.var.who"/></args></payloadFactory>
      <respond/>
    </inSequence>
  </resource>
</api>`;
}

function write(h: string, file: string, text: string): void {
  fs.mkdirSync(path.join(h, API_FOLDER), { recursive: true });
  fs.writeFileSync(path.join(h, API_FOLDER, file), text);
}

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("no address");
  return `http://127.0.0.1:${address.port}`;
}

describe("ESB profile: API hot deployment", () => {
  it("deploys, serves, redeploys and undeploys APIs from the api folder", async () => {
    const h = home();
    const lines: Array<string> = [];
    const deployer = createApiDeployer(
      h,
      createCarbonLogger((l) => lines.push(l)),
    );
    await deployer.scan(); // no folder yet: nothing deployed, nothing logged
    expect(deployer.apis()).toEqual([]);
    expect(lines).toEqual([]);
    write(h, "Hello.xml", api("HelloAPI", "/hello", "hello"));
    await deployer.scan();
    expect(deployer.apis().map((a) => a.name)).toEqual(["HelloAPI"]);
    expect(lines.at(-1)).toMatch(
      /INFO \{clusterlab\.esb\.ApiDeployer\} - +API 'HelloAPI' deployed from repository\/deployment\/server\/synapse-configs\/default\/api\/Hello\.xml \(context \/hello/,
    );

    const base = await serve(createPassThroughHandler("node1", deployer));
    const ok = await fetch(`${base}/hello/ada`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-carbon-node")).toBe("node1");
    expect(await ok.json()).toEqual({ hello: "ada" });
    const missing = await fetch(`${base}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: expect.stringMatching(/deployed: \/hello/), node: "node1" });

    write(h, "Hello.xml", api("HelloAPI", "/hello", "bonjour"));
    fs.utimesSync(path.join(h, API_FOLDER, "Hello.xml"), new Date(), new Date(Date.now() + 5000));
    await deployer.scan();
    expect(await (await fetch(`${base}/hello/ada`)).json()).toEqual({ bonjour: "ada" });
    expect(lines.at(-1)).toMatch(/API 'HelloAPI' redeployed/);

    fs.rmSync(path.join(h, API_FOLDER, "Hello.xml"));
    await deployer.scan();
    expect(deployer.apis()).toEqual([]);
    expect(lines.at(-1)).toMatch(/API 'HelloAPI' undeployed/);
  });

  it("reports a malformed artifact with file:line:column and keeps serving the others", async () => {
    const h = home();
    const lines: Array<string> = [];
    const deployer = createApiDeployer(
      h,
      createCarbonLogger((l) => lines.push(l)),
    );
    write(h, "Hello.xml", api("HelloAPI", "/hello", "hello"));
    write(h, "Broken.xml", api("BrokenAPI", "/broken", "x").replace("</inSequence>", "</inSequenc>"));
    await deployer.scan();
    expect(deployer.apis().map((a) => a.name)).toEqual(["HelloAPI"]);
    const error = lines.find((l) => l.includes("ERROR"));
    expect(error).toMatch(
      /API deployment failed: repository\/deployment\/server\/synapse-configs\/default\/api\/Broken\.xml:6:\d+: .*well-formed.*other APIs keep serving/,
    );
    // Reported once per version of the file, not on every scan.
    await deployer.scan();
    expect(lines.filter((l) => l.includes("ERROR"))).toHaveLength(1);
    const base = await serve(createPassThroughHandler("node1", deployer));
    expect((await fetch(`${base}/hello/x`)).status).toBe(200);
    expect((await fetch(`${base}/broken/x`)).status).toBe(404);
  });

  it("refuses a second API on a context already served", async () => {
    const h = home();
    const lines: Array<string> = [];
    const deployer = createApiDeployer(
      h,
      createCarbonLogger((l) => lines.push(l)),
    );
    write(h, "A.xml", api("A", "/same", "a"));
    write(h, "B.xml", api("B", "/same", "b"));
    await deployer.scan();
    expect(deployer.apis().map((a) => a.name)).toEqual(["A"]);
    expect(lines.find((l) => l.includes("ERROR"))).toMatch(/B\.xml:1:1: context \/same is already served by API 'A'/);
  });
});
