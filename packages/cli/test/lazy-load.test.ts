import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cliBin, gitRepo, runCommand } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";

// Records every module URL the CLI process resolves, through a resolve hook loaded with --import.
const tracer = `
import { registerHooks } from "node:module";
import { appendFileSync } from "node:fs";
registerHooks({
  resolve(specifier, context, next) {
    const result = next(specifier, context);
    appendFileSync(process.env.RAMPART_TRACE, result.url + "\\n");
    return result;
  },
});
`;

async function trace(args: string[]) {
  const repo = await gitRepo({ "README.md": "demo\n" });
  repo.write("staged.txt", "a staged change\n");
  await repo.git(["add", "staged.txt"]);
  const file = join(repo.home, "trace.txt");
  const r = await runCommand(
    process.execPath,
    ["--import", `data:text/javascript,${encodeURIComponent(tracer)}`, cliBin, ...args],
    { cwd: repo.dir, env: { ...repo.env, RAMPART_TRACE: file } },
  );
  return { ...r, urls: readFileSync(file, "utf8").split("\n").filter(Boolean) };
}

describe("commands load lazily", () => {
  it("--version loads no command file, no tool package, and none of core's heavy dependencies", async () => {
    const r = await trace(["--version"]);
    expect(r.exitCode).toBe(0);
    expect(r.urls.some((u) => u.endsWith("/dist/main.js"))).toBe(true);
    expect(
      r.urls.filter(
        (u) =>
          u.includes("/commands/") ||
          /\/packages\/(hooks|secrets|signatures|lockfile|sbom)\/|\/(execa|ajv|yaml)@/.test(u),
      ),
    ).toEqual([]);
  });

  it("a lockfile check loads the lockfile code and nothing of the SBOM, secrets or signatures", async () => {
    const r = await trace(["lockfile", "check"]);
    expect(r.exitCode).toBe(0);
    expect(r.urls.some((u) => u.includes("/packages/lockfile/dist/"))).toBe(true);
    const heavy = r.urls.filter((u) =>
      /\/packages\/(sbom|secrets|signatures|hooks)\/|\/commands\/(sbom|secrets|signatures|hooks?|init)\.js|cyclonedx|xmlbuilder2|secretlint/.test(
        u,
      ),
    );
    expect(heavy).toEqual([]);
  });

  it("the pre-commit hook never loads the SBOM code", async () => {
    const r = await trace(["hook", "pre-commit"]);
    expect(r.exitCode).toBe(0);
    expect(r.urls.some((u) => u.includes("/commands/hook.js"))).toBe(true);
    expect(r.urls.filter((u) => /\/packages\/sbom\/|\/commands\/sbom\.js|cyclonedx|xmlbuilder2/.test(u))).toEqual([]);
  });
});
