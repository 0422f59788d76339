/** The bundle's entry: run the node. Kept apart from main.ts so tests can import main() without starting it. */
import { main } from "./main";

void main(process.argv.slice(2));
