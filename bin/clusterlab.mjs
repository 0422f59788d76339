#!/usr/bin/env node
// The `clusterlab` command: runs the TypeScript CLI through tsx, so learners need no build step.
import { register } from "tsx/esm/api";

register({ tsconfig: new URL("../tsconfig.json", import.meta.url).pathname });
await import("../cli/index.ts");
