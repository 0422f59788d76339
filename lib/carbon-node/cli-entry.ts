/**
 * The bundle's entry: run the node, or a stand-in (`stand-in ec2|kube-apiserver ...`) when the role's
 * command asks for one. Kept apart from main.ts so tests can import main() without starting it.
 */
import { main } from "./main";
import { standInMain } from "./stand-ins/main";

const argv = process.argv.slice(2);
void (argv[0] === "stand-in" ? standInMain(argv.slice(1)) : main(argv));
