import { git } from "@rampart/core/git";

/**
 * One git call for what `rampart sbom` asks git (the repository root, HEAD's time), through
 * core's git layer. These answers are optional (an SBOM of an unpacked source tree has neither),
 * so any failure, git missing included, is `undefined`.
 */
export async function gitOutput(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<string | undefined> {
  try {
    return (await git(args, options)).stdout.trim();
  } catch {
    return undefined;
  }
}
