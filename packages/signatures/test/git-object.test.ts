import { writeFileSync } from "node:fs";
import { expect, test } from "vitest";
import { parseCommit, splitSignedCommit, splitSignedTag, verifyRange } from "../src/index.js";
import { signedRepo, signerLine } from "./fixtures.js";

test("the signed payload is the commit without its gpgsig header and continuation lines, byte for byte", () => {
  const raw = Buffer.from(
    "tree t\nparent p\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\ngpgsig -----BEGIN SSH SIGNATURE-----\n AAAA\n -----END SSH SIGNATURE-----\ngpgsig-sha256 other\n more\nencoding latin1\n\nmsg \xe9\n gpgsig in the body stays\n",
    "latin1",
  );
  const s = splitSignedCommit(raw);
  expect(s.kind).toBe("ssh");
  expect(s.signature).toBe("-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----\n");
  expect(s.payload.toString("latin1")).toBe(
    "tree t\nparent p\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\nencoding latin1\n\nmsg \xe9\n gpgsig in the body stays\n",
  );
  expect(parseCommit(raw).parents).toEqual(["p"]);
  const tag = Buffer.from(
    "object o\ntype commit\ntag v1\n\nnotes\n-----BEGIN PGP SIGNATURE-----\nx\n-----END PGP SIGNATURE-----\n",
  );
  expect(splitSignedTag(tag)).toMatchObject({
    kind: "openpgp",
    payload: Buffer.from("object o\ntype commit\ntag v1\n\nnotes\n"),
  });
});

test("a signed commit whose message is not UTF-8 verifies (latin1 via i18n.commitEncoding)", async () => {
  const { repo, keys } = await signedRepo(["alice"], (k) => signerLine("alice@example.org", k.alice!));
  const msg = repo.path("..", "msg.txt");
  writeFileSync(msg, Buffer.from("caf\xe9 cr\xe8me\n", "latin1"));
  await repo.git([
    "-c",
    "i18n.commitEncoding=ISO-8859-1",
    "-c",
    "gpg.format=ssh",
    "-c",
    `user.signingkey=${keys.alice!.path}`,
    "commit",
    "-q",
    "-S",
    "--allow-empty",
    "-F",
    msg,
  ]);
  expect(await repo.git(["cat-file", "commit", "HEAD"])).toMatch(/^encoding ISO-8859-1$/m);
  const r = await verifyRange({ cwd: repo.dir, env: repo.env, range: "HEAD", cache: false });
  expect(r.verdicts[0]?.verdict).toBe("good");
  expect(
    (
      await repo.gitResult([
        "-c",
        `gpg.ssh.allowedSignersFile=${repo.path(".rampart/allowed_signers")}`,
        "verify-commit",
        "HEAD",
      ])
    ).exitCode,
  ).toBe(0);
});
