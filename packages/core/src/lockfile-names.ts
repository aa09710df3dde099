/**
 * The lockfile names rampart reads, the one list every package uses (the hooks spot a staged
 * lockfile with it, @rampart/lockfile picks its parser by it). A new format adds its name here
 * and its parser in @rampart/lockfile.
 */
export const LOCKFILE_NAMES = ["package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock"] as const;

export type LockfileName = (typeof LOCKFILE_NAMES)[number];

/** Whether a repository-relative path (forward slashes) names a lockfile. */
export function isLockfilePath(path: string): boolean {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return (LOCKFILE_NAMES as readonly string[]).includes(name);
}
