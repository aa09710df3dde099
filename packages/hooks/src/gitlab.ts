import { isMap, isSeq, parseDocument } from "yaml";

export const GITLAB_JOB_FILE = ".gitlab/rampart.gitlab-ci.yml";

/**
 * Adds `include: - local: .gitlab/rampart.gitlab-ci.yml` to a .gitlab-ci.yml, keeping its comments
 * and layout. Returns undefined when the include is already there; `note` when the file's
 * `include` has a shape rampart will not rewrite (a single string or map): the user adds it.
 */
export function addGitlabInclude(text: string): { text?: string; note?: string } {
  const doc = parseDocument(text, { logLevel: "error" });
  // Empty, broken or not a mapping: nothing rampart can edit safely; the user adds the line.
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    return {
      note: `.gitlab-ci.yml is empty, not valid YAML or not a mapping: add \`include: [{ local: ${GITLAB_JOB_FILE} }]\` to run rampart's job`,
    };
  }
  const include = doc.get("include", true);
  if (include === undefined) {
    const pair = doc.createPair("include", [{ local: GITLAB_JOB_FILE }]);
    (pair.key as { commentBefore?: string }).commentBefore =
      " rampart's checks (SRC-1, SRC-2, MAT-3, MAT-6), added by rampart init";
    (doc.contents as unknown as { items: unknown[] }).items.unshift(pair);
    return { text: doc.toString({ flowCollectionPadding: false }) };
  }
  if (!isSeq(include)) {
    return { note: `.gitlab-ci.yml: add \`- local: ${GITLAB_JOB_FILE}\` to its include list to run rampart's job` };
  }
  if (JSON.stringify(include.toJSON()).includes(GITLAB_JOB_FILE)) return {};
  include.add(doc.createNode({ local: GITLAB_JOB_FILE }));
  return { text: doc.toString({ flowCollectionPadding: false }) };
}

export function removeGitlabInclude(text: string): string {
  const doc = parseDocument(text, { logLevel: "error" });
  const include = doc.get("include", true);
  if (!isSeq(include)) return text;
  const at = include.items.findIndex((item) =>
    JSON.stringify((item as { toJSON(): unknown }).toJSON()).includes(GITLAB_JOB_FILE),
  );
  if (at < 0) return text;
  include.items.splice(at, 1);
  if (include.items.length === 0) doc.delete("include");
  return doc.toString({ flowCollectionPadding: false });
}
