#!/usr/bin/env node
// The CLI's whole bin: main() parses argv, runs the command and sets process.exitCode.
import { main } from "../dist/main.js";

await main(process.argv.slice(2));
