import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "@rampart/test-helpers";
import { expect, test } from "vitest";
import { allowsNamespace, allowsPrincipal, parseAllowedSigners } from "../../src/ssh/allowed-signers.js";

function key(dir: string): { path: string; pub: string } {
  const path = join(dir, "k");
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "k", "-f", path]);
  return { path, pub: readFileSync(`${path}.pub`, "utf8").trim().split(" ").slice(0, 2).join(" ") };
}

/** What `ssh-keygen -Y verify` itself decides for a principal and namespace against `signers`. */
function sshKeygenAccepts(dir: string, k: { path: string }, signers: string, principal: string, ns: string): boolean {
  const msg = join(dir, "msg");
  writeFileSync(msg, "payload\n");
  execFileSync("ssh-keygen", ["-q", "-Y", "sign", "-n", ns, "-f", k.path, msg]);
  writeFileSync(join(dir, "signers"), signers);
  try {
    execFileSync(
      "ssh-keygen",
      ["-Y", "verify", "-f", join(dir, "signers"), "-I", principal, "-n", ns, "-s", `${msg}.sig`],
      { input: "payload\n", stdio: ["pipe", "ignore", "ignore"] },
    );
    return true;
  } catch {
    return false;
  }
}

// The one matching behaviour (signatures and sbom both use it), checked against ssh-keygen itself:
// principals and namespaces are case-sensitive patterns; option names are not case-sensitive.
test.each([
  ["Alice@Example.org", "git", "alice@example.org", ""],
  ["alice@example.org", "git", "alice@example.org", ""],
  ["*@example.org", "git", "alice@example.org", ""],
  ["alice@example.org", "git", "alice@example.org", 'namespaces="GIT"'],
  ["alice@example.org", "git", "alice@example.org", 'NAMESPACES="git"'],
  ["alice@example.org", "in-toto", "alice@example.org", 'namespaces="In-Toto,file"'],
  ["alice@example.org", "in-toto", "alice@example.org", 'namespaces="in-*"'],
  ["!alice@example.org,*", "git", "alice@example.org", ""],
])("principal %s, namespace %s: the same verdict as ssh-keygen -Y verify", (principals, ns, principal, options) => {
  const { dir } = tempDir();
  const k = key(dir);
  const text = `${principals}${options ? ` ${options}` : ""} ${k.pub}\n`;
  const { entries, problems } = parseAllowedSigners(text, "allowed_signers");
  expect(problems).toEqual([]);
  const entry = entries[0]!;
  const ours = allowsPrincipal(entry, principal) && allowsNamespace(entry, ns);
  expect(ours).toBe(sshKeygenAccepts(dir, k, text, principal, ns));
});

test("CRLF line ends are read like LF ones", () => {
  const { dir } = tempDir();
  const k = key(dir);
  const { entries, problems } = parseAllowedSigners(`a@example.org ${k.pub}\r\nb@example.org ${k.pub}\r\n`, "f");
  expect(problems).toEqual([]);
  expect(entries.map((e) => e.principals)).toEqual([["a@example.org"], ["b@example.org"]]);
});
