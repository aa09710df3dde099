import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * The files `rampart workflows check` judges by default, repository-relative: .github/workflows/*.y*ml,
 * action.y*ml of actions under .github/actions/, and .gitlab-ci.yml. Symlinks are not followed.
 */
export function defaultWorkflowFiles(root: string): string[] {
  const out: string[] = [];
  for (const name of list(join(root, ".github/workflows")))
    if (/\.ya?ml$/.test(name) && isFile(join(root, ".github/workflows", name))) out.push(`.github/workflows/${name}`);
  walkActions(root, ".github/actions", out, 0);
  if (isFile(join(root, ".gitlab-ci.yml"))) out.push(".gitlab-ci.yml");
  return out.sort();
}

function walkActions(root: string, dir: string, out: string[], depth: number): void {
  if (depth > 4) return;
  for (const name of list(join(root, dir))) {
    const rel = `${dir}/${name}`;
    const stat = lstatSync(join(root, rel), { throwIfNoEntry: false });
    if (stat?.isDirectory()) walkActions(root, rel, out, depth + 1);
    else if (stat?.isFile() && /^action\.ya?ml$/.test(name)) out.push(rel);
  }
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function isFile(path: string): boolean {
  return lstatSync(path, { throwIfNoEntry: false })?.isFile() === true;
}
