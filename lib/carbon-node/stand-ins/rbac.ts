/**
 * Kubernetes RBAC as the `kube-apiserver` stand-in enforces it, read from the learner's rbac.yaml:
 * ServiceAccount, Role / ClusterRole (rules: apiGroups, resources, verbs, optional resourceNames) and
 * RoleBinding / ClusterRoleBinding (subjects, roleRef). Authorization follows Kubernetes' RBAC authorizer:
 * a request is allowed when some binding that applies to the user references a role with a rule that
 * matches the API group, resource, verb (and name); there are no deny rules. Other kinds are refused
 * with a message, so a typo does not silently grant nothing.
 */
import { z } from "zod";
import { parseYamlStream, yamlToValue, type YamlValue } from "@/lib/wso2-config/yaml-subset";

const metadata = z.object({ name: z.string().min(1), namespace: z.string().min(1).optional() }).loose();
const rule = z.object({
  apiGroups: z.array(z.string()).default([]),
  resources: z.array(z.string()).default([]),
  verbs: z.array(z.string()).min(1, "a rule needs at least one verb"),
  resourceNames: z.array(z.string()).optional(),
});
const roleSchema = z.object({
  apiVersion: z.string(),
  kind: z.enum(["Role", "ClusterRole"]),
  metadata,
  rules: z.array(rule).default([]),
});
const subject = z.object({
  kind: z.enum(["ServiceAccount", "User", "Group"]),
  name: z.string().min(1),
  namespace: z.string().optional(),
  apiGroup: z.string().optional(),
});
const bindingSchema = z.object({
  apiVersion: z.string(),
  kind: z.enum(["RoleBinding", "ClusterRoleBinding"]),
  metadata,
  subjects: z.array(subject).min(1, "a binding needs at least one subject"),
  roleRef: z.object({
    kind: z.enum(["Role", "ClusterRole"]),
    name: z.string().min(1),
    apiGroup: z.string().optional(),
  }),
});
const serviceAccountSchema = z.object({ apiVersion: z.string(), kind: z.literal("ServiceAccount"), metadata });

export type RbacRole = z.infer<typeof roleSchema>;
export type RbacBinding = z.infer<typeof bindingSchema>;
export type RbacPolicy = {
  serviceAccounts: Array<{ name: string; namespace: string }>;
  roles: Array<RbacRole>;
  bindings: Array<RbacBinding>;
};

export class RbacError extends Error {
  override name = "RbacError";
}

const KNOWN_KINDS = new Set(["ServiceAccount", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"]);

/** Read rbac.yaml. Namespaced objects without a namespace get `defaultNamespace`, as `kubectl apply -n` would. */
export function parseRbac(text: string, file: string, defaultNamespace: string): RbacPolicy {
  // The API server refuses a manifest it cannot read exactly, so every diagnostic of the shared reader (even the
  // ones a WSO2 file would only be warned about: a duplicate key, an alias) refuses it, at file:line:column.
  const parsed = parseYamlStream(text, file);
  const first = [...parsed.diagnostics].sort((a, b) => a.line - b.line || a.column - b.column)[0];
  if (first) throw new RbacError(`${file}:${first.line}:${first.column} ${first.message}`);
  const documents: Array<YamlValue> = parsed.documents.map(yamlToValue);
  const policy: RbacPolicy = { serviceAccounts: [], roles: [], bindings: [] };
  documents.forEach((doc, index) => {
    const where = `${file}, document ${index + 1}`;
    const kind = typeof doc === "object" && !Array.isArray(doc) ? doc["kind"] : undefined;
    if (typeof kind !== "string" || !KNOWN_KINDS.has(kind)) {
      throw new RbacError(
        `${where}: kind ${typeof kind === "string" ? `"${kind}"` : "(missing)"} is not one of ${[...KNOWN_KINDS].join(", ")}. Fix the kind or remove the document.`,
      );
    }
    const schema =
      kind === "ServiceAccount" ? serviceAccountSchema : kind.endsWith("Binding") ? bindingSchema : roleSchema;
    const parsed = schema.safeParse(doc);
    if (!parsed.success) {
      throw new RbacError(
        `${where} (${kind}): ${parsed.error.issues.map((i) => `${i.path.join(".") || "(document)"}: ${i.message}`).join("; ")}`,
      );
    }
    const data = parsed.data;
    const namespaced = kind === "ServiceAccount" || kind === "Role" || kind === "RoleBinding";
    const ns = data.metadata.namespace ?? (namespaced ? defaultNamespace : undefined);
    const meta = { ...data.metadata, ...(ns === undefined ? {} : { namespace: ns }) };
    if (data.kind === "ServiceAccount")
      policy.serviceAccounts.push({ name: meta.name, namespace: ns ?? defaultNamespace });
    else if (data.kind === "Role" || data.kind === "ClusterRole")
      policy.roles.push({ ...(data as RbacRole), metadata: meta });
    else policy.bindings.push({ ...(data as RbacBinding), metadata: meta });
  });
  return policy;
}

export type AccessRequest = {
  user: string;
  verb: string;
  apiGroup: string;
  resource: string;
  namespace: string;
  name: string | null;
};

function matches(list: ReadonlyArray<string>, value: string): boolean {
  return list.includes("*") || list.includes(value);
}

function subjectIs(s: z.infer<typeof subject>, user: string, bindingNamespace: string | undefined): boolean {
  if (s.kind === "ServiceAccount")
    return user === `system:serviceaccount:${s.namespace ?? bindingNamespace ?? ""}:${s.name}`;
  if (s.kind === "User") return user === s.name;
  return s.name === "system:serviceaccounts" ? user.startsWith("system:serviceaccount:") : false;
}

/** Kubernetes RBAC: allowed when a binding for the user references a role with a matching rule. */
export function authorize(policy: RbacPolicy, request: AccessRequest): boolean {
  for (const binding of policy.bindings) {
    if (binding.kind === "RoleBinding" && binding.metadata.namespace !== request.namespace) continue;
    if (!binding.subjects.some((s) => subjectIs(s, request.user, binding.metadata.namespace))) continue;
    const role = policy.roles.find(
      (r) =>
        r.kind === binding.roleRef.kind &&
        r.metadata.name === binding.roleRef.name &&
        (r.kind === "ClusterRole" || r.metadata.namespace === binding.metadata.namespace),
    );
    if (role === undefined) continue;
    const allowed = role.rules.some(
      (r) =>
        matches(r.apiGroups, request.apiGroup) &&
        matches(r.resources, request.resource) &&
        matches(r.verbs, request.verb) &&
        (r.resourceNames === undefined ||
          r.resourceNames.length === 0 ||
          (request.name !== null && r.resourceNames.includes(request.name))),
    );
    if (allowed) return true;
  }
  return false;
}
