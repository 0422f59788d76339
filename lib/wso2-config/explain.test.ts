/** The readable `config explain` summary of the cloud schemes, on WSO2's own files. */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { explainCarbonHome } from "./explain";

const samples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../shared/reference/wso2-samples");

describe("explainCarbonHome", () => {
  it("summarises the Kubernetes scheme of IS 5.10 (toml) and IS 5.8 (axis2.xml) homes", async () => {
    expect(await explainCarbonHome(path.join(samples, "is510-k8s-toml"))).toMatch(
      /Kubernetes discovery: Kubernetes API endpoints \(the pod's KUBERNETES_SERVICE_HOST\), namespace \{\{ WSO2_IS_KUBERNETES_NAMESPACE \}\}, services wso2is-pattern-1-service/,
    );
    const is58 = await explainCarbonHome(path.join(samples, "is580-k8s-axis2"));
    expect(is58).toMatch(/Kubernetes discovery: .*namespace /);
    expect(is58).not.toMatch(/well-known members/);
  });
});
