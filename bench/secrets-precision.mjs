#!/usr/bin/env zx
// Precision of the secret guard on real code: a fixed list of popular, large npm packages (exact
// versions, integrity-checked tarballs from the registry, cached under bench/.work/), unpacked
// into one tree and scanned by rampart and by secretlint 13 (recommended preset) in the same run.
// Prints findings per MB of each, then every rampart finding (rule, file:line, masked value,
// confidence) with its classification from bench/data/secrets-precision-labels.json: a reviewed
// label per fingerprint (where the finding is: rule, file, rank in the file; true: a credential,
// false: not one), "unreviewed" when the file has no label for it. Targets: at most 1 false finding per 50 MB; no more findings per MB than secretlint.
// Usage: npm run bench -- secrets-precision   (BENCH_OFFLINE=1: use the cache, never the network)
//   BENCH_LABELS_TEMPLATE=1 also prints the unreviewed findings as label-file entries to review by hand.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { treeSize } from "./lib/measure.mjs";

const root = resolve(import.meta.dirname, "..");
const bin = join(root, "packages/cli/bin/rampart.js");
const secretlint = join(root, "bench/node_modules/secretlint/bin/secretlint.js");
const cache = join(root, "bench/.work/secrets-precision");
const labelsFile = join(root, "bench/data/secrets-precision-labels.json");
const { maskSecret } = await import(pathToFileURL(join(root, "packages/core/dist/index.js")).href);

/** Popular packages with much published code, docs and configs; exact versions and integrity. */
const PACKAGES = [
  [
    "typescript",
    "7.0.2",
    "sha512-8FYau96o3NKOhbjKi/qNvG/W5jhzxkbdm5sj9AbZ/5T5sWqn3hJgLfGx27sRKZWTvyzCP8dLRBTf5tBTSRVUNA==",
  ],
  ["next", "16.5.0", "sha512-L3GsRCRxyxzQS7TSkr/rHY65hUg7v/GdHEhyHuXJ0SSFkCTbL492gk2OUUVZc6+2hIUIdn6WTaFuTH+LogRFNw=="],
  [
    "aws-sdk",
    "2.1693.0",
    "sha512-cJmb8xEnVLT+R6fBS5sn/EFJiX7tUnDaPtOPZ1vFbOJtd0fnZn/Ky2XGgsvvoeliWeH7mL3TWSX5zXXGSQV6gQ==",
  ],
  [
    "three",
    "0.187.0",
    "sha512-Qiu7R+Cmh8CstZsY1uJOSWnVlfo7ZtNLV7mF8Jltk3LB3AtDu9cRZlcnRKkAk8Y4z6KKw35z7Y7Urd7jWY8etA==",
  ],
  [
    "monaco-editor",
    "0.58.0",
    "sha512-Lj5hlfT4zdM5GSG9VxTHslWnwibGBvO6d9Mq/+9zmb1CkTZnib4+uAZUKl1zg+tMHRgY2OGax6hHKZNBtldR1g==",
  ],
  [
    "firebase",
    "13.2.0",
    "sha512-29ye5F+viPTv48mcljy84ZnwnrYmTTIULrWf3P113SfeTB/USIUZTs8gREreN5PmndQdKs3D06KQUPJIrFeTGw==",
  ],
  [
    "echarts",
    "6.1.0",
    "sha512-q0yaFPggC9FUdsWH4blavRWFmxdrIodbkoKNAjJudAI6CA9gNPxHtV2RcZNEepZVlk4yvBYkOkbk6HIVpIyHZA==",
  ],
  [
    "date-fns",
    "4.4.0",
    "sha512-+1UMbeh68lH1SegH83CGWwpb6OHHbpSgr3+s5Eww5M4CAgswBpoWS0AjTOfEJ33HiYKz1hdj/KTFprzXHmq/6w==",
  ],
  ["rxjs", "7.8.2", "sha512-dhKf903U/PQZY6boNNtAGdWbG85WAbjT/1xYoZIC7FAY0yWapOBQVsVrDl58W86//e1VpMNBtRV4MaXfdMySFA=="],
  [
    "pdfjs-dist",
    "6.5.438",
    "sha512-vg8Pw1x+AFKy4AMDvhuWl5cOYV8d698UoEANoFFhc79hqXDnZQqnOXoxw3HG907WHOg1JYOvLhP756boddFxpA==",
  ],
  [
    "prettier",
    "3.10.2",
    "sha512-VQGIFOC0JNYLvfT57+Tre9wvgpc1Njx0JcnTDwRD6IFQGPTfPMghvi2A7gSwa/I0emKTK4KpBIN4mWYHyCDNDQ==",
  ],
  [
    "lodash",
    "4.18.1",
    "sha512-dMInicTPVE8d1e5otfwmmjlxkZoUpiVLwyeTdUsi/Caj/gfzzblBcCE5sRHV/AsjuCmxWrte2TNGSYuCeCq+0Q==",
  ],
  [
    "@angular/core",
    "22.2.6",
    "sha512-atESNSPsM0dBXU88aDtByBP4W/wb8USbhL16lsePyxBvAWtM1Xn7QBB489QTmHpY6VCXHnqMhXWcrZsDpoIBsw==",
  ],
  [
    "googleapis",
    "188.0.0",
    "sha512-dLGvMAlYOiemwYnhFoy1bDd+dnB6o8mGxnXhLCirAjAww8F/Qs59XY3EHm7p7RGENtDRTqyM7oV7DQ22V4BaOA==",
  ],
  ["ssh2", "1.17.0", "sha512-wPldCk3asibAjQ/kziWQQt1Wh3PgDFpC0XpwclzKcdT1vql6KeYxf5LIt4nlFkUeR8WuphYMKqUA56X4rjbfgQ=="],
  [
    "@sentry/browser",
    "11.17.0",
    "sha512-6zxDfbpb2qgsgiAIkgRx+QuF3EFowEHEwf1tcx2WSrbn8VJ2ViUN4OUOFpB525vJaiOou2MwOxbw80FBQpOkvA==",
  ],
  [
    "stripe",
    "23.2.0",
    "sha512-0W0J4yA9qFO2rnF61v8Y62OiO2SmAR+Cv04VJaFUMpCxiq8lG5bxEYbeSMSpMDR9ofFZGd+Z/iUIgSFbOolmUw==",
  ],
  [
    "@docsearch/js",
    "5.2.0",
    "sha512-5gIXOpG72MIptdCL40xPRDElWKzIM/gZpCLXN115cOOCWFbUUv+AkXhPPVZv5uRuIqIXygrT2ZpUgSxsD2xifA==",
  ],
  [
    "mongodb",
    "7.9.1",
    "sha512-OWtk/bcf8tx4Qe6lB8OsMksOwGGhC2FH+zl5UNwE+L7uz2VQDhCcnJThAvInEaBrEDaSsUWlMRbuFR4/TjF44w==",
  ],
  ["pg", "8.23.1", "sha512-aL96AHANtWjPLDOLqnhx+ngp9+UK7ETEU8VJrDCGvsSSi/mGLcWYsS6Herg7lmaBJe4uwrfqsa7gTEFaSizDoQ=="],
  [
    "@babel/standalone",
    "8.0.6",
    "sha512-KOK+cX/FvysgJ6rY5Q47SxHmYmHVyDYE+s9QNNeIucaeFh8oukV4AUwzQZO8iqzBF1WzD7+U3TATQu0eKgR9kg==",
  ],
  [
    "playwright-core",
    "1.65.2",
    "sha512-aHu9F46Mx5ha9iiB+VLZMUUtex3PBw4am9MHptc0IXaJhz++6YXsH96eEyThwCwMkIUiB8TdZcwXqnb3xKDzmA==",
  ],
];

/** The tarball, from the cache or the registry; its sha512 must equal the pinned integrity. */
async function tarball(name, version, integrity) {
  const file = join(cache, `${name.replace("/", "+")}-${version}.tgz`);
  const check = (bytes) =>
    `sha512-${createHash("sha512").update(bytes).digest("base64")}` === integrity
      ? bytes
      : (() => {
          throw new Error(`${name}@${version}: tarball integrity mismatch (${file})`);
        })();
  if (existsSync(file)) return check(readFileSync(file)) && file;
  if (process.env.BENCH_OFFLINE) throw new Error(`${name}@${version}: not cached and BENCH_OFFLINE is set`);
  const url = `https://registry.npmjs.org/${name}/-/${name.split("/").pop()}-${version}.tgz`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const bytes = check(Buffer.from(await res.arrayBuffer()));
  writeFileSync(file, bytes);
  return file;
}

function run(argv, cwd) {
  const t = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { cwd, encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`${argv.slice(0, 3).join(" ")} failed (${r.status}): ${r.stderr}`);
  return { stdout: r.stdout, seconds: (performance.now() - t) / 1000 };
}

mkdirSync(cache, { recursive: true });
const work = mkdtempSync(join(tmpdir(), "rampart-bench-precision-"));
const tree = join(work, "tree");
mkdirSync(tree);
for (const [name, version, integrity] of PACKAGES) {
  const file = await tarball(name, version, integrity);
  const dir = join(tree, `${name.replace("/", "+")}@${version}`);
  mkdirSync(dir);
  const r = spawnSync("tar", ["-xzf", file, "-C", dir, "--strip-components=1", "--no-same-owner"], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`tar ${file}: ${r.stderr}`);
}
const { bytes, files } = treeSize(tree);
const mb = bytes / 1e6;
console.log(`tree: ${PACKAGES.length} packages, ${files} files, ${mb.toFixed(1)} MB`);

// The tree is its own repository root (untracked, walked with --no-gitignore) so that its policy
// lets rampart read every file secretlint reads: no file is skipped for size.
spawnSync("git", ["init", "-q", work]);
mkdirSync(join(work, ".rampart"));
writeFileSync(join(work, ".rampart/config.yaml"), "version: 1\nsecrets:\n  maxFileSize: 268435456\n");
writeFileSync(
  join(work, ".secretlintrc.bench.json"),
  JSON.stringify({ rules: [{ id: "@secretlint/secretlint-rule-preset-recommend" }] }),
);

const sl = run(
  [process.execPath, secretlint, "--secretlintrc", join(work, ".secretlintrc.bench.json"), `${tree}/**/*`],
  join(root, "bench"),
);
// Stylish output (the JSON formatter embeds every file's text): its summary line has the count.
const slFindings = Number(/✖ (\d+) problems?/.exec(sl.stdout)?.[1] ?? 0);
const slRules = new Map();
const slFiles = new Map(); // tree-relative file -> secretlint findings in it
let slFile = "";
for (const line of sl.stdout.split("\n")) {
  if (line.startsWith(`${tree}/`)) slFile = `tree/${line.slice(tree.length + 1).trim()}`;
  const m = /^\s+\d+:\d+\s+\w+\s+.*?(@secretlint\/[\w-]+)\s*$/.exec(line);
  if (!m) continue;
  slRules.set(m[1], (slRules.get(m[1]) ?? 0) + 1);
  slFiles.set(slFile, (slFiles.get(slFile) ?? 0) + 1);
}
const rp = run([process.execPath, bin, "secrets", "scan", "--no-gitignore", "--format", "json", "tree"], work);
const report = JSON.parse(rp.stdout);
// Secret findings only: file-binary / file-generated-lines / file-too-large say what was not judged.
const findings = report.findings.filter((f) => !f.ruleId.startsWith("file-"));
const labels = existsSync(labelsFile) ? JSON.parse(readFileSync(labelsFile, "utf8")) : {};

const counts = { true: 0, false: 0, unreviewed: 0 };
const unreviewed = [];
console.log("\nrampart findings:");
for (const f of findings) {
  const label = labels[f.fingerprint]?.label;
  const cls = label === true ? "true" : label === false ? "false" : "unreviewed";
  counts[cls]++;
  if (cls === "unreviewed") unreviewed.push(f);
  // The report holds masked previews only; should a whole value ever appear, it is masked here.
  const value = f.properties?.secretPreview ?? maskSecret(String(f.properties?.secret ?? ""));
  console.log(
    `  ${cls.padEnd(10)} ${f.ruleId} ${f.confidence ?? "-"}  ${f.file ?? ""}${f.line ? `:${f.line}` : ""}  ${value}${labels[f.fingerprint]?.why ? `  (${labels[f.fingerprint].why})` : ""}`,
  );
}
const per = (n) => (n / mb).toFixed(4);
console.log(`\nscanned: ${mb.toFixed(1)} MB (${files} files) from ${PACKAGES.length} packages`);
console.log(
  `  secretlint 13 (preset-recommend): ${slFindings} findings, ${per(slFindings)} per MB, ${sl.seconds.toFixed(1)} s`,
);
for (const [rule, n] of [...slRules].sort((a, b) => b[1] - a[1])) console.log(`    ${String(n).padStart(5)}  ${rule}`);
console.log(
  `  rampart secrets scan:             ${findings.length} findings, ${per(findings.length)} per MB, ${rp.seconds.toFixed(1)} s (${report.stats.skippedTooLarge.length} files skipped for size)`,
);
const byRule = new Map();
for (const f of findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
for (const [rule, n] of [...byRule].sort((a, b) => b[1] - a[1])) console.log(`    ${String(n).padStart(5)}  ${rule}`);
console.log(
  `  findings per MB ratio: ${slFindings === 0 ? (findings.length === 0 ? "1.0" : "inf") : (findings.length / slFindings).toFixed(2)}x secretlint (target <= 1)`,
);
// Where rampart reports more than secretlint in a file, and whether what it adds is real.
let extraTrue = 0;
const ours = new Map();
for (const f of findings) ours.set(f.file, [...(ours.get(f.file) ?? []), f]);
for (const [file, list] of ours) {
  const extra = list.length - (slFiles.get(file) ?? 0);
  if (extra > 0) extraTrue += Math.min(extra, list.filter((f) => labels[f.fingerprint]?.label === true).length);
}
console.log(
  `  beyond secretlint's count per file: ${extraTrue} of rampart's findings are reviewed true ones (keys secretlint does not report); without them ${((findings.length - extraTrue) / mb / Math.max(slFindings / mb, 1e-9)).toFixed(2)}x secretlint per MB`,
);
console.log(
  `  classified: ${counts.true} true, ${counts.false} false, ${counts.unreviewed} unreviewed; false per 50 MB: ${((counts.false / mb) * 50).toFixed(2)} (target <= 1)`,
);
if (process.env.BENCH_LABELS_TEMPLATE) {
  const template = {};
  for (const f of unreviewed) template[f.fingerprint] = { label: null, rule: f.ruleId, file: f.file, why: "" };
  console.log(JSON.stringify(template, null, 2));
}
rmSync(work, { recursive: true, force: true });
