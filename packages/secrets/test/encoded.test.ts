import { gitRepo } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { decodeEscapes } from "../src/encoded.js";
import { matchText } from "../src/match.js";
import { scanRange } from "../src/range.js";
import { scanStaged } from "../src/staged.js";
import { ALNUM, rnd } from "./support/secrets.js";

// An assignment written percent-encoded or HTML-escaped (a form body, a URL parameter holding a
// config line, a page that shows a config file) is the same credential: core's redaction masks
// these forms, and the guard decodes the lines that hold them before the rules judge them.

const noBaseline = { baseline: false } as const;

describe("encoded assignments", () => {
  it("are found decoded, placed at the escaped text, in staged and range scans", async () => {
    const repo = await gitRepo({ "README.md": "r\n" });
    const v = {
      percent: `Hq2${rnd(ALNUM, 15)}`,
      quot: `Zr5${rnd(ALNUM, 15)}`,
      entity: `Pw7${rnd(ALNUM, 15)}`,
      twice: `Kx3${rnd(ALNUM, 21)}`,
      hex: `Qm8${rnd(ALNUM, 13)}`,
    };
    const files: Record<string, string> = {
      "deploy/hook.txt": `POST /hooks/deploy\nconfig=db_password%3D${v.percent}%26mode%3Dfast\n`,
      "docs/setup.html": `<p>Settings:</p>\n<pre>{&quot;password&quot;: &quot;${v.quot}&quot;}</pre>\n`,
      "site/form.html": `<input name="x" value="client_secret&#61;${v.entity}">\n`,
      "deploy/nested.txt": `next=%2522api_key%2522%253A%2520%2522${v.twice}%2522\n`,
      "site/hex.html": `<code>auth_token&#x3D;&#x22;${v.hex}&#x22;</code>\n`,
    };
    for (const [path, text] of Object.entries(files)) repo.write(path, text);
    await repo.git(["add", "-A"]);
    const staged = await scanStaged({ cwd: repo.dir, ...noBaseline });
    const before = await repo.git(["rev-parse", "HEAD"]);
    await repo.commit("encoded");
    const range = await scanRange({ cwd: repo.dir, range: `${before}..HEAD`, ...noBaseline });
    for (const r of [staged, range]) {
      const got = r.findings
        .filter((f) => f.severity === "error")
        .map((f) => [f.file, f.line, f.column, f.properties?.length])
        .sort();
      const at = (path: string, value: string) => {
        const text = files[path] as string;
        const i = text.indexOf(value);
        const line = text.slice(0, i).split("\n").length;
        return [path, line, i - text.lastIndexOf("\n", i - 1), value.length];
      };
      expect(got).toEqual(
        [
          at("deploy/hook.txt", v.percent),
          at("deploy/nested.txt", v.twice),
          at("docs/setup.html", v.quot),
          at("site/form.html", v.entity),
          at("site/hex.html", v.hex),
        ].sort(),
      );
      // Masked as every finding is: the value never whole.
      for (const value of Object.values(v)) expect(JSON.stringify(r.findings)).not.toContain(value);
    }
  });

  it("a byte that is no UTF-8 beside the escaped `=` does not hide it (decodeURIComponent refused the whole run)", () => {
    // What URLSearchParams reads there: `db_password=\uFFFD…`: the name, the glue, then the value.
    const value = `Hq2${rnd(ALNUM, 17)}`;
    for (const text of [
      `config=db_password%3D%FF${value}%26mode%3Dfast`,
      `config=db_password%3D%C3${value}`,
      `next=%2522api_key%2522%253A%2520%2522%FF${value}%2522`,
    ]) {
      const found = matchText(text);
      expect(found.length).toBe(1);
      expect((found[0]?.secret ?? "").endsWith(value)).toBe(true);
    }
  });

  it("judges the decoded text as the rules judge plain text: placeholders, words and found values stay as they were", () => {
    const clean = [
      "<pre>&quot;password&quot;: &quot;your-password-here&quot;</pre>",
      "<pre>&quot;token&quot;: &quot;&lt;YOUR_TOKEN&gt;&quot;</pre>",
      "https://example.com/search?q=password%3Dreset%20instructions",
      "a &amp;&amp; b; x = &quot;tokenizer&quot;",
    ];
    for (const text of clean) expect(matchText(text), text).toEqual([]);
    // Found as written already: not reported twice.
    const written = `password = "Hq2${rnd(ALNUM, 15)}" &amp; more`;
    expect(matchText(written)).toHaveLength(1);
  });

  it("decodes the text around escapes that may name a credential, each character traced to its place", () => {
    expect(decodeEscapes("plain\ntext\n")).toBeUndefined();
    // No credential's name near the escapes: nothing to decode.
    expect(decodeEscapes("a\nx%3Dy &quot;q&quot;\n")).toBeUndefined();
    const text = "a\nkey%3Dy &quot;q&quot;\nb\ntoken&#61;%2522d%2522\nc%3Dd\n";
    const d = decodeEscapes(text);
    expect(d?.text).toBe('key=y "q"\n\ntoken="d"');
    // Each decoded character comes from its own character, or from the escape that wrote it.
    const from = [...(d?.from ?? [])];
    expect(from).toHaveLength((d?.text.length ?? 0) + 1);
    for (const [i, ch] of [...(d?.text ?? "")].entries()) {
      if (ch === "\n") continue;
      const at = text.slice(from[i] as number);
      expect(at.startsWith(ch) || /^(?:%|&)/.test(at), `${i}: ${ch} from ${at.slice(0, 8)}`).toBe(true);
    }
    expect(text.slice(from[3] as number).startsWith("%3D")).toBe(true);
    expect(text.slice(from[16] as number).startsWith("&#61;")).toBe(true);
    expect(text.slice(from[17] as number).startsWith("%2522")).toBe(true);
    expect(from.at(-1)).toBe(text.indexOf("\nc%3Dd"));
  });
});
