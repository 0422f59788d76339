import { describe, expect, it } from "vitest";
import { brokerTargets, EndpointError, plainHttpUrl, resolvePlaceholders, serviceUrl, tcpTargets } from "./endpoints";
import { ProfileArgumentError, takeProfileArgument } from "./profiles";

describe("api-manager.xml URLs as the model calls them", () => {
  it("calls a /services/ base over plain HTTP on the port the URL names", () => {
    expect(serviceUrl("https://km:9443/services/", "X/y", "AuthManager/ServerURL")).toBe("http://km:9443/services/X/y");
    expect(serviceUrl("https://km:9443/services", "X", "e")).toBe("http://km:9443/services/X");
  });
  it("resolves a default pack's placeholders to this node, with the offset", () => {
    expect(serviceUrl("https://localhost:${mgt.transport.https.port}${carbon.context}services/", "S", "e", 2)).toBe(
      "http://localhost:9445/services/S",
    );
    expect(resolvePlaceholders("tcp://${carbon.local.ip}:${receiver.url.port}", 0)).toBe("tcp://localhost:9611");
  });
  it("names the element when a URL is missing or not http(s)", () => {
    expect(() => serviceUrl(null, "S", "APIKeyValidator/ServerURL")).toThrow(/APIKeyValidator\/ServerURL is not set/);
    expect(() => serviceUrl("tcp://km:9443/", "S", "AuthManager/ServerURL")).toThrow(EndpointError);
  });
  it("reads receiver groups in fail-over and load-balance form, and a JMS brokerlist", () => {
    expect(tcpTargets("{tcp://tm1:9611|tcp://tm2:9611}")).toEqual([
      { host: "tm1", port: 9611 },
      { host: "tm2", port: 9611 },
    ]);
    expect(tcpTargets("tcp://tm:9611,tcp://tm2:9612")).toHaveLength(2);
    expect(tcpTargets("not a url")).toEqual([]);
    expect(brokerTargets("amqp://admin:admin@clientid/carbon?brokerlist='tcp://tm:5672'")).toEqual([
      { host: "tm", port: 5672 },
    ]);
    expect(brokerTargets("amqp://a:b@clientid/carbon?brokerlist='tcp://${carbon.local.ip}:${jms.port}'", 1)).toEqual([
      { host: "localhost", port: 5673 },
    ]);
  });
  it("keeps the path of RevokeAPIURL", () => {
    expect(plainHttpUrl("https://gw1:8243/revoke", "RevokeAPIURL")).toBe("http://gw1:8243/revoke");
  });
});

describe("-Dprofile=", () => {
  it("takes the profile out of the arguments", () => {
    expect(takeProfileArgument(["--name", "km", "-Dprofile=api-key-manager"])).toEqual({
      profile: "api-key-manager",
      rest: ["--name", "km"],
    });
    expect(takeProfileArgument(["--name", "x"]).profile).toBeNull();
  });
  it("refuses an unknown profile and lists the five", () => {
    expect(() => takeProfileArgument(["-Dprofile=gateway-manager"])).toThrow(ProfileArgumentError);
    expect(() => takeProfileArgument(["-Dprofile=gateway"])).toThrow(/gateway-worker, api-key-manager/);
  });
});
