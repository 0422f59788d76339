/** Training-node defaults that are not WSO2 keys (documented in docs/decisions/0006-training-node.md). */

/** Carbon caches expire after 15 minutes by default; the registry read cache uses the same. */
export const DEFAULT_REGISTRY_CACHE_TTL_SECONDS = 900;
