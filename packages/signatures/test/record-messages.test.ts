import { describe, expect, it } from "vitest";
import { type CommitRecord, finalize } from "../src/record.js";

const base = (fingerprint: string): CommitRecord => ({
  commit: "0123456789abcdef0123456789abcdef01234567",
  required: true,
  sig: { status: "unknown-key", fingerprint },
  mergetags: [],
  committerTime: 1_700_000_000,
  subject: "Merge pull request #1",
});

// The verdicts come from real signatures elsewhere (verify-range, gpg tests); here, what the
// message of an unknown key says for each kind of key.
describe("unknown-key messages", () => {
  it("names GitHub's web-flow key (merges made on github.com) and how to accept it", () => {
    const { findings } = finalize(base("968479A1AFF927E37D1A566BB5690EEEBB952194"), Date.now());
    expect(findings[0]?.message).toContain(
      "OpenPGP key 968479A1AFF927E37D1A566BB5690EEEBB952194 (GitHub's web-flow key",
    );
    expect(findings[0]?.hint).toContain("https://github.com/web-flow.gpg > .rampart/keys/github-web-flow.asc");
  });

  it("names an SSH key by fingerprint, an OpenPGP key by id, each with the command that accepts it", () => {
    const ssh = finalize(base("SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"), Date.now()).findings[0];
    expect(ssh?.message).toMatch(/: SSH key SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG$/);
    expect(ssh?.hint).toContain("rampart signatures add <principal> <key.pub>");
    const pgp = finalize(base("0a1b2c3d4e5f6789"), Date.now()).findings[0];
    expect(pgp?.message).toMatch(/: OpenPGP key 0A1B2C3D4E5F6789$/);
    expect(pgp?.hint).toContain("gpg --armor --export 0A1B2C3D4E5F6789 > .rampart/keys/<name>.asc");
  });
});
