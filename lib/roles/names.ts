/**
 * The node roles, by name. A leaf module with no imports, so browser code (the console's topology schema)
 * can validate a role without bundling the role modules' process programs. Adding a role: its name here and
 * its module in ./index.ts; the compiler refuses one without the other (see ./index.ts).
 */
export const NODE_ROLES = ["carbon", "nginx", "postgres", "mariadb", "ec2", "kube-apiserver"] as const;
export type NodeRole = (typeof NODE_ROLES)[number];
