/**
 * `clusterlab` — the command-line face of the same lib/ calls the web UI makes.
 * Each command group lives in cli/commands/<group>.ts and exports `register<Group>Commands(program)`.
 * Exit codes: 0 success/pass, 1 check failures (or lint errors), 2 usage or environment error.
 */
import { Command, CommanderError } from "commander";
import { registerLabCommands } from "./commands/lab";
import { registerDoctorCommands } from "./commands/doctor";
import { registerConfigCommands } from "./commands/config";
import { registerLoginCommands } from "./commands/login";
import { registerSubmitCommands } from "./commands/submit";
import { registerImagesCommands } from "./commands/images";
import { registerAdminCommands } from "./commands/admin";
import { EXIT_OK, EXIT_USAGE } from "./exit";

export function buildProgram(): Command {
  const program = new Command()
    .name("clusterlab")
    .description("WSO2 clustering course: labs, graders and config tools")
    .showHelpAfterError()
    .exitOverride();
  // Command groups register here (one line each).
  registerLabCommands(program);
  registerDoctorCommands(program);
  registerConfigCommands(program);
  registerLoginCommands(program);
  registerSubmitCommands(program);
  registerImagesCommands(program);
  registerAdminCommands(program);
  return program;
}

async function main(argv: Array<string>): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    process.stderr.write(`clusterlab: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_USAGE;
  }
}

const isEntry = process.argv[1] !== undefined && /(cli[\\/]index\.ts|clusterlab(\.mjs)?)$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv).then((code) => process.exit(code));
}
