import { execFile } from "node:child_process";

/**
 * One git call for what `rampart sbom` asks git (the repository root, HEAD's time) without core's
 * runner, which loads execa on first use: about 110 modules, a third of the command's start-up.
 * These answers are optional (an SBOM of an unpacked source tree has neither), so any failure,
 * git missing included, is `undefined`.
 */
export function gitOutput(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      "git",
      [...args],
      { cwd: options.cwd, env: options.env ?? process.env, timeout: 30_000 },
      (error, stdout) => {
        resolve(error ? undefined : stdout.trim());
      },
    );
  });
}
