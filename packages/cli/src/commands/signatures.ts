import { text } from "node:stream/consumers";
import { ExitCode, UsageError } from "@rampart/core/errors";
import { ruleInfo } from "@rampart/core/findings";
import type { CommandContext, CommandDefinition } from "../command.js";

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

export const command: CommandDefinition = {
  name: "signatures",
  summary: "Verify that commits are signed by signers the repository trusts",
  framework: ["SRC-1", "SRC-8"],
  usage: "rampart signatures <verify [RANGE] | pre-push REMOTE URL | setup | add PRINCIPAL KEY>",
  options: [],
  subcommands: [
    {
      name: "verify",
      summary: "Check every commit of RANGE (default: the branch since its upstream, else since the trust root)",
      usage: "rampart signatures verify [RANGE] [--policy-rev REV] [--tag TAG...] [--no-cache]",
      options: [
        {
          name: "policy-rev",
          type: "string",
          value: "REV",
          description: "Judge every commit by REV's policy (CI on pull requests: the base branch)",
        },
        {
          name: "tag",
          type: "string",
          multiple: true,
          value: "TAG",
          description: "Also verify this annotated tag's signature",
        },
        {
          name: "no-cache",
          type: "boolean",
          description: "Ignore and do not write .git/rampart/signatures-cache.json",
          default: false,
        },
      ],
    },
    {
      name: "pre-push",
      summary: "Check what a push sends (reads git's pre-push lines on stdin)",
      usage: "rampart signatures pre-push REMOTE URL < ref lines",
    },
    {
      name: "setup",
      summary: "Configure this repository's git to sign commits and tags with your SSH key",
      usage: "rampart signatures setup [--key PATH] [--generate]",
      options: [
        {
          name: "key",
          type: "string",
          value: "PATH",
          description: "SSH key to sign with (default: ~/.ssh/id_ed25519, id_ecdsa, ...)",
        },
        { name: "generate", type: "boolean", description: "Make an ed25519 key when there is none", default: false },
      ],
    },
    {
      name: "add",
      summary: "Append a signer to .rampart/allowed_signers (commit it signed by a policy admin)",
      usage: "rampart signatures add PRINCIPAL PUBKEY|FILE [--valid-before TIME]",
      options: [
        { name: "valid-after", type: "string", value: "TIME", description: "Key valid from YYYYMMDD[HHMM[SS]][Z]" },
        { name: "valid-before", type: "string", value: "TIME", description: "Key valid until YYYYMMDD[HHMM[SS]][Z]" },
      ],
    },
  ],
  formats: ["text", "json", "sarif"],
  available: true,
  async run(ctx) {
    const sub = ctx.subcommand;
    if (sub === "verify") return verify(ctx);
    if (sub === "pre-push") return prePush(ctx);
    if (sub === "setup") return setup(ctx);
    if (sub === "add") return add(ctx);
    throw new UsageError(`unknown subcommand ${sub ?? "(none)"} for rampart signatures`, { hint: command.usage });
  },
};

async function verify(ctx: CommandContext): Promise<ExitCode> {
  const [range, ...extra] = ctx.positionals;
  if (extra.length > 0)
    throw new UsageError("give at most one RANGE", { hint: "e.g. rampart signatures verify origin/main..HEAD" });
  const { RULES, judgeChange, verifyRange } = await import("@rampart/signatures/verify");
  const tags = ctx.values.tag;
  const rev = str(ctx.values["policy-rev"]);
  const common = {
    cwd: ctx.cwd,
    env: ctx.env,
    ...(Array.isArray(tags) ? { tags } : {}),
    // CI (--policy-rev) neither reads nor writes .git/rampart: on a runner that keeps its checkout
    // (self-hosted, GitLab's fetch strategy) another job runs the change's code and could plant
    // "good" verdicts or a policy there.
    cache: ctx.values["no-cache"] !== true && rev === undefined,
    // The cache names the code that judged (signatures' codeId: the bundle's digest of it), as
    // `signatures pre-push` and the pre-push hook do: another build judges everything again.
  };
  let result: Awaited<ReturnType<typeof verifyRange>>;
  if (rev !== undefined) {
    // CI: the change judged against the base, by the same decision pre-push makes (judgeChange).
    const { getRepoRoot } = await import("@rampart/core/git");
    const { policyAtRevision } = await import("../policy-rev.js");
    const root = await getRepoRoot({ cwd: ctx.cwd, env: ctx.env });
    // A deleted, renamed or broken policy fails here, exit 2; an adopting change is said below.
    await policyAtRevision(ctx, rev, root, { adoptionNote: false });
    if (range?.startsWith("-"))
      throw new UsageError(`"${range}" is not a revision range`, { hint: "e.g. origin/main..HEAD" });
    const change = await judgeChange({ ...common, revs: [range ?? `${rev}..HEAD`], trusted: rev, head: "HEAD" });
    if (change.mode === "adoption") {
      ctx.info(
        `rampart signatures: ${rev} has no signature policy: this change adopts one, so each commit is judged by its parent's policy (the change's own for commits without one)`,
      );
    }
    result = change;
  } else result = await verifyRange({ ...common, ...(range === undefined ? {} : { range }) });
  const s = result.stats;
  ctx.info(
    `rampart signatures: ${s.commits} commit(s): ${s.good} good, ${s.exempt} exempt, ${s.failed} failing (${s.cached} from cache)`,
  );
  if (s.commits > 0 && s.exempt === s.commits) {
    ctx.info(
      "rampart signatures: every commit is exempt: no signature policy (.rampart/allowed_signers, keys/ or signatures: in config.yaml) judges them",
    );
  }
  // JSON carries each commit's verdict and signer too (stats is the tool-specific part of the report).
  const report = ctx.format === "json" ? { ...result, stats: { ...result.stats, verdicts: result.verdicts } } : result;
  return ctx.report(report, { command: "signatures verify", rules: ruleInfo(RULES, result.findings) });
}

async function prePush(ctx: CommandContext): Promise<ExitCode> {
  const [remote, url] = ctx.positionals;
  if (remote === undefined)
    throw new UsageError("pre-push needs the REMOTE git passes", {
      hint: 'in .git/hooks/pre-push: rampart signatures pre-push "$@"',
    });
  const input = await text(ctx.stdin);
  const { checkPrePush, RULES } = await import("@rampart/signatures");
  const result = await checkPrePush({
    cwd: ctx.cwd,
    env: ctx.env,
    remote,
    ...(url ? { url } : {}),
    stdinLines: input.split("\n"),
    // The same cache as verify's and the hook's (keyed by the code that judged: codeId).
  });
  const code = ctx.report(result, { command: "signatures pre-push", rules: ruleInfo(RULES, result.findings) });
  if (code !== ExitCode.Clean)
    ctx.stderr.write("rampart: push refused: the commits above do not meet the signature policy\n");
  return code;
}

async function setup(ctx: CommandContext): Promise<ExitCode> {
  const { setupSigning } = await import("@rampart/signatures");
  const key = str(ctx.values.key);
  const r = await setupSigning({
    cwd: ctx.cwd,
    env: ctx.env,
    ...(key ? { key } : {}),
    generate: ctx.values.generate === true,
  });
  if (r.generated) ctx.info(`generated ${r.signingKey} (no passphrase: add one with ssh-keygen -p -f ${r.signingKey})`);
  for (const [k, v] of r.config) ctx.info(`git config --local ${k} ${v}`);
  if (r.listed) ctx.info("your key is already in .rampart/allowed_signers");
  else {
    const principal = r.allowedSignersLine.split(" ")[0] ?? "<your email>";
    const pub = r.signingKey.endsWith(".pub") ? r.signingKey : `${r.signingKey}.pub`;
    ctx.info(
      `next: \`npx --no-install rampart signatures add ${principal} ${pub}\` adds this line to .rampart/allowed_signers; commit it signed:`,
    );
    ctx.stdout.write(`${r.allowedSignersLine}\n`);
  }
  return ExitCode.Clean;
}

async function add(ctx: CommandContext): Promise<ExitCode> {
  const [principal, key, ...extra] = ctx.positionals;
  if (principal === undefined || key === undefined || extra.length > 0) {
    throw new UsageError("add needs PRINCIPAL and a public key (or .pub file)", {
      hint: "rampart signatures add alice@example.org ~/.ssh/id_ed25519.pub",
    });
  }
  const { addSigner } = await import("@rampart/signatures");
  const after = str(ctx.values["valid-after"]);
  const before = str(ctx.values["valid-before"]);
  const r = await addSigner({
    cwd: ctx.cwd,
    env: ctx.env,
    principal,
    key,
    ...(after ? { validAfter: after } : {}),
    ...(before ? { validBefore: before } : {}),
  });
  ctx.info(
    r.added
      ? `added to ${r.file}; next: commit it, signed (\`git add .rampart && git commit -S\`): by a policy admin, or, while the policy lists no other key, by the key it adds (the first key is the trust root)`
      : `already in ${r.file}`,
  );
  if (r.added) ctx.stdout.write(`${r.line}\n`);
  return ExitCode.Clean;
}
