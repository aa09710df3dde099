import { maskSecret } from "@rampart/core/redact";
import { gitRepo } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { matchText } from "../src/match.js";
import { scanStaged } from "../src/staged.js";
import { ALNUM, Rand } from "./support/secrets.js";

/**
 * Passwords and tokens with characters beyond ASCII, in the generic assignments of code, .env,
 * YAML and JSON: one such character in a value used to hide all of it (the value classes were
 * ASCII), while its ASCII twin was found. Values are built at run time from each script's letters
 * (and symbols, emoji as surrogate pairs, a combining mark), the non-ASCII part anywhere in them.
 */

const SCRIPTS: Record<string, string[]> = {
  "Latin diacritics": [..."äöüéèçñøåßÄÖÜÉŁąęœ"],
  Cyrillic: [..."абвгдежзиклмнопрстуфхцчшщыэюяЖЩЯ"],
  Greek: [..."αβγδεζηθικλμνξπρστφχψωΩΣΔ"],
  Han: [..."密码钥匙秘密安全中文字门户"],
  kana: [..."パスワードかぎひみつアイウエオ"],
  Hangul: [..."비밀번호열쇠안전한국"],
  "currency and symbols": [..."€£¥§©°±µ¶"],
  emoji: ["\u{1F511}", "\u{1F512}", "\u{1F600}", "\u{1F680}", "\u2764\uFE0F", "\u{1F468}\u200D\u{1F469}"],
  "combining mark": ["e\u0301", "a\u0308", "n\u0303"],
};

const rand = new Rand(2027);
const pick = (xs: string[]): string => xs[rand.next() % xs.length] as string;

/** `ascii` with `n` of the script's characters put in at random places (start and end included). */
function sprinkle(ascii: string, chars: string[], n: number): string {
  const parts = [...ascii];
  for (let i = 0; i < n; i++) parts.splice(rand.next() % (parts.length + 1), 0, pick(chars));
  return parts.join("");
}

/** A password as people choose them, and a machine-made token. */
const password = (): string => `${rand.of(ALNUM, 6)}${rand.of("0123456789", 2)}!${rand.of(ALNUM, 3)}`;
const token = (): string => rand.of(ALNUM, 32);

/** Where a generic assignment binds a value: code, .env, YAML, JSON. */
const FORMS: Record<string, (v: string) => string> = {
  python: (v) => `db_password = "${v}"\n`,
  "env file": (v) => `# database\nDB_PASSWORD=${v}\n`,
  "env file, quoted": (v) => `API_SECRET="${v}"\n`,
  yaml: (v) => `database:\n  host: db.internal\n  password: ${v}\n`,
  "yaml, quoted": (v) => `database:\n  password: '${v}'\n`,
  json: (v) => `{\n  "database": {\n    "user": "app",\n    "password": "${v}"\n  }\n}\n`,
  typescript: (v) => `export const dbPassword = \`${v}\`;\n`,
  // JSON as Python's json.dumps writes it: every character beyond ASCII a \uXXXX escape.
  "json, escaped": (v) =>
    `${JSON.stringify({ database: { password: v } }).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}\n`,
};

/** A value from `make` that is found, as a whole, where `write` puts it (a few draws at most). */
function twin(make: () => string, write: (v: string) => string): string {
  for (let i = 0; i < 20; i++) {
    const v = make();
    if (finds(write(v), v)) return v;
  }
  throw new Error(`no value drawn was found in ${JSON.stringify(write("VALUE"))} in 20 draws`);
}

/** The whole value, reported: what rules found in `text` that is exactly `value` (masked for messages). */
function finds(text: string, value: string): boolean {
  return matchText(text).some((m) => m.secret === value);
}

describe("generic assignments: values with characters beyond ASCII", () => {
  for (const [script, chars] of Object.entries(SCRIPTS)) {
    it(`${script}: one or a few such characters anywhere in a password or token, in every form`, () => {
      const missed: string[] = [];
      for (const [form, write] of Object.entries(FORMS)) {
        for (const n of [1, 3]) {
          for (const make of [password, token]) {
            // An ASCII value the form's rules find (a random one may fall under a gate: too few
            // distinct characters, no digit); then the same with the script's characters added.
            const ascii = twin(make, write);
            const value = sprinkle(ascii, chars, n);
            if (!finds(write(value), value)) missed.push(`${form}: ${maskSecret(value)} (${n} added)`);
          }
        }
      }
      expect(missed, missed.join("\n")).toEqual([]);
    });
  }

  it("a value wholly in another script, with digits or symbols, is a password too", () => {
    // Drawn until one passes the entropy gate, as an ASCII password of the same shape must (twin).
    const write = (v: string) => `password = "${v}"\n`;
    for (const make of [
      () => `${rand.of("абвгдежзиклмнопрстуфхцчшщ", 6)}${rand.of("0123456789", 4)}!`,
      () => `${rand.of("αβγδεζηθικλμνξπρστ", 5)}#${rand.of("0123456789", 4)}`,
      () => `密码${rand.of("0123456789", 6)}`,
      () => `パスワード${rand.of("0123456789", 3)}`,
      () => `Пароль!Секрет${rand.of("абвгд", 2)}`,
    ]) {
      const value = twin(make, write); // throws when none of 20 draws is found
      expect(finds(write(value), value), maskSecret(value)).toBe(true);
    }
  });

  it.each([
    // Messages in scripts written without spaces: one run, or numbers inside.
    'password_hint = "8文字以上で入力してください"',
    '"passwordRule": "密码长度为8到16个字符"',
    'token_help: "第1步"',
    'secret_note = "最多16个字符"',
    '"password_label": "パスワードは8文字以上"',
    // Words without digits, in any script; messages with spaces or clause punctuation.
    'password = "Passwörter"',
    '"password": "Пароль"',
    'password: "パスワード"',
    'password = "Mot de passe oublié"',
    '"password_error": "密码错误，请重试123"',
    // No letters of any script: numbers and symbols.
    'password = "€€€€123456"',
    'password = "\u{1F511}\u{1F511}\u{1F511}12345"',
    // Quotes from prose are not a value's characters.
    "password = «secret»",
  ])("no finding in %j", (text) => {
    expect(matchText(`${text}\n`).map((m) => m.ruleId)).toEqual([]);
  });

  it("a staged .env, YAML and Python file with such values: each found at its line, never printed whole", async () => {
    const pw1 = sprinkle(password(), SCRIPTS["Latin diacritics"] as string[], 1);
    const pw2 = sprinkle(token(), SCRIPTS["currency and symbols"] as string[], 1);
    const pw3 = sprinkle(password(), SCRIPTS.Han as string[], 2);
    const repo = await gitRepo({ "README.md": "r\n" });
    repo.write("conf.py", `db_password = "${pw1}"\napi_secret = "${pw2}"\n`);
    repo.write(".env", `REDIS_PASSWORD=${pw3}\n`);
    repo.write("deploy/values.yaml", `db:\n  password: "${pw1}"\n`);
    await repo.git(["add", "-A"]);
    const result = await scanStaged({ cwd: repo.dir, baseline: false });
    const at = result.findings
      .filter((f) => f.ruleId.startsWith("generic-"))
      .map((f) => `${f.file}:${f.line}`)
      .sort();
    expect(at).toEqual([".env:1", "conf.py:1", "conf.py:2", "deploy/values.yaml:2"]);
    const shown = JSON.stringify(result.findings);
    for (const v of [pw1, pw2, pw3]) expect(shown.includes(v), "a value printed whole").toBe(false);
  });
});
