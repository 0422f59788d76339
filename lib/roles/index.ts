/**
 * The role registry: one module per node role (lib/roles/<role>.ts) holding its home, ports, stage,
 * readiness, environment, image recipe and process program. Everything else asks here instead of keeping
 * its own per-role table (ADR 0017).
 *
 * Adding a role: write lib/roles/<role>.ts with `defineRole({...})` (copy nginx.ts), add its name to
 * NODE_ROLES in ./names.ts and one line to ROLES below, add images/<image>/{entrypoint.sh,setup.sh} and run
 * `clusterlab images dockerfiles`. The `satisfies` below and registry.test.ts fail until every piece is there.
 */
import { carbonRole } from "./carbon";
import { ec2Role } from "./ec2";
import { kubeApiserverRole } from "./kube-apiserver";
import { mariadbRole } from "./mariadb";
import { NODE_ROLES, type NodeRole } from "./names";
import { nginxRole } from "./nginx";
import { postgresRole } from "./postgres";
import type { RoleDefinition } from "./types";

export const ROLES = {
  carbon: carbonRole,
  nginx: nginxRole,
  postgres: postgresRole,
  mariadb: mariadbRole,
  ec2: ec2Role,
  "kube-apiserver": kubeApiserverRole,
} as const satisfies { [R in NodeRole]: RoleDefinition<R> };

export { NODE_ROLES, type NodeRole };
export { CARBON_NODE_BUNDLE } from "./carbon";
export {
  defineRole,
  IMAGE_ENTRYPOINT,
  portReadiness,
  type ImageFile,
  type ImageRecipe,
  type RoleDefinition,
} from "./types";

/** The registered roles in NODE_ROLES order. */
export function allRoles(): Array<RoleDefinition> {
  return NODE_ROLES.map((name) => ROLES[name]);
}

/** The image names (`clusterlab/<name>`) the registered roles run. */
export type ImageName = (typeof ROLES)[NodeRole]["image"]["name"];

/** Where each role keeps its files inside a node (RoleDefinition.home), as one table for callers that want it. */
export const ROLE_HOMES = Object.fromEntries(NODE_ROLES.map((name) => [name, ROLES[name].home])) as {
  [R in NodeRole]: (typeof ROLES)[R]["home"];
};
