/**
 * The ONE place the node obtains its configuration. Two inputs:
 * - `--carbon-home <dir>`: the real files (deployment.toml, or axis2.xml and friends), parsed by
 *   lib/wso2-config's `loadCarbonHome` (the only call into that library).
 * - `--config-json <file>`: a `CarbonConfig` as JSON — exactly what `clusterlab config explain --json`
 *   prints — used by tests and the benchmark to describe nodes without writing product files.
 * Either way, a config carrying error diagnostics is refused (exit 78) with file, line and key.
 */
import fs from "node:fs";
import { CarbonHomeError, loadCarbonHome } from "@/lib/wso2-config";
import { carbonConfigSchema, type CarbonConfig, type Diagnostic } from "@/lib/wso2-config/model";

export class ConfigRefusedError extends Error {
  override name = "ConfigRefusedError";
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}${d.key ? ` [${d.key}]` : ""} ${d.severity}: ${d.message}`;
}

/** Refuse to start half-configured. */
export function assertStartable(config: CarbonConfig): CarbonConfig {
  const errors = config.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) {
    throw new ConfigRefusedError(
      `Refusing to start: the configuration has ${errors.length} error(s):\n${errors.map((d) => `  ${formatDiagnostic(d)}`).join("\n")}\nFix them and start the node again.`,
    );
  }
  return config;
}

export function loadConfigJson(file: string): CarbonConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigRefusedError(`Cannot read --config-json ${file}: ${(error as Error).message}`);
  }
  const parsed = carbonConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${file}: ${i.path.join(".")}: ${i.message}`);
    throw new ConfigRefusedError(`--config-json ${file} is not a CarbonConfig:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export async function loadCarbonHomeConfig(carbonHome: string): Promise<CarbonConfig> {
  try {
    return await loadCarbonHome(carbonHome);
  } catch (error) {
    if (error instanceof CarbonHomeError)
      throw new ConfigRefusedError(`${error.message} (--carbon-home / CARBON_HOME)`);
    throw error;
  }
}

export async function loadNodeConfig(input: {
  carbonHome: string | null;
  configJson: string | null;
}): Promise<CarbonConfig> {
  if (input.configJson) return assertStartable(loadConfigJson(input.configJson));
  if (input.carbonHome) return assertStartable(await loadCarbonHomeConfig(input.carbonHome));
  throw new ConfigRefusedError(
    "No configuration: pass --carbon-home <dir> (or set CARBON_HOME), or --config-json <file>.",
  );
}
