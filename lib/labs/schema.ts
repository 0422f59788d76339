/**
 * The lab format: `defineLab()` validates a lab definition with zod when `labs/<id>/lab.ts` is loaded,
 * so a bad definition (duplicate node, unknown role, two checks with one id, a check requiring one that
 * does not exist) fails at load with a message naming the field, never halfway through a learner's run.
 * See docs/decisions/0009-lab-format.md.
 */
import path from "node:path";
import { z } from "zod";
import { checkIdSchema, type CheckDefinition } from "@/lib/grading";
import { ROLES } from "@/lib/roles";
import {
  NODE_ROLES,
  RUNTIME_KINDS,
  segmentNameSchema,
  shareNameSchema,
  waitStrategySchema,
  type NodeRole,
  type RuntimeKind,
} from "@/lib/runtime/types";
import type { LabCheckContext } from "./check-context";

export const nodeRoleSchema = z.enum(NODE_ROLES);
export const runtimeKindSchema = z.enum(RUNTIME_KINDS);
export type { NodeRole, RuntimeKind };

/** Start order per role (lib/roles/<role>.ts `stage`): databases first, then Carbon nodes, then load balancers. */
export const DEFAULT_STAGE = Object.fromEntries(NODE_ROLES.map((role) => [role, ROLES[role].stage])) as Record<
  NodeRole,
  number
>;
/** The ports each role serves on inside its container (lib/roles/<role>.ts `ports`). */
export const DEFAULT_PORTS = Object.fromEntries(NODE_ROLES.map((role) => [role, ROLES[role].ports])) as Record<
  NodeRole,
  Array<number>
>;

const nameSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,30}$/,
    "node names are lowercase letters, digits and '-', starting with a letter (they become host names)",
  );

/** A path inside the workspace: relative, no `..`, so a lab can never point outside its own folder. */
const workspacePathSchema = z
  .string()
  .refine((p) => p.length > 0 && !path.isAbsolute(p) && !p.split(/[\\/]/).includes(".."), {
    message: "must be a relative path inside the workspace (no leading '/', no '..')",
  });

export const labNodeSchema = z
  .object({
    name: nameSchema,
    role: nodeRoleSchema,
    /** The node's folder in the workspace (laid out like the node's home); default: the node's name. */
    config: workspacePathSchema.optional(),
    /** Container ports published on 127.0.0.1 (free host ports); default by role. */
    ports: z.array(z.number().int().min(1).max(65535)).optional(),
    env: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "env names are letters, digits and '_'"), z.string())
      .default({}),
    /** Start order (lower first); default by role. */
    stage: z.number().int().min(0).max(9).optional(),
    /** Image override; default: the role's ClusterLab image. */
    image: z.string().min(1).optional(),
    /** Command override (argv), e.g. for a test topology on a minimal image. */
    command: z.array(z.string()).min(1).optional(),
    /** Readiness; default by role (lib/roles/<role>.ts `readiness`: carbon HTTP 200 on /carbon/health, others their port accepts connections). */
    ready: waitStrategySchema.optional(),
    readyTimeoutMs: z
      .number()
      .int()
      .min(100)
      .max(30 * 60_000)
      .optional(),
    memoryMb: z.number().int().min(16).max(16_384).optional(),
    /** docker only: a network segment multicast cannot leave (see NodeSpec.segment in lib/runtime/types.ts). */
    segment: segmentNameSchema.optional(),
    /** Files the LAB puts into the node (not learner-editable), e.g. a pod's service-account token. */
    files: z
      .array(
        z.object({
          path: z.string().startsWith("/"),
          content: z.string(),
          mode: z.number().int().min(0).max(0o7777).optional(),
        }),
      )
      .default([]),
    /** docker only: DNS names several nodes share (a Kubernetes headless service; see NodeSpec.serviceAliases). */
    serviceAliases: z.array(z.string().min(1)).default([]),
  })
  .transform((node) => ({
    ...node,
    config: node.config ?? node.name,
    ports: node.ports ?? [...ROLES[node.role].ports],
    stage: node.stage ?? ROLES[node.role].stage,
  }));
export type LabNode = z.output<typeof labNodeSchema>;

const lessonLinkSchema = z.object({ title: z.string().min(1), href: z.string().min(1) });

const checkShapeSchema = z.custom<CheckDefinition<LabCheckContext>>(
  (value) =>
    typeof value === "object" &&
    value !== null &&
    typeof (value as { run?: unknown }).run === "function" &&
    typeof (value as { id?: unknown }).id === "string",
  { message: "each check must come from defineCheck({ id, title, points, hint, run })" },
);

export const labDefinitionSchema = z
  .object({
    id: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{1,40}$/,
        "lab ids are lowercase letters, digits and '-' (they name folders and Docker labels)",
      ),
    title: z.string().min(1),
    summary: z.string().optional(),
    /**
     * The technique the learner practises, in a few words ("nginx round robin", "route cookie"). Shown on /labs, and a
     * content test requires every LabCard pointing here to name it, so lesson and lab cannot describe different labs.
     */
    technique: z.string().min(3).optional(),
    /** `test`: kept for the test suites and CI, left out of the learner catalogue (/labs) and lesson cards. */
    audience: z.enum(["learner", "test"]).default("learner"),
    lessons: z.array(lessonLinkSchema).default([]),
    topology: z.object({
      nodes: z.array(labNodeSchema).min(1, "a lab needs at least one node"),
      /**
       * Shares the lab's file server (host `nfs`) exports. Each node's `fstab` in the workspace mounts them
       * (lib/labs/fstab.ts); a lab without shares has no file server.
       */
      shares: z.array(shareNameSchema).default([]),
    }),
    /** Folders next to lab.ts. The solution is laid OVER the starter, so it may hold only the files it changes. */
    starter: workspacePathSchema.default("starter"),
    solution: workspacePathSchema.default("solution"),
    runtimes: z.array(runtimeKindSchema).min(1, "declare at least one runtime (docker or process)"),
    /** Static checks: lint rule codes (lib/wso2-config LINT_RULES) this lab's lesson deliberately breaks. */
    lint: z.object({ ignore: z.array(z.string().min(1)).default([]) }).default({ ignore: [] }),
    checks: z.array(checkShapeSchema).min(1, "a graded lab needs at least one check"),
  })
  .superRefine((lab, ctx) => {
    reportDuplicates(
      lab.topology.nodes.map((n) => n.name),
      ["topology", "nodes"],
      "node name",
      ctx,
    );
    reportDuplicates(
      lab.topology.nodes.map((n) => n.config),
      ["topology", "nodes"],
      "node config folder",
      ctx,
    );
    reportDuplicates(lab.runtimes, ["runtimes"], "runtime", ctx);
    reportDuplicates(lab.topology.shares, ["topology", "shares"], "share", ctx);
    reportDuplicates(
      lab.checks.map((c) => c.id),
      ["checks"],
      "check id",
      ctx,
    );
    const seen = new Set<string>();
    for (const [index, check] of lab.checks.entries()) {
      const id = checkIdSchema.safeParse(check.id);
      if (!id.success)
        ctx.addIssue({
          code: "custom",
          path: ["checks", index, "id"],
          message: `"${check.id}": ${id.error.issues[0]?.message ?? "invalid id"}`,
        });
      for (const required of check.requires ?? []) {
        // Only earlier checks: the runner grades in order, so a later prerequisite would always skip.
        if (!seen.has(required)) {
          ctx.addIssue({
            code: "custom",
            path: ["checks", index, "requires"],
            message: `check "${check.id}" requires "${required}", which is not an earlier check of this lab`,
          });
        }
      }
      seen.add(check.id);
    }
  });

export type LabDefinitionInput = z.input<typeof labDefinitionSchema>;
export type LabDefinition = z.output<typeof labDefinitionSchema>;

export class LabDefinitionError extends Error {
  override name = "LabDefinitionError";
}

/** Declare a lab. Throws LabDefinitionError listing every problem with its field path. */
export function defineLab(definition: LabDefinitionInput): LabDefinition {
  const parsed = labDefinitionSchema.safeParse(definition);
  if (parsed.success) return parsed.data;
  const id = typeof definition.id === "string" ? definition.id : "(no id)";
  const problems = parsed.error.issues.map((issue) => `  - ${formatPath(issue.path)}: ${issue.message}`);
  throw new LabDefinitionError(`Lab "${id}" is not a valid lab definition:\n${problems.join("\n")}`);
}

function reportDuplicates(
  values: Array<string>,
  basePath: Array<string | number>,
  what: string,
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value))
      ctx.addIssue({ code: "custom", path: basePath, message: `duplicate ${what} "${value}" (each must be unique)` });
    seen.add(value);
  }
}

function formatPath(p: ReadonlyArray<PropertyKey>): string {
  if (p.length === 0) return "(lab)";
  return p
    .map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`))
    .join("")
    .replace(/^\./, "");
}
