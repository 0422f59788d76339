/**
 * Registry completeness: every role name has a module, and every module carries every piece the rest of
 * ClusterLab asks a role for. A new role that forgets one (an image folder, a readiness, a name in the
 * console schema) fails here, not in a learner's `lab up`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { topologyNodeSchema } from "@/lib/console/topology-schema";
import { defineCheck, pass } from "@/lib/grading";
import { IMAGE_CATALOG, IMAGE_NAMES } from "@/lib/images/catalog";
import type { LabCheckContext } from "@/lib/labs/check-context";
import { defineLab } from "@/lib/labs/schema";
import { buildTopology } from "@/lib/labs/topology";
import { programFor, type Program } from "@/lib/runtime/process/programs";
import { defaultImage, parseTopology, RuntimeError } from "@/lib/runtime/types";
import { allRoles, NODE_ROLES, ROLE_HOMES, ROLES } from "./index";

const repo = path.resolve(__dirname, "..", "..");

describe.each(NODE_ROLES)("role %s", (name) => {
  const role = ROLES[name];

  it("has its own module lib/roles/<role>.ts, registered under its own name", () => {
    expect(role.name).toBe(name);
    expect(fs.existsSync(path.join(repo, "lib", "roles", `${name}.ts`))).toBe(true);
    expect(fs.readFileSync(path.join(repo, "lib", "roles", `${name}.ts`), "utf8")).toContain(`name: "${name}"`);
  });

  it("has a home, default ports and a stage the runtime accepts", () => {
    expect(path.posix.isAbsolute(role.home)).toBe(true);
    expect(ROLE_HOMES[name]).toBe(role.home);
    const [node] = parseTopology({
      lab: "roles",
      session: "roles-1",
      nodes: [{ name: "n", role: name, ports: role.ports, stage: role.stage, wait: role.readiness(role.ports) }],
    }).nodes;
    expect(node?.ports).toEqual(role.ports);
    expect(node?.stage).toBe(role.stage);
  });

  it("declares readiness as data: probing its first port when it has one, `running` without ports", () => {
    const wait = role.readiness(role.ports);
    expect(wait.kind).not.toBe("running");
    expect(JSON.stringify(wait)).toContain(String(role.ports[0]));
    expect(role.readiness([])).toEqual({ kind: "running" });
  });

  it("has an image recipe whose files exist in the repository and a committed Dockerfile", () => {
    const image = IMAGE_CATALOG[role.image.name];
    // A role may run another role's image (the stand-ins run carbon-node): the catalogue names the first owner.
    expect(ROLES[image.role].image).toBe(role.image);
    expect(defaultImage(name, "t1")).toBe(`clusterlab/${role.image.name}:t1`);
    for (const file of [
      role.image.setup,
      ...role.image.files.filter((f) => !f.source.startsWith("dist/")).map((f) => f.source),
    ]) {
      expect(fs.existsSync(path.join(repo, file)), `${file} of ${name}'s image`).toBe(true);
    }
    expect(
      fs.existsSync(path.join(repo, "images", role.image.name, "Dockerfile")),
      "run `clusterlab images dockerfiles`",
    ).toBe(true);
  });

  it("gives the process runtime a program, or a RuntimeError that says what to do", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-roles-test-"));
    onTestFinished(() => fs.rmSync(root, { recursive: true, force: true }));
    const spec = parseTopology({
      lab: "roles",
      session: "roles-1",
      nodes: [{ name: "n", role: name, ports: role.ports }],
    }).nodes[0]!;
    const missing = path.join(root, "missing");
    // Programs that need something absent must say so (RuntimeError), never crash on it.
    const outcome: Program | Error = await programFor(
      { spec, address: "127.0.0.1", root },
      { carbonNodeBundle: missing, nginxBinary: missing, postgresBinDir: missing },
    ).then(
      (program) => program,
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    );
    if (outcome instanceof Error) {
      expect(outcome).toBeInstanceOf(RuntimeError);
      expect(outcome.message.length).toBeGreaterThan(20);
    } else {
      expect(outcome.command.length).toBeGreaterThan(0);
    }
  });

  it("says how its tool refuses a learner's file at start, and ignores a log without one", () => {
    // Every role today runs a tool on the learner's files (nginx.conf, init.sql, Carbon conf, stand-in policies):
    // a role without a recogniser would turn the learner's broken file into an environment error (issue #15).
    const recognise = role.recogniseStartFailure;
    expect(recognise, "RoleDefinition.recogniseStartFailure").toBeTypeOf("function");
    expect(recognise?.(["starting", "listening on 0.0.0.0", "shutting down"])).toBeNull();
  });

  it("is a role the console's topology schema (bundled for the browser) accepts", () => {
    const node = { name: "n", role: name, state: "running", view: null, detail: null };
    expect(topologyNodeSchema.safeParse(node).success).toBe(true);
  });
});

describe("the registry as a whole", () => {
  it("has one catalogue entry per image; roles share an image only by sharing its recipe", () => {
    expect(allRoles().map((r) => r.name)).toEqual([...NODE_ROLES]);
    expect(new Set(IMAGE_NAMES).size).toBe(IMAGE_NAMES.length);
    for (const role of allRoles()) expect(Object.hasOwn(IMAGE_CATALOG, role.image.name), role.name).toBe(true);
    const byImage = new Map<string, unknown>();
    for (const role of allRoles()) {
      const seen = byImage.get(role.image.name);
      if (seen)
        expect(role.image, `${role.name} reuses the image name ${role.image.name} with another recipe`).toBe(seen);
      byImage.set(role.image.name, role.image);
    }
    expect(Object.keys(IMAGE_CATALOG).sort()).toEqual([...IMAGE_NAMES].sort());
  });

  it("drives a lab's defaults: home, ports, stage, readiness and environment of every role", () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-roles-ws-"));
    onTestFinished(() => fs.rmSync(ws, { recursive: true, force: true }));
    for (const name of NODE_ROLES) {
      fs.mkdirSync(path.join(ws, name), { recursive: true });
      fs.writeFileSync(path.join(ws, name, "marker.txt"), name);
    }
    const lab = defineLab({
      id: "every-role",
      title: "every role",
      topology: { nodes: NODE_ROLES.map((name) => ({ name, role: name })) },
      runtimes: ["docker"],
      checks: [
        defineCheck<LabCheckContext>({
          id: "c",
          title: "c",
          points: 1,
          hint: { nudge: "n" },
          run: async () => pass("x", "x"),
        }),
      ],
    });
    const topology = buildTopology({ lab, workspace: ws, session: "every-role-1" });
    for (const node of topology.nodes) {
      const role = ROLES[node.role];
      expect(node.files?.map((f) => f.path)).toEqual([`${role.home}/marker.txt`]);
      expect(node.ports).toEqual(role.ports);
      expect(node.stage).toBe(role.stage);
      expect(node.startsAfter).toBe(role.startsAfter);
      expect(node.wait).toEqual(role.readiness(role.ports));
      expect(node.env).toEqual(role.nodeEnv({ name: node.name }));
    }
  });

  it("is the only place that spells out the role list (no module re-types it)", () => {
    const offenders: Array<string> = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.tsx?$/.test(entry.name) && /\[\s*"carbon",\s*"nginx"/.test(fs.readFileSync(full, "utf8")))
          offenders.push(path.relative(repo, full));
      }
    };
    for (const top of ["app", "cli", "components", "lib", "labs", "scripts"]) walk(path.join(repo, top));
    expect(offenders).toEqual(["lib/roles/names.ts"]);
  });
});
