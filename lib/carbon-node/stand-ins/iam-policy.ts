/**
 * The IAM policy language subset the `ec2` stand-in enforces for the lab's IAM user: a policy document
 * (`Version`, `Statement` with `Effect`, `Action`, `Resource`), actions with `*` wildcards, explicit Deny
 * winning over Allow, and implicit deny otherwise — AWS's evaluation order for one identity policy.
 * `NotAction`, `Principal` and `Condition` are not modelled and are refused with a message.
 */
import { z } from "zod";

const stringOrList = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((v) => (Array.isArray(v) ? v : [v]));
const statementSchema = z
  .object({
    Sid: z.string().optional(),
    Effect: z.enum(["Allow", "Deny"]),
    Action: stringOrList,
    Resource: stringOrList,
  })
  .strict();
export const iamPolicySchema = z
  .object({
    Version: z.enum(["2012-10-17", "2008-10-17"]),
    Statement: z
      .union([statementSchema, z.array(statementSchema).min(1)])
      .transform((v) => (Array.isArray(v) ? v : [v])),
  })
  .strict();
export type IamPolicy = z.infer<typeof iamPolicySchema>;

export class IamPolicyError extends Error {
  override name = "IamPolicyError";
}

export function parseIamPolicy(text: string, file: string): IamPolicy {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new IamPolicyError(
      `${file} is not valid JSON: ${(error as Error).message}. An IAM policy is a JSON document.`,
    );
  }
  const parsed = iamPolicySchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(document)"}: ${i.message}`).join("; ");
    throw new IamPolicyError(
      `${file} is not an IAM policy this lab models (Version, Statement[{Effect, Action, Resource}], no Condition/NotAction/Principal): ${issues}`,
    );
  }
  return parsed.data;
}

function glob(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
    "i",
  );
  return re.test(value);
}

/** Allowed unless a Deny matches; allowed only when an Allow matches (IAM is case-insensitive on actions). */
export function isActionAllowed(policy: IamPolicy, action: string, resource = "*"): boolean {
  const applies = (s: IamPolicy["Statement"][number]) =>
    s.Action.some((a) => glob(a, action)) && s.Resource.some((r) => r === "*" || glob(r, resource));
  if (policy.Statement.some((s) => s.Effect === "Deny" && applies(s))) return false;
  return policy.Statement.some((s) => s.Effect === "Allow" && applies(s));
}
