import { describe, expect, it } from "vitest";
import { isPlaceholder } from "../src/entropy.js";
import { matchText } from "../src/match.js";
import { ALNUM, Rand } from "./support/secrets.js";

/**
 * A reference ($VAR, ${VAR}, %VAR%, <placeholder>, {{ x }}) is not a secret, but a password that
 * merely starts with `$`, `%`, `<` or `{`, or holds two `%`, is one: password managers draw those
 * characters. The config rules refused any value starting with one of them, and the placeholder
 * test (entropy.ts) took `$` then any word characters, or any word characters between two `%`, for
 * a reference. Passwords here are generated at run time, never printed whole.
 */

/** Each config-syntax rule, and how its syntax writes a value. */
const FORMS: Record<string, (v: string) => string> = {
  "netrc-password": (v) => `machine api.example.com login deploy password ${v}\n`,
  "groovy-credential-call": (v) => `  password '${v}'\n`,
  "xml-name-value-secret": (v) => `<add key="ApiPassword" value="${v}" />\n`,
  "terraform-variable-default-secret": (v) => `variable "db_password" {\n  default = "${v}"\n}\n`,
  "wifi-psk": (v) => `psk="${v}"\n`,
  "ipsec-psk": (v) => `203.0.113.10 : PSK "${v}"\n`,
  "php-database-password": (v) => `$db = new PDO('mysql:host=db', 'shop', '${v}');\n`,
  "config-directive-password": (v) => `requirepass ${v}\n`,
  "wordpress-config-secret": (v) => `define( 'DB_PASSWORD', '${v}' );\n`,
  "pgpass-entry": (v) => `db.internal:5432:app:app:${v}\n`,
  "composer-auth-token": (v) => `{"github-oauth": {"github.com": "${v}"}}\n`,
  "yarn-npm-auth-ident": (v) => `npmAuthIdent: "ci:${v}"\n`,
  "cloud-init-chpasswd": (v) => `chpasswd:\n  list: |\n    root:${v}\n`,
  "openvpn-inline-auth": (v) => `<auth-user-pass>\nvpn-user\n${v}\n</auth-user-pass>\n`,
  "code-credential-call": (v) => `c = DriverManager.getConnection("jdbc:postgresql://db/app", "app", "${v}");\n`,
  "oracle-descriptor-credentials": (v) => `jdbc:oracle:thin:scott/${v}@db.internal:1521:ORCL\n`,
  "connection-string-password-first": (v) => `Password=${v};User ID=sa;Data Source=db\n`,
  "odbc-connection-string-password": (v) => `Server=db;Database=app;User Id=sa;Password=${v};\n`,
};

/** A password manager's symbols (Bitwarden's and 1Password's default set). */
const SYMBOLS = "!@#$%^&*";

/** A password as a password manager makes one: 16 characters, at least one symbol and one digit inside. */
function password(rand: Rand, first: string): string {
  for (;;) {
    const v = first + rand.of(ALNUM + SYMBOLS, 15);
    if (/[0-9]/.test(v.slice(1)) && /[!@#$%^&*]/.test(v.slice(1)) && !/[:;@/]/.test(v)) return v;
  }
}

/** A literal `$` where `${` would read as a template literal. */
const D = "$";

const byRule = (rule: string, text: string): boolean => matchText(text).some((m) => m.ruleId === rule);

describe("config rules: a value that starts with $ % < { is a value, a whole reference is not", () => {
  for (const [rule, form] of Object.entries(FORMS)) {
    it(`${rule}: passwords starting with $, %, < or { are found`, () => {
      const rand = new Rand(rule.length * 7919);
      for (const first of ["$", "%", "<", "{"]) {
        if (first === "<" && rule === "xml-name-value-secret") continue; // an attribute value holds no '<'
        let found = 0;
        const n = 20;
        for (let i = 0; i < n; i++) if (byRule(rule, form(password(rand, first)))) found++;
        // The rules' own judgement (entropy, filler) may drop a rare value; a reference shape never all.
        expect(found, `${rule}, first character ${first}`).toBeGreaterThanOrEqual(n - 1);
      }
    });
  }

  const REFERENCES = [
    `${D}{DB_PASSWORD}`,
    `${D}{DB_PASSWORD:-changeme}`,
    `${D}{{ secrets.DB_PASSWORD }}`,
    "{{.Values.password}}",
    "$DB_PASSWORD",
    "$db_password",
    "$dbPassword",
    "$env:DB_PASSWORD",
    "$(DbPassword)",
    "%DB_PASSWORD%",
    "%NuGetPassword%",
    "%(password)s",
    "%{DB_PASSWORD}",
    "%env(DB_PASSWORD)%",
    "<password>",
    "<your-token>",
    "<YOUR_API_KEY>",
    "<YourStrong@Passw0rd>",
    "{password}",
    "{DB_PASSWORD}",
  ];
  for (const [rule, form] of Object.entries(FORMS)) {
    it(`${rule}: references and placeholders are not findings`, () => {
      for (const ref of REFERENCES) {
        if (/[:;@/]/.test(ref) && /pgpass|chpasswd|connection-string|oracle|yarn/.test(rule)) continue;
        expect(byRule(rule, form(ref)), `${rule}: ${ref}`).toBe(false);
      }
    });
  }

  it("wordpress-config-secret: a key or salt starting with '{' is found; templates are not", () => {
    const rand = new Rand(31);
    const SALT = `${ALNUM}!@#%^&*_+=|,.;:~-[]<>`;
    for (let i = 0; i < 20; i++) {
      const salt = `{${rand.of(SALT, 63)}`;
      expect(byRule("wordpress-config-secret", `define( 'AUTH_SALT', '${salt}' );`)).toBe(true);
    }
    for (const ref of ["{{ wp_auth_salt }}", "{AUTH_SALT}", `${D}{AUTH_SALT}`, "{{AUTH_SALT}}"])
      expect(byRule("wordpress-config-secret", `define( 'AUTH_SALT', '${ref}' );`), ref).toBe(false);
  });

  it("the placeholder test: a password with a leading $ or two % around mixed-case letters and digits is a value", () => {
    const rand = new Rand(77);
    let kept = 0;
    const n = 200;
    for (let i = 0; i < n; i++) {
      // `$` then letters and digits; `%` twice with letters and digits between.
      const dollar = `$${rand.of(ALNUM, 15)}`;
      const percents = `${rand.of(ALNUM, 3)}%${rand.of(ALNUM, 6)}%${rand.of(ALNUM, 6)}`;
      if (!isPlaceholder(dollar)) kept++;
      if (!isPlaceholder(percents)) kept++;
    }
    expect(kept).toBeGreaterThanOrEqual(2 * n - 4);
    for (const ref of [
      "$DB_PASSWORD",
      "$dbPassword",
      "$db_password2",
      "%APPDATA%\\key",
      "%DB_PASSWORD%",
      `${D}{DB_PASSWORD}`,
      `${D}{{ secrets.X }}`,
      "{{ x }}",
      "<YOUR_TOKEN>",
      "$(cat /run/secrets/db)",
    ])
      expect(isPlaceholder(ref), ref).toBe(true);
  });
});
