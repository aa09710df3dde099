import type { Readable, Writable } from "node:stream";
import { RampartError } from "@rampart/core/errors";
import { PROFILES, type Profile } from "./templates.js";

const HINTS: Record<Profile, string> = {
  minimal: "local hooks + their CI mirror",
  recommended: "+ signed pushes, protected default branch, governance files",
  strict: "+ DCO sign-off, required signatures, SBOM attestation",
};

export interface InitAnswers {
  profile: Profile;
}

/** The questions `rampart init` asks on a TTY (a well-kept prompt library: @clack/prompts). */
export async function askInit(io: { input: Readable; output: Writable }, defaults: InitAnswers): Promise<InitAnswers> {
  // Loaded here, not at the top: the hook entry points import this package on every commit.
  const { isCancel, select } = await import("@clack/prompts");
  const profile = await select<Profile>({
    message: "Which profile?",
    initialValue: defaults.profile,
    options: PROFILES.map((p) => ({ value: p, label: p, hint: HINTS[p] })),
    input: io.input,
    output: io.output,
  });
  if (isCancel(profile)) throw await cancelled(io.output);
  return { profile };
}

/** After the first scan listed what it found: accept those as the reviewed baseline? (default no) */
export async function confirmBaseline(io: { input: Readable; output: Writable }, count: number): Promise<boolean> {
  const { confirm, isCancel } = await import("@clack/prompts");
  const ok = await confirm({
    message: `Record these ${count} finding(s) as the reviewed secrets baseline (the hooks and CI then ignore them)?`,
    initialValue: false,
    input: io.input,
    output: io.output,
  });
  if (isCancel(ok)) throw await cancelled(io.output);
  return ok;
}

export async function confirmWrite(io: { input: Readable; output: Writable }, count: number): Promise<boolean> {
  const { confirm, isCancel } = await import("@clack/prompts");
  const ok = await confirm({
    message: `Write ${count} file(s)?`,
    initialValue: true,
    input: io.input,
    output: io.output,
  });
  if (isCancel(ok)) throw await cancelled(io.output);
  return ok;
}

async function cancelled(output: Writable): Promise<RampartError> {
  const { cancel } = await import("@clack/prompts");
  cancel("rampart init cancelled; nothing was written", { output });
  return new RampartError("USAGE_CANCELLED", "cancelled; nothing was written");
}
