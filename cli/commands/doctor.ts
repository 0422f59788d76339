/**
 * `clusterlab doctor`: is this machine ready for the labs? Prints each finding with its fix.
 * Exit 0 when nothing blocks the labs (warnings allowed), 2 when something does (an environment error).
 */
import path from "node:path";
import { Command } from "commander";
import { getEnv } from "@/lib/env";
import { doctorExitCode, formatFindings, runDoctor } from "@/lib/labs/doctor";
import { connectDocker } from "@/lib/runtime/docker/client";
import { createDockerRuntime } from "@/lib/runtime/docker/runtime";
import { getLabRegistry } from "@/labs/index";
import { EXIT_USAGE } from "../exit";

export function registerDoctorCommands(program: Command): void {
  program
    .command("doctor")
    .description("Check Docker, memory, images, leftover lab sessions and ports; say how to fix each problem")
    .option("--json", "print the findings as JSON")
    .option("--fix", "remove leftover lab sessions")
    .action(async (opts: { json?: boolean; fix?: boolean }) => {
      try {
        const env = getEnv();
        const conn = connectDocker(env.DOCKER_HOST);
        const findings = await runDoctor({
          conn,
          runtime: createDockerRuntime({ conn }),
          labs: getLabRegistry().list(),
          appPort: env.PORT,
          root: path.resolve(import.meta.dirname, "..", ".."),
          fix: opts.fix,
        });
        process.stdout.write(
          `${opts.json ? JSON.stringify({ ok: doctorExitCode(findings) === 0, findings }, null, 2) : formatFindings(findings)}\n`,
        );
        process.exitCode = doctorExitCode(findings);
      } catch (error) {
        process.stderr.write(`clusterlab doctor: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = EXIT_USAGE;
      }
    });
}
