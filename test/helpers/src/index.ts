export {
  type FileTree,
  type GitCallOptions,
  type GitCallResult,
  type GitRepo,
  type GitRepoOptions,
  gitRepo,
  sandboxEnv,
  tempDir,
} from "./git-repo.js";
export { loadedModules, moduleTracer } from "./loaded-modules.js";
export { prng } from "./random.js";
export {
  type CliResult,
  cleanEnv,
  cliBin,
  type RunCliOptions,
  repoRoot,
  runCli,
  runCommand,
  sharedPath,
} from "./run-cli.js";
export { validateSarif } from "./sarif.js";
export { describeWithShared, hasShared, sharedSkipReason } from "./shared.js";
export { armoredSshSig, craftedKeyBlobs, sshMpint, sshString } from "./ssh-crafted.js";
