/**
 * Entry of the stand-in programs in the training-node bundle, selected by the role's command:
 *   node carbon-node.mjs stand-in ec2 --config <ec2.json> [--port 80]
 *   node carbon-node.mjs stand-in kube-apiserver --config <kube.json> [--port 6443]
 * The JSON config is written by the lab (lib/labs/cloud-stand-ins.ts); the learner-editable policy files
 * it names (iam-policy.json, rbac.yaml) are read here, and a bad one stops the program with exit 78 and a
 * message naming the file, as `kubectl apply` or `aws iam put-user-policy` would refuse it.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { IamPolicyError, parseIamPolicy } from "./iam-policy";
import { ec2InstanceSchema, startEc2StandIn } from "./ec2";
import { kubeServiceSchema, kubeTokenSchema, startKubeApiServerStandIn } from "./kube-apiserver";
import { parseRbac, RbacError } from "./rbac";

const EXIT_CONFIG = 78;

export const ec2ConfigSchema = z.object({
  regions: z.array(z.string().min(1)).min(1),
  instances: z.array(ec2InstanceSchema),
  users: z
    .array(
      z.object({
        name: z.string().min(1),
        accessKeyId: z.string().min(16),
        secretAccessKey: z.string().min(16),
        policyFile: z.string().min(1),
      }),
    )
    .min(1),
});
export type Ec2ConfigFile = z.infer<typeof ec2ConfigSchema>;

export const kubeConfigSchema = z.object({
  defaultNamespace: z.string().min(1),
  services: z.array(kubeServiceSchema).min(1),
  tokens: z.array(kubeTokenSchema).min(1),
  rbacFile: z.string().min(1),
});
export type KubeConfigFile = z.infer<typeof kubeConfigSchema>;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(EXIT_CONFIG);
}

function readJson<T>(file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    fail(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    fail(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data;
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    fail(
      `Cannot read ${file}: ${(error as Error).message}. The lab puts it there from the workspace; run \`lab reset\` if you deleted it.`,
    );
  }
}

export async function standInMain(argv: Array<string>): Promise<void> {
  const [kind, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { config: { type: "string" }, port: { type: "string" } },
    strict: true,
  });
  if (values.config === undefined) fail("Usage: carbon-node stand-in ec2|kube-apiserver --config <file> [--port N]");
  const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  let close: () => Promise<void>;
  try {
    if (kind === "ec2") {
      const config = readJson(values.config, ec2ConfigSchema);
      const users = config.users.map((u) => ({
        name: u.name,
        accessKeyId: u.accessKeyId,
        secretAccessKey: u.secretAccessKey,
        policy: parseIamPolicy(readText(u.policyFile), u.policyFile),
      }));
      const server = await startEc2StandIn(
        { regions: config.regions, instances: config.instances, users },
        { port: Number(values.port ?? 80), log },
      );
      log(
        `ec2 stand-in (ClusterLab teaching model of the EC2 Query API) listening on port ${server.port}: ${config.instances.length} instance(s), ${users.length} IAM user(s)`,
      );
      close = server.close;
    } else if (kind === "kube-apiserver") {
      const config = readJson(values.config, kubeConfigSchema);
      const rbac = parseRbac(readText(config.rbacFile), config.rbacFile, config.defaultNamespace);
      const server = await startKubeApiServerStandIn(
        { services: config.services, tokens: config.tokens, rbac },
        { port: Number(values.port ?? 6443), log },
      );
      log(
        `kube-apiserver stand-in (ClusterLab teaching model of the Kubernetes API) listening on port ${server.port}: ${config.services.length} service(s), ${rbac.roles.length} role(s), ${rbac.bindings.length} binding(s)`,
      );
      close = server.close;
    } else {
      fail(`Unknown stand-in "${kind ?? ""}": use ec2 or kube-apiserver.`);
    }
  } catch (error) {
    if (error instanceof IamPolicyError || error instanceof RbacError) fail(`Refusing to start: ${error.message}`);
    throw error;
  }
  const stop = () => void close().finally(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
