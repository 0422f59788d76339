/**
 * The five API Manager 2.6 profiles (facts §9: `wso2server.sh -Dprofile=<profile>`) and the ports the training
 * node's API-M model serves them on. A teaching model (docs/decisions/0032-apim-profile-model.md), not WSO2 code.
 */
import { z } from "zod";

// One list of the profiles and their databases for the config lint (lib/wso2-config) and the node.
import { APIM_PROFILE_DATABASES, APIM_PROFILES, type ApimProfile } from "@/lib/wso2-config";

export { APIM_PROFILES, type ApimProfile };
export const apimProfileSchema = z.enum(APIM_PROFILES);

/** WSO2's default ports at offset 0 (facts §8, §9); every one moves with the port offset. */
export const APIM_PORTS = {
  /** The HTTPS servlet port: admin services (/services/...), the Publisher, Store and Key Manager web apps. */
  servletHttps: 9443,
  /** The Gateway's pass-through ports (HTTP and HTTPS). */
  passThroughHttp: 8280,
  passThroughHttps: 8243,
  /** The Traffic Manager's binary event receiver (ReceiverUrlGroup). */
  tmReceiver: 9611,
  /** The Traffic Manager's JMS broker (the brokerlist of JMSConnectionDetails). */
  tmBroker: 5672,
} as const;

export type ApimPorts = { -readonly [K in keyof typeof APIM_PORTS]: number };

export function apimPorts(offset: number): ApimPorts {
  return {
    servletHttps: APIM_PORTS.servletHttps + offset,
    passThroughHttp: APIM_PORTS.passThroughHttp + offset,
    passThroughHttps: APIM_PORTS.passThroughHttps + offset,
    tmReceiver: APIM_PORTS.tmReceiver + offset,
    tmBroker: APIM_PORTS.tmBroker + offset,
  };
}

/** The profiles that keep API, subscription and token state in WSO2AM_DB. */
export function usesAmDb(profile: ApimProfile): boolean {
  return APIM_PROFILE_DATABASES[profile].includes("WSO2AM_DB");
}

export class ProfileArgumentError extends Error {
  override name = "ProfileArgumentError";
}

/**
 * Take `-Dprofile=<p>` out of the command line, as wso2server.sh takes it: the lab's node command passes it
 * through the image entrypoint. Returns the profile (null when absent) and the remaining arguments.
 */
export function takeProfileArgument(argv: ReadonlyArray<string>): { profile: ApimProfile | null; rest: Array<string> } {
  let profile: ApimProfile | null = null;
  const rest: Array<string> = [];
  for (const arg of argv) {
    const m = /^-Dprofile=(.*)$/.exec(arg);
    if (!m) {
      rest.push(arg);
      continue;
    }
    const parsed = apimProfileSchema.safeParse(m[1]);
    if (!parsed.success)
      throw new ProfileArgumentError(
        `Unknown profile '${m[1]}' in ${arg}. API-M 2.6 profiles are ${APIM_PROFILES.join(", ")}: start the node with -Dprofile=<one of them>.`,
      );
    profile = parsed.data;
  }
  return { profile, rest };
}
