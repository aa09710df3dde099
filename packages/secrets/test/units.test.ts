import { maskSecret } from "@rampart/core";
import { describe, expect, it } from "vitest";
import { contextFor, isBinary } from "../src/classify.js";
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
  it("sniffs NUL bytes like git and picks the context from the name and line lengths", () => {
    expect(isBinary(Buffer.from([1, 2, 0, 3]))).toBe(true);
    expect(isBinary(Buffer.from("plain text"))).toBe(false);
    expect(contextFor("a/pnpm-lock.yaml", "x")).toBe("lockfile");
    expect(contextFor("yarn.lock", "x")).toBe("lockfile");
    expect(contextFor("dist/app.min.js", "x")).toBe("minified");
    expect(contextFor("dist/index.d.ts.map", "{}")).toBe("minified");
    expect(contextFor("dist/bundle.js", "x".repeat(5000))).toBe("minified");
    expect(contextFor("README.md", `${"x".repeat(2500)}\n${"text\n".repeat(1000)}`)).toBe("code");
  });
});

describe("sensitive file names", () => {
  const ids = (file: string, text?: string) => checkSensitiveFile(file, text).map((h) => h.ruleId);
  it("flags key files, keystores, env files and cloud credentials; spares templates and public keys", () => {
    expect(ids("home/.ssh/id_rsa", "x")).toEqual(["sensitive-file-ssh-private-key"]);
    expect(ids("id_rsa.pub", "x")).toEqual([]);
    expect(ids("a/b.jks")).toEqual(["sensitive-file-keystore"]);
    expect(ids("x.pfx")).toEqual(["sensitive-file-keystore"]);
    expect(ids(".env.production", "")).toEqual(["sensitive-file-dotenv"]);
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
