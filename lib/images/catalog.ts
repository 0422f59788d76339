/**
 * The images ClusterLab builds, described once as data: each role's image recipe (lib/roles/<role>.ts
 * `image`). Both build paths use the same description: the online path renders it into a Dockerfile
 * (FROM debian:bookworm-slim + apt), the offline path installs the same Debian packages into a debootstrap
 * root filesystem and imports it. See docs/decisions/0008-offline-images.md and 0017-role-registry.md.
 */
import { NODE_ROLES, ROLES, type ImageName, type ImageRecipe, type NodeRole } from "@/lib/roles";

export { CARBON_NODE_BUNDLE, type ImageFile } from "@/lib/roles";
export type { ImageName };

export type ImageDefinition = ImageRecipe<ImageName> & { role: NodeRole };

/** The first role (in NODE_ROLES order) of each image: roles may share one (the stand-ins run carbon-node). */
const IMAGE_OWNERS = NODE_ROLES.filter(
  (role, index) => NODE_ROLES.findIndex((other) => ROLES[other].image.name === ROLES[role].image.name) === index,
);

/** One entry per image, in NODE_ROLES order. */
export const IMAGE_NAMES = IMAGE_OWNERS.map((role) => ROLES[role].image.name) as ReadonlyArray<ImageName>;

// Key order matters: imageHash hashes the JSON of a definition, and `name, role` first keeps the hashes (and so
// the already-built images) of the catalogue this replaced.
export const IMAGE_CATALOG = Object.fromEntries(
  IMAGE_OWNERS.map((role) => {
    const { name, ...recipe } = ROLES[role].image;
    return [name, { name, role, ...recipe }];
  }),
) as Record<ImageName, ImageDefinition>;

/** `clusterlab/<name>` */
export function imageRepository(name: ImageName): string {
  return `clusterlab/${name}`;
}
