import { compileGlobs } from "./glob.js";

/**
 * The CI files rampart's workflow audit judges, as core's globs (repository-relative): GitHub
 * workflows, the action.yml of local actions, GitLab CI files (the root one, nested ones and
 * includes under .gitlab/). The pre-commit hook audits a staged file that matches.
 */
export const WORKFLOW_FILE_GLOBS = [
  ".github/workflows/*.{yml,yaml}",
  ".github/actions/**/action.{yml,yaml}",
  "**/.gitlab-ci.yml",
  ".gitlab/**/*.gitlab-ci.{yml,yaml}",
] as const;

let matcher: ((path: string) => boolean) | undefined;

/** Whether a repository-relative path (forward slashes) is a CI file the workflow audit judges. */
export function isWorkflowPath(path: string): boolean {
  // Every commit asks: a path that is no YAML file never loads the glob matcher.
  if (!/\.ya?ml$/.test(path)) return false;
  matcher ??= compileGlobs(WORKFLOW_FILE_GLOBS);
  return matcher(path);
}
