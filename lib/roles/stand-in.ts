/**
 * What the two cloud stand-in roles (ec2, kube-apiserver; ADR 0027) have in common: each is one program of the
 * training-node bundle, run from the carbon-node image with `stand-in <kind> --config <home>/<file> --port <p>`,
 * ready when it answers /healthz, and docker-only (they need the lab network's DNS).
 */
import { UnsupportedOperationError } from "@/lib/runtime/errors";
import type { WaitStrategy } from "@/lib/runtime/types";
import { carbonRole } from "./carbon";
import type { StartRefusal } from "./types";

export function standInReadiness(ports: ReadonlyArray<number>): WaitStrategy {
  const port = ports[0];
  return port === undefined
    ? { kind: "running" }
    : { kind: "http", port, path: "/healthz", statusMin: 200, statusMax: 200 };
}

export function standInCommand(kind: "ec2" | "kube-apiserver", config: string, defaultPort: number) {
  return (ports: ReadonlyArray<number>): Array<string> => [
    "stand-in",
    kind,
    "--config",
    config,
    "--port",
    String(ports[0] ?? defaultPort),
  ];
}

/** The carbon-node image: the stand-ins are programs of its bundle, so no image of their own is built. */
export const STAND_IN_IMAGE = carbonRole.image;

export async function standInProgram(role: string): Promise<never> {
  throw new UnsupportedOperationError(
    `A ${role} stand-in`,
    "process",
    "the cloud stand-ins need the lab network's DNS (docker runtime)",
  );
}

/** The cloud stand-ins (ADR 0027) refuse a bad iam-policy.json / rbac.yaml with "Refusing to start: <file>[:line…]". */
export function standInRefusal(lines: ReadonlyArray<string>): StartRefusal | null {
  const line = lines.find((l) => /Refusing to start: /.test(l));
  if (!line) return null;
  const message = line.slice(line.indexOf("Refusing to start: ")).trim();
  const located = /Refusing to start: (\/\S+?\.(?:yaml|json))(?::(\d+))?/.exec(message);
  return { file: located?.[1] ?? "", line: located?.[2] ? Number(located[2]) : null, message };
}
