import { describe, expect, it } from "vitest";
import { makeCarbonConfig } from "./config-factory";
import { DEFAULT_MULTICAST_GROUP, deriveSettings, SettingsError, type RuntimeOptions } from "./node-settings";

const options: RuntimeOptions = { name: "n1", bind: null, registryCacheTtlSeconds: 900, dataDir: null };

describe("deriveSettings", () => {
  it("uses Carbon's defaults: heartbeat 1 s, max-no-heartbeat 600 s, merge 60/30 s", () => {
    const s = deriveSettings(makeCarbonConfig(), options);
    expect(s.mode).toBe("wka");
    expect(s.timing.heartbeatIntervalMs).toBe(1000);
    expect(s.timing.maxNoHeartbeatMs).toBe(600_000);
    expect(s.timing.mergeFirstRunDelayMs).toBe(60_000);
    expect(s.timing.mergeNextRunDelayMs).toBe(30_000);
    expect(s.domain).toBe("wso2.carbon.domain");
  });

  it("does not move localMemberPort with the offset, but the servlet port moves", () => {
    const s = deriveSettings(makeCarbonConfig({ server: { offset: 2 } }), options);
    expect(s.memberPort).toBe(4000);
    expect(s.httpPort).toBe(9765);
  });

  it("binds the member port on localMemberHost and HTTP on every interface, unless --bind overrides both", () => {
    const cfg = makeCarbonConfig({ clustering: { localMemberHost: "10.1.2.3" } });
    expect(deriveSettings(cfg, options)).toMatchObject({
      advertisedHost: "10.1.2.3",
      memberBindHost: "10.1.2.3",
      httpBindHost: "0.0.0.0",
    });
    expect(deriveSettings(cfg, { ...options, bind: "127.0.0.9" })).toMatchObject({
      advertisedHost: "10.1.2.3",
      memberBindHost: "127.0.0.9",
      httpBindHost: "127.0.0.9",
    });
  });

  it("runs standalone when clustering is disabled, multicast when the scheme is missing", () => {
    expect(deriveSettings(makeCarbonConfig({ clustering: { enabled: false } }), options).mode).toBe("standalone");
    const mcast = deriveSettings(makeCarbonConfig({ clustering: { scheme: null } }), options);
    expect(mcast.mode).toBe("multicast");
    expect(mcast.multicast).toEqual({ group: DEFAULT_MULTICAST_GROUP, port: 45564, ttl: 100 });
  });

  it("rejects an unknown scheme with Carbon's message, and schemes it does not model with a lab hint", () => {
    expect(() => deriveSettings(makeCarbonConfig({ clustering: { scheme: "zk" } }), options)).toThrow(
      /Invalid membership scheme 'zk'. Supported schemes are multicast, wka & aws/,
    );
    expect(() => deriveSettings(makeCarbonConfig({ clustering: { scheme: "aws-ecs" } }), options)).toThrow(
      SettingsError,
    );
  });

  it("reads the AWS and Kubernetes parameters (axis2 parameters or [clustering.properties]) and ignores the members list", () => {
    const aws = deriveSettings(
      makeCarbonConfig({
        clustering: {
          scheme: "aws",
          members: [{ host: "10.0.0.1", port: 5701 }],
          parameters: { region: "eu-west-1", securityGroup: "wso2" },
          properties: { accessKey: "AK" },
        },
      }),
      options,
    );
    expect(aws.mode).toBe("aws");
    expect(aws.wkaMembers).toEqual([]);
    expect(aws.aws).toMatchObject({
      region: "eu-west-1",
      securityGroup: "wso2",
      accessKey: "AK",
      hostHeader: "ec2.eu-west-1.amazonaws.com",
    });
    const k8s = deriveSettings(
      makeCarbonConfig({
        clustering: {
          scheme: "kubernetes",
          properties: { KUBERNETES_NAMESPACE: "wso2", KUBERNETES_SERVICES: "a, b", USE_DNS: "false" },
        },
      }),
      options,
    );
    expect(k8s.kubernetes).toEqual({
      namespace: "wso2",
      services: ["a", "b"],
      useDns: false,
      apiServer: null,
      token: null,
    });
  });

  it("names the hazelcast key when a timing value is not a number", () => {
    try {
      deriveSettings(makeCarbonConfig({ hazelcast: { "hazelcast.max.no.heartbeat.seconds": "ten" } }), options);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SettingsError);
      expect((error as SettingsError).key).toBe("hazelcast.max.no.heartbeat.seconds");
    }
  });
});
