import { maskSecret } from "@rampart/core";
import { describe, expect, it } from "vitest";
import { contextFor, isBinary, LONG_LINE } from "../src/classify.js";
import { decodeText } from "../src/decode.js";
import { longLines } from "../src/scanner.js";
import { checkSensitiveFile } from "../src/sensitive-files.js";
import { githubToken } from "./synthetic.js";

describe("maskSecret", () => {
  it("shows at most a short prefix and the length", () => {
    const token = githubToken(1);
    expect(maskSecret(token)).toBe(`${token.slice(0, 4)}…[40]`);
    expect(maskSecret("hunter2pass")).toBe("hu…[11]");
    expect(maskSecret("abc")).toBe("…[3]");
    expect(maskSecret("-----BEGIN PRIVATE KEY-----\nMII")).toBe("…[31]");
  });
});

describe("classification", () => {
  it("sniffs NUL bytes like git (UTF-16 aside) and picks the context from the name", () => {
    expect(isBinary(Buffer.from([1, 2, 0, 3]))).toBe(true);
    expect(isBinary(Buffer.from("plain text"))).toBe(false);
    expect(isBinary(Buffer.from("\ufefftext in UTF-16", "utf16le"))).toBe(false);
    expect(isBinary(Buffer.from("text in UTF-16 without a BOM", "utf16le"))).toBe(false);
    expect(contextFor("a/pnpm-lock.yaml")).toBe("generated");
    expect(contextFor("yarn.lock")).toBe("generated");
    expect(contextFor("dist/app.min.js")).toBe("generated");
    expect(contextFor("dist/index.d.ts.map")).toBe("generated");
    // Long lines are judged one by one by the scanner, never the whole file.
    expect(contextFor("dist/bundle.js")).toBe("code");
  });
});

describe("decodeText", () => {
  it("reads UTF-8, UTF-16 (BOM LE/BE, or none) and UTF-32 with a BOM; NUL-laden bytes are binary", () => {
    const text = "héllo\nwörld 🌍\n";
    expect(decodeText(Buffer.from(text))).toBe(text);
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]))).toBe(text);
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]))).toBe(text);
    expect(decodeText(Buffer.from("plain ascii\n", "utf16le"))).toBe("plain ascii\n");
    const utf32 = Buffer.alloc(4 + 4 * [...text].length);
    utf32.writeUInt32LE(0xfeff, 0);
    for (const [i, ch] of [...text].entries()) utf32.writeUInt32LE(ch.codePointAt(0) as number, 4 + 4 * i);
    expect(decodeText(utf32)).toBe(text);
    expect(decodeText(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]))).toBeUndefined();
    expect(decodeText(Buffer.from([0xff, 0xfe, 0x41]))).toBe("");
  });
});

describe("sensitive file names", () => {
  const ids = (file: string, text?: string) => checkSensitiveFile(file, text).map((h) => h.ruleId);
  it("flags key files, keystores, env files and cloud credentials; spares templates and public keys", () => {
    expect(ids("home/.ssh/id_rsa", "x")).toEqual(["sensitive-file-ssh-private-key"]);
    expect(ids("id_rsa.pub", "x")).toEqual([]);
    expect(ids("a/b.jks")).toEqual(["sensitive-file-keystore"]);
    expect(ids("x.pfx")).toEqual(["sensitive-file-keystore"]);
    expect(ids(".env.production", `DB_PASSWORD=${"Zr8".concat("qLw2vNx5")}\n`)).toEqual(["sensitive-file-dotenv"]);
    expect(ids(".env.production", `export SIGNING_KEY="${"9fA2".concat("kQ7mZx4LpW8vRt3N")}"\n`)).toEqual([
      "sensitive-file-dotenv",
    ]);
    // Named by its file alone, an env file is no finding: only credential-looking values make it one.
    for (const text of ["", "DEBUG=1\nPORT=3000\n", "API_URL=https://api.example.com\nNODE_ENV=production\n"]) {
      expect(ids(".env", text), text).toEqual([]);
    }
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a reference, as .env files write them
    expect(ids(".env", "API_TOKEN=${API_TOKEN}\nPASSWORD=changeme\nSECRET=\n")).toEqual([]);
    for (const t of [".env.example", ".env.sample", ".env.template"]) expect(ids(t, "A=1")).toEqual([]);
    expect(ids(".aws/credentials", "[default]")).toEqual(["sensitive-file-cloud-credentials"]);
    expect(ids("gcloud/application_default_credentials.json", "{}")).toEqual(["sensitive-file-cloud-credentials"]);
    expect(ids("credentials.json", '{"installed":{"client_secret":"abc"}}')).toEqual([
      "sensitive-file-cloud-credentials",
    ]);
    expect(ids("credentials.json", '{"user":"x"}')).toEqual([]);
    expect(ids("server.key", "-----BEGIN EC PRIVATE KEY-----\n")).toEqual(["sensitive-file-private-key"]);
    expect(ids("server.pem", "-----BEGIN CERTIFICATE-----\n")).toEqual([]);
    expect(ids(".npmrc", ["//r/:_authToken=$", "{NPM_TOKEN}\n"].join(""))).toEqual([]);
    expect(ids(".pypirc", "[pypi]\npassword = abc\n")).toEqual(["sensitive-file-pypirc"]);
    expect(ids(".netrc", "machine x login y password z\n")).toEqual(["sensitive-file-netrc"]);
    expect(ids(".kube/config", "users:\n- user:\n    client-key-data: LS0tLS1CRUdJTi\n")).toEqual([
      "sensitive-file-kubeconfig",
    ]);
  });
});

describe("long lines", () => {
  it("are found by looking once per LONG_LINE characters, as a walk over every line finds them", () => {
    // Line ends: \n, \r (CR-only files), U+2028, U+2029; CRLF is one of them twice (an empty line).
    const walkLines = (text: string) => {
      const spans: Array<[number, number]> = [];
      let at = 0;
      for (const l of text.split(/[\n\r\u2028\u2029]/)) {
        if (l.length > LONG_LINE) spans.push([at, at + l.length]);
        at += l.length + 1;
      }
      return spans;
    };
    let seed = 11;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const lengths = [0, 1, LONG_LINE - 1, LONG_LINE, LONG_LINE + 1, LONG_LINE + 2, 2 * LONG_LINE, 3 * LONG_LINE + 1];
    let long = 0;
    for (let n = 0; n < 400; n++) {
      const lines = Array.from({ length: 1 + rand(6) }, () =>
        "x".repeat(rand(2) === 0 ? (lengths[rand(lengths.length)] as number) : rand(80)),
      );
      const ends = ["\n", "\r\n", "\r", "\u2028", "\u2029"];
      // One kind of line end per text, or a mix: a line over LONG_LINE only between line feeds is not long.
      const mixed = rand(3) === 0;
      const end = ends[rand(ends.length)] as string;
      const text = lines
        .map((l, i) => (i === 0 ? l : (mixed ? (ends[rand(ends.length)] as string) : end) + l))
        .join("");
      expect(longLines(text), JSON.stringify(lines.map((l) => l.length))).toEqual(walkLines(text));
      if (walkLines(text).length > 0) long++;
    }
    expect(long).toBeGreaterThan(40);
  });
});
