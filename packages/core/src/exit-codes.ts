/** The only exit codes rampart uses. Defined once; the CLI's main is the only place that sets them. */
export const ExitCode = {
  /** Ran, found nothing that violates the policy. */
  Clean: 0,
  /** Ran, found findings or a policy violation. */
  Findings: 1,
  /** Could not run: usage, config, bad input, git missing. */
  Error: 2,
  /** The user interrupted an interactive command (Ctrl-C at a prompt): nothing was written (128 + SIGINT). */
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
