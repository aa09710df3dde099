import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";

/**
 * Where the advisory data is: `--db`, else `deps.database` (relative to the repository root),
 * else the user's cache directory (XDG_CACHE_HOME, ~/Library/Caches, %LOCALAPPDATA%), never
 * inside node_modules, where an install could replace it.
 */
export function databaseLocation(options: {
  root: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  flag?: string;
  policy?: string;
  platform?: NodeJS.Platform;
}): string {
  if (options.flag !== undefined) return resolve(options.cwd, options.flag);
  if (options.policy !== undefined)
    return isAbsolute(options.policy) ? options.policy : resolve(options.root, options.policy);
  return join(userCacheDir(options.env, options.platform ?? process.platform), "rampart", "osv");
}

export function userCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (env.XDG_CACHE_HOME !== undefined && isAbsolute(env.XDG_CACHE_HOME)) return env.XDG_CACHE_HOME;
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  if (platform === "darwin") return join(home, "Library", "Caches");
  if (platform === "win32") return env.LOCALAPPDATA ?? join(home, "AppData", "Local");
  return join(home, ".cache");
}
