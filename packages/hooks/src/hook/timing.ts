// Per-stage timers for the hook entry points, behind RAMPART_TIMING=1: one line on stderr when
// the hook ends, so that bench/hooks.mjs (and anyone wondering why a commit is slow) sees where
// the time goes. Off, each timer is one comparison. Stages run concurrently (the secret scan
// beside the lockfile check), so their times may add up to more than the wall time.

/** The stages bench/hooks.mjs reports, in its order. */
export const STAGES = [
  "node", // Node's own start-up, before rampart's first line
  "modules", // rampart's modules, up to the hook's first step
  "git", // the repository's layout and the staged paths
  "policy", // the policy (working tree and HEAD), baseline and actions lock
  "lint-staged",
  "commitlint",
  "secrets",
  "lockfile", // the lockfile check and the deps gate on a staged lockfile
  "workflows",
  "push", // pre-push: signatures, secrets and deps on the pushed ranges
] as const;
export type Stage = (typeof STAGES)[number];

const enabled = (env: NodeJS.ProcessEnv | undefined): boolean => (env ?? process.env).RAMPART_TIMING === "1";

/** The timers of one hook run. */
export class HookTiming {
  readonly #on: boolean;
  readonly #ms = new Map<Stage, number>();

  constructor(env: NodeJS.ProcessEnv | undefined) {
    this.#on = enabled(env);
    if (!this.#on) return;
    // performance's origin is the process start: Node's bootstrap ends at bootstrapComplete, and
    // everything up to this constructor (the CLI, core, this package) is module loading.
    const boot = performance.nodeTiming.bootstrapComplete;
    this.#ms.set("node", boot);
    this.#ms.set("modules", performance.now() - boot);
  }

  /** Adds the time `work` takes to `stage` (concurrent calls each count their own span). */
  async time<T>(stage: Stage, work: () => Promise<T>): Promise<T> {
    if (!this.#on) return work();
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.add(stage, performance.now() - start);
    }
  }

  add(stage: Stage, ms: number): void {
    if (this.#on) this.#ms.set(stage, (this.#ms.get(stage) ?? 0) + ms);
  }

  /**
   * `rampart timing pre-commit: {...}` on stderr (milliseconds; total is the process's wall time so
   * far, cpu its user + system time: on a loaded machine the steadier of the two).
   */
  report(hook: string, write: (text: string) => void): void {
    if (!this.#on) return;
    const stages = Object.fromEntries(
      STAGES.filter((s) => this.#ms.has(s)).map((s) => [s, Math.round((this.#ms.get(s) ?? 0) * 10) / 10]),
    );
    const { user, system } = process.cpuUsage();
    const cpu = Math.round((user + system) / 1000);
    write(`rampart timing ${hook}: ${JSON.stringify({ ...stages, total: Math.round(performance.now()), cpu })}\n`);
  }
}
