#!/usr/bin/env node
// The CLI's whole bin: main() parses argv, runs the command and sets process.exitCode. The Node
// check comes first, so an old Node gets one clear line instead of a syntax or import error.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`rampart: needs Node.js 22.12 or newer; this is ${process.version}\n`);
  process.stderr.write(
    "  hint: install a current Node LTS (https://nodejs.org), or run rampart through npx with one\n",
  );
  process.exitCode = 2;
} else {
  // Hooks start rampart on every commit: reuse V8's compiled code across runs (Node >= 22.1).
  process.getBuiltinModule("node:module").enableCompileCache?.();
  const { main } = await import("../dist/main.js");
  await main(process.argv.slice(2));
}
