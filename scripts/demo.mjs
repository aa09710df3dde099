#!/usr/bin/env node
// `npm run demo`: rampart's story in a throwaway git repository, narrated. Each act runs the real
// CLI (packages/cli/bin/rampart.js, built by `npm run demo`) and real git; an act whose command is
// not in this build yet says so instead of pretending. Nothing outside a temp folder is touched.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { $, chalk } from "zx";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "packages", "cli", "bin", "rampart.js");
const sandbox = realpathSync(mkdtempSync(join(tmpdir(), "rampart-demo-")));
const home = join(sandbox, "home");
const repo = join(sandbox, "shop");
const remote = join(sandbox, "shop.git");
mkdirSync(home, { recursive: true });
mkdirSync(repo, { recursive: true });

// An isolated git: nobody's own config, hooks or signing keys leak in (or out).
const env = {
  PATH: process.env.PATH,
  HOME: home,
  XDG_CONFIG_HOME: join(home, ".config"),
  GIT_CONFIG_GLOBAL: join(home, ".gitconfig"),
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_TERMINAL_PROMPT: "0",
  LANG: "C.UTF-8",
  NO_COLOR: "1",
};
$.verbose = false;
$.quiet = true;
const sh = $({ cwd: repo, env, nothrow: true });

let act = 0;
const surprises = 0;
function title(text) {
  act += 1;
  console.log(`\n${chalk.bold(`${act}. ${text}`)}`);
}
function say(text) {
  console.log(chalk.dim(`   ${text}`));
}
async function show(cmd, { expect } = {}) {
  console.log(chalk.cyan(`   $ ${cmd.display}`));
  const r = await cmd.run;
  const out = `${r.stdout}${r.stderr}`.trimEnd();
  if (out) console.log(out.replace(/^/gm, "     "));
  const code = r.exitCode;
  const verdict =
    expect === undefined
      ? ""
      : code === expect
        ? chalk.green(" (as expected)")
        : chalk.red(` (expected exit ${expect})`);
  console.log(`   ${chalk.dim(`exit ${code}`)}${verdict}`);
  return r;
}
const quote = (args) => args.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(" ");
const rampart = (...args) => ({ display: `rampart ${quote(args)}`, run: sh`node ${bin} ${args}` });
const git = (...args) => ({ display: `git ${quote(args)}`, run: sh`git ${args}` });
const available = async (command) => {
  const r = await sh`node ${bin} ${command} --help`;
  return r.exitCode === 0 && !/not available/.test(`${r.stdout}${r.stderr}`);
};

try {
  title("A small npm project, before rampart");
  await sh`git init -q -b main`;
  await sh`git config --global user.name ${"Dana Demo"}`;
  await sh`git config --global user.email dana@demo.invalid`;
  await sh`git config --global init.defaultBranch main`;
  writeFileSync(
    join(repo, "package.json"),
    `${JSON.stringify({ name: "shop", version: "1.0.0", private: true }, null, 2)}\n`,
  );
  writeFileSync(join(repo, "index.js"), 'console.log("hello");\n');
  writeFileSync(join(repo, ".gitignore"), "node_modules\n");
  await sh`git add -A`;
  await sh`git commit -qm ${"chore: initial commit"}`;
  await sh`git init -q --bare ${remote}`;
  await sh`git remote add origin ${remote}`;
  // What `npm install` would put in node_modules, linked from this checkout (no network needed).
  linkTools();
  say(`repository: ${repo}`);
  await signingSetup();

  title("rampart init --yes: hooks, policy, CI workflow, governance files");
  if (!(await available("init"))) {
    say("`rampart init` is not in this build yet");
  } else {
    await show(rampart("init", "--yes"), { expect: 0 });
    say("husky is installed, so init pointed git at the hooks at once (core.hooksPath):");
    await show(git("config", "core.hooksPath"));
    title("A second init changes nothing");
    await show(rampart("init", "--yes"), { expect: 0 });
    await sh`git add -A`;
    await sh`git commit -qm ${"chore: adopt rampart"}`;
  }

  title("A commit that adds an AWS key is refused (SRC-2)");
  // Assembled at runtime, so this script itself holds no key-shaped string.
  const key = ["AKIA", "QYLP", "MN5H", "HHFK", "ZT3Q"].join("");
  writeFileSync(join(repo, "deploy.ini"), `[default]\naws_access_key_id = ${key}\n`);
  await sh`git add deploy.ini`;
  await show(git("commit", "-m", "feat: deploy settings"), { expect: 1 });
  await sh`git rm -q --cached deploy.ini`;
  rmSync(join(repo, "deploy.ini"));

  title("A clean commit passes; its message is checked by commitlint in the same process");
  await show(git("commit", "--allow-empty", "-m", "update things"), { expect: 1 });
  writeFileSync(join(repo, "index.js"), 'console.log("hello, shop");\n');
  await sh`git add index.js`;
  await show(git("commit", "-m", "feat: greet the shop"), { expect: 0 });

  title("Pushes: straight to main is refused, and so is an unsigned commit (SRC-7, SRC-1)");
  await show(git("push", "origin", "main"), { expect: 1 });
  await sh`git checkout -q -b feat/greeting`;
  writeFileSync(join(repo, "index.js"), 'console.log("hello, shop!");\n');
  await sh`git add index.js`;
  await sh`git -c commit.gpgsign=false commit -qm ${"feat: louder greeting"}`;
  say("a commit made with signing switched off:");
  await show(git("push", "origin", "feat/greeting"), { expect: 1 });
  say("signed again (git commit --amend -S), the push goes through:");
  await sh`git commit -q --amend --no-edit -S --no-verify`;
  await show(git("push", "origin", "feat/greeting"), { expect: 0 });

  title("The doctor: hooks installed and unmodified, config valid, signing set up");
  await show(rampart("hooks", "status"), { expect: 0 });
  writeFileSync(join(repo, ".husky", "pre-commit"), "exit 0\n");
  say("someone replaces the pre-commit hook with `exit 0`:");
  await show(rampart("hooks", "status"), { expect: 1 });
  await show(rampart("hooks", "install"));

  title("A lockfile that fetches a package over http:// is reported at commit time (MAT-1, BLD-5)");
  await sh`git checkout -q main`;
  writeLockfile("http");
  await sh`git add package.json package-lock.json`;
  await show(git("commit", "-m", "feat: add left-pad"), { expect: 1 });
  say("the same lockfile with the registry's https:// URL:");
  writeLockfile("https");
  await sh`git add package-lock.json`;
  await show(git("commit", "-m", "feat: add left-pad"), { expect: 0 });

  title("An SBOM of what the lockfile installs, signed and verified (MAT-6, ART-1, ART-3)");
  if (await available("sbom")) {
    await show(rampart("sbom", "--output", "sbom.cdx.json"), { expect: 0 });
    if (await available("attest")) {
      const key = join(home, ".ssh", "id_ed25519");
      await show(rampart("attest", "sbom.cdx.json", "--key", key, "--output", "sbom.cdx.json.intoto.jsonl"), {
        expect: 0,
      });
      await show(
        rampart("verify", "sbom.cdx.json", "--attestation", "sbom.cdx.json.intoto.jsonl", "--key", `${key}.pub`),
        { expect: 0 },
      );
    }
  } else {
    say("`rampart sbom` is not in this build yet");
  }
  console.log(`\n${chalk.bold("Done.")} The throwaway repository is removed; run with KEEP=1 to keep it.`);
  if (surprises > 0) {
    console.log(chalk.red(`${surprises} step(s) did not end as the story says`));
    process.exitCode = 1;
  }
} finally {
  if (process.env.KEEP === "1") console.log(`kept: ${sandbox}`);
  else rmSync(sandbox, { recursive: true, force: true });
}

function linkTools() {
  const nm = join(repo, "node_modules");
  mkdirSync(join(nm, ".bin"), { recursive: true });
  mkdirSync(join(nm, "@commitlint"), { recursive: true });
  const bench = join(root, "bench", "node_modules");
  symlinkSync(join(bench, "husky"), join(nm, "husky"));
  symlinkSync(join(bench, "@commitlint", "cli"), join(nm, "@commitlint", "cli"));
  symlinkSync(join(bench, "@commitlint", "config-conventional"), join(nm, "@commitlint", "config-conventional"));
  symlinkSync(bin, join(nm, ".bin", "rampart"));
}

/** A one-package npm lockfile; `http` makes its registry URL insecure. */
function writeLockfile(scheme) {
  const deps = { "left-pad": "1.3.0" };
  writeFileSync(
    join(repo, "package.json"),
    `${JSON.stringify({ name: "shop", version: "1.0.0", private: true, dependencies: deps }, null, 2)}\n`,
  );
  const lock = {
    name: "shop",
    version: "1.0.0",
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: "shop", version: "1.0.0", dependencies: deps },
      "node_modules/left-pad": {
        version: "1.3.0",
        resolved: `${scheme}://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz`,
        integrity: "sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQEkdSX5XzOTsFP6EUg3tXaaLbakRKsiwv3PUfVlC+2HrO1g==",
        license: "WTFPL",
      },
    },
  };
  writeFileSync(join(repo, "package-lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
}

/** Dana signs commits with an SSH key, as `rampart hooks status` recommends; init lists the key. */
async function signingSetup() {
  const keyFile = join(home, ".ssh", "id_ed25519");
  mkdirSync(dirname(keyFile), { recursive: true });
  await sh`ssh-keygen -q -t ed25519 -N ${""} -C dana@demo.invalid -f ${keyFile}`;
  await sh`git config --global gpg.format ssh`;
  await sh`git config --global user.signingkey ${`${keyFile}.pub`}`;
  await sh`git config --global commit.gpgsign true`;
  say("Dana's git signs commits with a fresh SSH key (gpg.format=ssh, commit.gpgsign=true)");
}
