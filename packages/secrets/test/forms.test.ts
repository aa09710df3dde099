import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { matchText } from "../src/match.js";
import { ALNUM, B64, B64URL, HEX, rnd } from "./support/secrets.js";

/**
 * Credentials that are no vendor's token but a form: a password on a command line, in a config
 * syntax, in a connection string or URI, a crackable hash, a key in a container. A labelled
 * sample of each family, built at run time in the syntaxes real files use (not the rules' own
 * examples), with the placeholders documentation puts in the same places. Recall is measured
 * per family so one family cannot hide behind another.
 */

const CRYPT = `${ALNUM}./`;
const UPPER_HEX = "0123456789ABCDEF";
/** A password as people choose them: letters, digits and a symbol or two. */
const pw = (): string => `${rnd(ALNUM, 7)}!${rnd(ALNUM, 5)}#${rnd(ALNUM, 2)}`;
const b64 = (text: string): string => Buffer.from(text).toString("base64");

const families: Record<string, Array<() => string>> = {
  "command lines": [
    () => `mysql -uroot -p${pw()} -h 127.0.0.1 shop`,
    () => `mysqladmin -u root password '${pw()}'`,
    () => `PsExec.exe \\\\10.0.0.5 -u Administrator -p ${pw()} cmd.exe`,
    () => `net use \\\\fileserver\\share /user:CORP\\svc ${pw()}`,
    () => `$c = New-Object System.Net.NetworkCredential("svc", "${pw()}")`,
    () => `$pass = "${pw()}" | ConvertTo-SecureString -AsPlainText -Force`,
    () => `echo "${pw()}" | docker login -u admin --password-stdin registry.internal`,
    () => `oc login https://api.ocp.internal:6443 -u kubeadmin -p ${pw()}`,
    () => `cqlsh 10.0.0.4 -u cassandra -p ${pw()}`,
    () => `openssl enc -aes-256-cbc -salt -in db.tar -out db.tar.enc -k ${pw()}`,
    () => `rabbitmqctl add_user app ${pw()}`,
    () => `echo "deploy:${pw()}" | chpasswd`,
    () => `psql -c "ALTER USER postgres WITH PASSWORD '${pw()}';"`,
    () => `mysql -e "CREATE USER 'app'@'%' IDENTIFIED BY '${pw()}';"`,
    () => `7z a -p${pw()} backup.7z data/`,
    () => `ssh-keygen -t ed25519 -N '${pw()}' -f id_deploy`,
    () => `gpg --batch --passphrase ${pw()} --decrypt secrets.gpg`,
    () => `redis-cli -h cache.internal AUTH ${pw()}`,
    () => `mc alias set store https://minio.internal:9000 ci ${rnd(ALNUM, 24)}`,
    () => `expect "password:"\nsend "${pw()}\\r"`,
    () => `FROM node:22\nENV API_SECRET ${rnd(ALNUM, 32)}\nRUN npm ci`,
    () => `setx DEPLOY_TOKEN "${rnd(ALNUM, 32)}"`,
    () => `npm config set //npm.internal/:_authToken ${rnd(ALNUM, 36)}`,
    () => `RSYNC_PASSWORD=${pw()} rsync -av rsync://backup@host/module /data`,
  ],
  "config syntaxes": [
    () =>
      `[client]\nuser=root\npassword="${rnd("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 8)}!${rnd("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 6)}"`,
    () => `db_password = "${rnd(ALNUM, 6)}${rnd("0123456789", 2)}!"`,
    () => `env.put(Context.SECURITY_CREDENTIALS, "${pw()}");`,
    () => `c = DriverManager.getConnection("jdbc:postgresql://db/app", "app", "${pw()}");`,
    () => `web1 ansible_host=10.0.0.1 ansible_user=root ansible_ssh_pass=${pw()}`,
    () => `requirepass ${pw()}`,
    () => `sentinel auth-pass mymaster ${pw()}`,
    () => `binddn cn=admin,dc=corp,dc=local\nbindpw ${pw()}`,
    () => `username admin privilege 15 password 0 ${pw()}`,
    () => `d-i passwd/root-password password ${pw()}`,
    () => `define( 'SECURE_AUTH_SALT', '${rnd(`${ALNUM}!@#%^&*()-_=+[]<>~|;:,.?`, 64)}' );`,
    () => `db.internal:5432:app:app:${pw()}`,
    () => `{"github-oauth": {"github.com": "${rnd(HEX, 40)}"}}`,
    () => `npmRegistries:\n  "https://npm.internal":\n    npmAuthIdent: "ci:${pw()}"`,
    () => `<password>{AQAAABAAAAAQ${rnd(B64, 44)}=}</password>`,
    () => `#cloud-config\nchpasswd:\n  list: |\n    root:${pw()}\n  expire: false`,
    () => `<auth-user-pass>\nvpn-user\n${pw()}\n</auth-user-pass>`,
    () => `signingConfigs {\n  release {\n    storePassword "${pw()}"\n    keyPassword "${pw()}"\n  }\n}`,
  ],
  "connection strings and URIs": [
    ...["ssh", "nats", "mqtt", "kafka", "imaps", "smb", "postgresql+psycopg2", "redis+sentinel", "snowflake"].map(
      (scheme) => () => `URL=${scheme}://svc_user:${rnd(ALNUM, 14)}@host.internal:1234/x`,
    ),
    () => `REDIS_URL="redis://:${rnd(ALNUM, 32)}@cache.internal:6379/0"`,
    () => `jdbc:oracle:thin:scott/${pw()}@db.internal:1521:ORCL`,
    () => `Server = db.internal ; User Id = sa ; Password = ${pw()} ;`,
    () => `Password=${pw()};Persist Security Info=True;User ID=sa;Initial Catalog=app;Data Source=db`,
  ],
  "password hashes": [
    () => `INSERT INTO wp_users (user_login, user_pass) VALUES ('admin', '$P$B${rnd(CRYPT, 30)}');`,
    () => `$pbkdf2-sha256$29000$${rnd(CRYPT, 22)}$${rnd(CRYPT, 43)}`,
    () => `$scrypt$ln=16,r=8,p=1$${rnd(B64, 22)}$${rnd(B64, 43)}`,
    () => `$7$C6..../....${rnd(CRYPT, 16)}$${rnd(CRYPT, 43)}`,
    () => `CREATE USER 'app'@'%' IDENTIFIED WITH mysql_native_password AS '*${rnd(UPPER_HEX, 40)}';`,
    () => `ALTER ROLE app ENCRYPTED PASSWORD 'md5${rnd(HEX, 32)}';`,
    () => `username admin password $sha512$5000$${rnd(B64, 22)}==$${rnd(B64, 22)}== pbkdf2 privilege 15`,
    () => `set system login user ops authentication encrypted-password "$9$${rnd(`${ALNUM}./-`, 30)}"`,
    () => `WPA*01*${rnd(HEX, 32)}*${rnd(HEX, 12)}*${rnd(HEX, 12)}*${rnd(HEX, 16)}***`,
    () => `sensor:$7$101$${rnd(B64, 22)}==$${rnd(B64, 86)}==`,
    () => `userPassword: {SHA}${rnd(B64, 27)}=`,
  ],
  "private keys and containers": [
    () =>
      `tls.key: ${b64(generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "pem", type: "sec1" }).toString())}`,
    () => `{"kty":"EC","crv":"P-256","x":"${rnd(B64URL, 43)}","y":"${rnd(B64URL, 43)}","d":"${rnd(B64URL, 43)}"}`,
    () => `{"kty":"oct","k":"${rnd(B64URL, 43)}","alg":"HS256"}`,
    () => `keystore: MIIGfwIBAzCCBjUGCSqGSIb3DQEHAaCCBiYEggYi${rnd(B64, 600)}`,
    () => {
      const pem = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({
        format: "pem",
        type: "pkcs1",
      });
      return `String key = ${pem
        .toString()
        .trim()
        .split("\n")
        .map((line) => `"${line}\\n"`)
        .join(" +\n    ")};`;
    },
    () => `-----BEGIN RSA PRIVATE KEY-----\nMIIE${rnd(B64, 60)}\n${rnd(B64, 64)}\n${rnd(B64, 64)}\n`,
  ],
};

/** What documentation and templates put in the same places: none of it is a finding. */
const clean = [
  "mysql -u root -p shop",
  "mysql -u root -p[password] db",
  'echo "$CI_JOB_TOKEN" | docker login -u gitlab-ci-token --password-stdin $CI_REGISTRY',
  "$pw = ConvertTo-SecureString $env:PASSWORD -AsPlainText -Force",
  "net use Z: \\\\server\\share %PASSWORD% /user:%USERNAME%",
  "mysql -u {{ db_user }} -p{{ db_password }} app",
  'psql "host=%s user=%s password=%s"',
  "docker login -u admin -p changeme registry.local",
  "CREATE USER app IDENTIFIED BY :password;",
  `ENV DB_PASSWORD \${DB_PASSWORD}`,
  `requirepass \${REDIS_PASSWORD}`,
  "snmp-server community public RO",
  "username and password login, session cookies and the like",
  "define( 'AUTH_KEY',         'put your unique phrase here' );",
  "hostname:port:database:username:password",
  "amqp://guest:guest@localhost:5672/",
  "postgresql://postgres:postgres@localhost:5432/postgres",
  `mongodb+srv://\${MONGO_USER}:\${MONGO_PASS}@cluster0.mongodb.net`,
  "redis://:{{ redis_password }}@redis:6379",
  "smb://%s:%s@%s/share",
  "Server=db;Database=app;User Id=sa;Password=<YourStrong@Passw0rd>;",
  "Guest:501:aad3b435b51404eeaad3b435b51404ee:31d6cfe0d16ae931b73c59d7e0c089c0:::",
  "hashcat -m 22000 capture.hc22000 wordlist.txt",
  'nextLastSignificantToken = "?NonExpressionParenEnd";',
  '{"kty":"EC","crv":"P-256","x":"abc","y":"def"}',
  "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
];

describe("credential forms: a labelled sample per family", () => {
  it.each(Object.entries(families))("%s: at least 95% found", (_family, makers) => {
    const texts = makers.map((make) => make());
    const missed = texts.filter((text) => matchText(text).length === 0);
    expect(missed.length, missed.join("\n---\n")).toBeLessThanOrEqual(Math.floor(texts.length * 0.05));
  });

  it.each(clean)("no finding in %j", (text) => {
    expect(matchText(text).map((m) => m.ruleId)).toEqual([]);
  });
});
