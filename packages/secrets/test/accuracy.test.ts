import { describe, expect, it } from "vitest";
import { matchText } from "../src/match.js";
import { nearCases, structuralCases, tokenCases } from "./support/cases.js";
import { ALNUM, B64, B64URL, HEX, rnd, UPPER_ALNUM, uuid } from "./support/secrets.js";

/**
 * A small labelled sample, built at run time, so accuracy cannot regress unnoticed: secrets of
 * many providers in the syntaxes real files use (not the rule files' own examples), and clean
 * text that looks like credentials (placeholders, documentation fillers, digests, identifiers).
 * Recall is averaged over the sample's kinds, as the shared corpora are scored.
 */

/** The same secret line as code, config and scripts write it. */
function contexts(line: string): string[] {
  const json = JSON.stringify(line);
  return [
    line,
    `  - run: echo ok\n    env:\n      VALUE: ${json}\n`,
    `{"config": ${json}}`,
    `const setting = ${json};\n`,
    `# deploy notes\n${line}\n# end\n`,
  ];
}

const PW = () => `${rnd(ALNUM, 10)}!${rnd(ALNUM, 4)}`;

/** [kind, text] pairs that hold a credential. */
function secretSamples(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [id, make] of [...tokenCases, ...nearCases, ...structuralCases]) {
    // A multi-line secret stays as it is; a one-line one is also quoted into other syntaxes.
    const text = make();
    if (text.includes("\n") || id === "docker-config-auth" || id === "jwt") out.push([id, text]);
    else for (const t of contexts(text)) out.push([id, t]);
  }
  const extra: Array<[string, string]> = [
    ["cli-mysql", `mysqldump -u backup -p${PW()} --all-databases > all.sql`],
    ["cli-docker-login", `docker login --username ci --password ${PW()} ghcr.io`],
    ["cli-sshpass", `sshpass -p "${PW()}" scp build.tgz deploy@10.0.0.7:/srv`],
    ["cli-powershell", `$secure = ConvertTo-SecureString "${PW()}" -AsPlainText -Force`],
    ["config-netrc", `machine git.internal login ci password ${PW()}`],
    ["config-gradle", `credentials {\n    username "ci"\n    password "${PW()}"\n}`],
    ["hash-bcrypt", `INSERT INTO users VALUES ('ops', '$2b$12$${rnd(`${ALNUM}./`, 53)}');`],
    ["hash-shadow", `www:$6$${rnd(ALNUM, 16)}$${rnd(`${ALNUM}./`, 86)}:19800:0:99999:7:::`],
    ["hash-ntlm", `svc:1105:aad3b435b51404eeaad3b435b51404ee:${rnd(HEX, 32)}:::`],
    [
      "webhook-google-chat",
      `https://chat.googleapis.com/v1/spaces/AAAA${rnd(ALNUM, 7)}/messages?key=AIza${rnd(ALNUM, 35)}&token=${rnd(ALNUM, 43)}%3D`,
    ],
    ["env-secret", `STRIPE_WEBHOOK_SECRET=whsec_${rnd(ALNUM, 32)}`],
  ];
  return [...out, ...extra];
}

/** Text that looks like a credential and is none. */
function cleanSamples(): string[] {
  return [
    // Documentation fillers and placeholders.
    "API_KEY=abcd1234abcd1234abcd1234abcd1234",
    'const token = "a1b2c3d4-e5f6-a7b8-c9d0-e1f2a3b4c5d6";',
    "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "aws_secret_access_key = <your-secret-access-key>",
    "password: ********",
    "SECRET_KEY=changeme",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a reference, as config files write them
    "client_secret: ${CLIENT_SECRET}",
    "token: {{ .Values.token }}",
    "api_key = 0123456789abcdef0123456789abcdef",
    "stripe_key: sk_test_xxxxxxxxxxxxxxxxxxxxxxxx",
    "Authorization: Bearer <token>",
    "export NPM_TOKEN=$(cat ~/.npm-token)",
    "postgres://user:password@localhost:5432/app",
    // Identifiers that look like keys.
    `commit ${rnd(HEX, 40)}`,
    `"integrity": "sha512-${rnd(B64, 86)}=="`,
    `image: ghcr.io/acme/api@sha256:${rnd(HEX, 64)}`,
    `https://cdn.example.com/assets/app.${rnd(HEX, 20)}.js`,
    `const requestId = "${uuid()}";`,
    `secret_version_id = "${uuid()}"`,
    `token_sha = "${rnd(HEX, 40)}"`,
    "const cloud_with_snow = renderSnowfall(cloud, snowflake_density);",
    "GHSA-4xq2-9c7p-hm3w CVE-2024-21626 fixed in 1.1.12",
    "sha256WithRSAEncryption id-ecPublicKey prime256v1",
    "password_reset_token_expiry = 3600",
    "const publicKey = await crypto.subtle.exportKey('spki', key.publicKey);",
    "secretName: app-tls",
    "tokenizer = AutoTokenizer.from_pretrained('bert-base-uncased')",
    `checksum: ${rnd(HEX, 64)}`,
    "keyboardLayout = 'qwertyuiopasdfghjkl'",
    "mysql -u root -p",
    "docker login -u ci --password-stdin ghcr.io",
    'curl -u "$USER:$TOKEN" https://api.example.com',
    "net use Z: \\\\fs01\\share /user:CORP\\backup",
    '<add key="ApiKey" value="%API_KEY%" />',
    "machine github.com login ci",
    "DEBUG=1\nPORT=3000\nNODE_ENV=production\n",
    ...fillerSamples(),
    ...lookalikeSamples(),
    ...publicByDesignSamples(),
  ];
}

/** Documentation fillers: repeated units, runs of the alphabet, keyboard rows, marked examples. */
function fillerSamples(): string[] {
  const unit = rnd(ALNUM, 3);
  return [
    `api_key = "${unit.repeat(8)}"`,
    'client_secret: "a1b2c3d4a1b2c3d4a1b2c3d4"',
    "auth_token = '12345678abcdefgh'",
    "SECRET_KEY=qwertyuiop1234",
    "password: asdfghjkl;",
    "access_token = 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'",
    "API_TOKEN=your_api_key_here",
    "api_key: <token>",
    `"SecretAccessKey": "${rnd(B64, 30)}EXAMPLEKEY"`,
    `"VerificationToken": "EXAMPLE${rnd(B64, 36)}"`,
  ];
}

/** Identifiers in a key's shape: digests, revisions, request ids, encoded prose, ARNs. */
function lookalikeSamples(): string[] {
  const prose = Buffer.from("the build uploads every artifact to the shared cache first").toString("base64");
  return [
    `git_token_commit: ${rnd(HEX, 40)}`,
    `deploy_token_rev = "${rnd(HEX, 40)}" # sha of the release`,
    `<script src="/app.js" integrity="sha384-${rnd(B64, 64)}" crossorigin="anonymous"></script>`,
    `"ChangeToken": "${uuid()}",`,
    `"ClientRequestToken": "${uuid()}",`,
    `"LifecycleActionToken": "${uuid()}",`,
    `secret: ${prose}`,
    `"ARN": "arn:aws:secretsmanager:us-west-2:123456789012:secret:ProdDatabaseSecret-${rnd(ALNUM, 6)}",`,
    "const snowflake_id = next_snowflake(cloud_with_snow);",
    "{ name: 'id-ecPublicKey', oid: '1.2.840.10045.2.1' }",
    `* - computeHMACSignature('', 'test_secret') => '${rnd(HEX, 64)}'`,
    '//   "recaptchaV3Token": "my_recaptchaV3Token"',
    "Usually an e-mail address. Example: https://securetoken.google.com Example: 1234567-compute@developer.example.com",
    "onresumptiontoken: options2?.onresumptiontoken",
    '{ token: "keyword.tag-$1" },',
    '"TemporaryPassword": "This-is-my-test-99!",',
    '"Password": "SomeKindOfPassword123!@#",',
    `"clientToken": "${uuid()}",`,
    "  case TokenType.CurlyL:\n    curlyDepth++;\n    break;",
    "return token = scanTemplateAndSetTokenValue(!isTaggedTemplate);",
    'lastSignificantToken = "?InterpolationInTemplate";',
    `"idToken": "${exampleJwt({ sub: uuid(), "sts:identity_context": "EXAMPLEIDENTITYCONTEXT" })}",`,
    `"assertion": "${exampleJwt({ "aws:instance_account": "111111111111", iss: "https://sso.example" })}",`,
  ];
}

/** A JWT with the claims documentation pages use, and a random signature. */
function exampleJwt(claims: object): string {
  const part = (v: object) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${part({ alg: "HS256", typ: "JWT" })}.${part(claims)}.${rnd(B64URL, 43)}`;
}

/** Keys their vendors mean to ship in client code. */
function publicByDesignSamples(): string[] {
  const appId = rnd(UPPER_ALNUM, 10);
  return [
    `docsearch({ appId: '${appId}', apiKey: '${rnd(HEX, 32)}', indexName: 'docs' });`,
    `const searchClient = algoliasearch("${appId}", "${rnd(HEX, 32)}");`,
    `ALGOLIA_SEARCH_ONLY_API_KEY=${rnd(HEX, 32)}`,
    `const stripe = Stripe("pk_live_${rnd(ALNUM, 24)}");`,
    `Sentry.init({ dsn: "https://${rnd(HEX, 32)}@o${rnd("123456789", 6)}.ingest.sentry.io/${rnd("123456789", 7)}" });`,
  ];
}

/** A Firebase web config's apiKey: reported, at low confidence (it ships in every web page). */
function firebaseWebConfig(): string {
  return [
    "const firebaseConfig = {",
    `  apiKey: "AIza${rnd(B64URL, 35)}",`,
    '  authDomain: "demo-app.firebaseapp.com",',
    '  projectId: "demo-app",',
    `  messagingSenderId: "${rnd("0123456789", 12)}",`,
    "};",
  ].join("\n");
}

describe("accuracy on the in-repo labelled sample", () => {
  const secrets = secretSamples();
  const clean = cleanSamples();

  it("finds at least 95% of the secrets, averaged over kinds", () => {
    const byKind = new Map<string, { found: number; total: number }>();
    const missed: string[] = [];
    for (const [kind, text] of secrets) {
      const k = byKind.get(kind) ?? { found: 0, total: 0 };
      k.total++;
      if (matchText(text).length > 0) k.found++;
      else missed.push(`${kind}: ${text.slice(0, 60)}`);
      byKind.set(kind, k);
    }
    const recall = [...byKind.values()].reduce((n, k) => n + k.found / k.total, 0) / byKind.size;
    expect(byKind.size).toBeGreaterThan(100);
    expect(recall, missed.join("\n")).toBeGreaterThanOrEqual(0.95);
  });

  it.each([
    ["documentation fillers", fillerSamples],
    ["identifiers in a key's shape", lookalikeSamples],
    ["keys public by design", publicByDesignSamples],
  ])("flags none of the %s", (_kind, make) => {
    expect(make().filter((text) => matchText(text).length > 0)).toEqual([]);
  });

  it("reports a Firebase web config's API key at low confidence, and the same key elsewhere at high", () => {
    const text = firebaseWebConfig();
    expect(matchText(text).map((m) => `${m.ruleId}:${m.confidence}`)).toEqual(["gcp-api-key:low"]);
    const bare = /AIza[\w-]{35}/.exec(text)?.[0] ?? "";
    expect(matchText(`GOOGLE_MAPS_KEY=${bare}`).map((m) => `${m.ruleId}:${m.confidence}`)).toEqual([
      "gcp-api-key:high",
    ]);
  });

  // Algolia's Admin API key has the search-only key's 32-hex shape; what the code does with it
  // tells them apart (Algolia: the admin key "should remain confidential", the search-only key is
  // "safe to use in your production frontend code").
  it("reports an Algolia key that code writes with, or a bare app id + key pair, at low confidence", () => {
    const appId = rnd(UPPER_ALNUM, 10);
    const writes = [
      `const client = algoliasearch("${appId}", "${rnd(HEX, 32)}");\nconst index = client.initIndex("products");\nawait index.saveObjects(records);`,
      `$client = SearchClient::create('${appId}', '${rnd(HEX, 32)}');\n$client->initIndex('posts')->setSettings($settings);`,
      `plugins: [{ resolve: "gatsby-plugin-algolia", options: { appId: "${appId}", apiKey: "${rnd(HEX, 32)}", indexName: "pages", queries } }]`,
      `ALGOLIA_APP_ID=${appId}\nALGOLIA_API_KEY=${rnd(HEX, 32)}\nALGOLIA_INDEX_NAME=posts\n`,
    ];
    for (const text of writes) {
      const found = matchText(text);
      expect(found.length, text).toBe(1);
      expect(found[0]?.confidence, text).toBe("low");
    }
    const searchOnly = [
      `const searchClient = algoliasearch("${appId}", "${rnd(HEX, 32)}");\nsearch.addWidgets([searchBox({ container: "#q" })]);`,
      `themeConfig: { algolia: { appId: "${appId}", apiKey: "${rnd(HEX, 32)}", indexName: "docs", contextualSearch: true } }`,
      `NEXT_PUBLIC_ALGOLIA_APP_ID=${appId}\nNEXT_PUBLIC_ALGOLIA_API_KEY=${rnd(HEX, 32)}\n`,
    ];
    expect(searchOnly.filter((text) => matchText(text).length > 0)).toEqual([]);
  });

  it("flags at most 3% of the clean samples", () => {
    const flagged = clean.filter((text) => matchText(text).length > 0);
    expect(flagged.length / clean.length, flagged.join("\n")).toBeLessThanOrEqual(0.03);
  });
});

// A password made of words looks like an identifier, and in code `x = someName;` is a variable;
// inside a string literal the ';' after it is a connection string's separator, and the value is
// the password (dropping it lost every ADO.NET/ODBC password that is not the string's last key).
describe("a word-made value inside a quoted string is a value, not a variable", () => {
  const word = () => ["Summer", "Winter", "Harbor", "Falcon"][rnd("0123", 1).charCodeAt(0) - 48] as string;
  const pw = () => `${word()}${rnd("0123456789", 4)}x`;
  it.each([
    () => `const conn = "Server=db01;Database=app;User Id=sa;Password=${pw()};Encrypt=true";`,
    () => `var cs = 'Data Source=db01;Initial Catalog=app;User ID=sa;Password=${pw()};';`,
    () => `  "Default": "Server=tcp:db01,1433;Database=app;User Id=app;Password=${pw()};TrustServerCertificate=True"`,
  ])("%#: found", (make) => {
    const text = make();
    expect(matchText(text).length, text).toBeGreaterThan(0);
  });

  it("outside quotes the same shape stays a variable", () => {
    expect(matchText("const snowflake_id = next_snowflake(cloud_with_snow);")).toEqual([]);
  });
});
