import type { SecretRule } from "../rule.js";
import { ciRe, raw } from "./build.js";

/**
 * Credentials on command lines: scripts, CI steps, READMEs and shell histories pass passwords
 * as arguments to well-known tools. Each rule names the tool (its keyword, where every match
 * starts) and the option its manual documents for the password.
 */

// A value as a shell passes it: optionally quoted, ending at whitespace, a quote or a shell
// operator. `$VAR`, `$(cmd)`, `%VAR%`, `<password>` and `-next-option` are references, not values.
const VALUE = "(?![-$%<{*\\[])[\"']?(?<secret>[^\\s\"'`$<>|;&]{3,128})";
// The tool's other arguments before the password option, on the same command line.
// Whole arguments, lazily: the option is tried at the start of each (at most 24) argument.
const ARGS = "(?:[ \\t]+[^\\s|;&]+){0,24}?[ \\t]+";
const TOOL_START = "(?<![\\w.\\-/\\\\])";
// `echo` or `printf` with its flags, before the text it prints (into a pipe).
const ECHO = "(?:echo|printf)(?:[ \\t]+-[neE]{1,3})?[ \\t]+";

interface CliDef {
  id: string;
  provider: string;
  description: string;
  /** Literals every match starts with (the tool names), lower-case. */
  keywords: string[];
  pattern: string;
  secret: string[];
  clean: string[];
  requires?: string[];
  entropy?: number;
  confidence?: "high" | "medium" | "low";
  flags?: string;
  allowlist?: string[];
  /** false: the match starts before the keywords (a value piped into the tool, a line start). */
  anchored?: false;
}

const PW = "{16 of [A-Za-z0-9!@#^]}";

function cli(def: CliDef): SecretRule {
  const rule = raw({
    id: def.id,
    provider: def.provider,
    description: def.description,
    keywords: def.keywords,
    pattern: def.pattern,
    entropy: def.entropy ?? 2,
    confidence: def.confidence ?? "medium",
    examples: { secret: def.secret, clean: def.clean },
    ...(def.requires ? { requires: def.requires } : {}),
    ...(def.flags ? { flags: def.flags } : {}),
    ...(def.allowlist ? { allowlist: def.allowlist } : {}),
  });
  // Every match starts with one of the keywords: the engine tries the pattern only there.
  rule.anchored = def.anchored ?? true;
  return rule;
}

/** `tools` (RegExp alternatives), its arguments, then `option` immediately followed by the value. */
// Tool names in any case (PsExec.exe, SQLCMD): the option keeps its case (-p and -P differ).
const toolOption = (tools: string, option: string): string =>
  `${TOOL_START}(?:${ciRe(tools)})(?:\\.[Ee][Xx][Ee])?${ARGS}(?:${option})${VALUE}`;

export const cliRules: SecretRule[] = [
  cli({
    id: "mysql-cli-password",
    provider: "MySQL",
    description: "Password given to a MySQL/MariaDB client on its command line (-pPASSWORD, --password=PASSWORD)",
    keywords: ["mysql", "mariadb"],
    // -p takes its value attached (a space means "prompt", the next word is the database).
    pattern: toolOption(
      "mysql(?:dump|admin|import|check|pump|sh|binlog)?|mariadb(?:-dump|-admin|-import|-check)?",
      "-p|--password=",
    ),
    secret: [`mysql -h db.internal -u app -p${PW} app`, `mysqldump --user=root --password=${PW} shop > shop.sql`],
    clean: ["mysql -h db.internal -u app -p app", 'mysql -u app --password="$MYSQL_PASSWORD" app'],
  }),
  cli({
    id: "sshpass-password",
    provider: "SSH",
    description: "Password given to sshpass with -p",
    keywords: ["sshpass"],
    pattern: toolOption("sshpass", "-p[ \\t]*"),
    secret: [`sshpass -p '${PW}' ssh deploy@host.internal uptime`],
    clean: ["sshpass -e ssh deploy@host.internal uptime", "sshpass -f ~/.ssh/pass ssh deploy@host"],
  }),
  cli({
    id: "psexec-password",
    provider: "Windows",
    description: "Password given to PsExec/PAExec with -p",
    keywords: ["psexec", "paexec"],
    pattern: toolOption("psexec(?:64)?|paexec", "-p[ \\t]+"),
    secret: [`psexec \\\\\\\\srv01 -u CORP\\\\admin -p ${PW} cmd /c whoami`],
    clean: ["psexec \\\\\\\\srv01 -u CORP\\\\admin cmd /c whoami"],
  }),
  cli({
    id: "impacket-credentials",
    provider: "Windows",
    description: "domain/user:password@host target of an Impacket tool (psexec.py, wmiexec.py, secretsdump.py...)",
    keywords: [
      "psexec.py",
      "smbexec.py",
      "wmiexec.py",
      "atexec.py",
      "dcomexec.py",
      "secretsdump.py",
      "getuserspns.py",
      "getnpusers.py",
      "mssqlclient.py",
      "impacket-",
    ],
    pattern: `${TOOL_START}(?:impacket-[a-z]+|(?:ps|smb|wmi|at|dcom)exec\\.py|secretsdump\\.py|GetUserSPNs\\.py|GetNPUsers\\.py|mssqlclient\\.py)${ARGS}(?:-[\\w-]+[ \\t]+)*["']?(?:[\\w.-]+/)?[\\w.$-]+:(?<secret>[^\\s@"']{3,128})@[\\w.-]+`,
    flags: "i",
    secret: [`secretsdump.py corp.local/administrator:${PW}@10.0.0.5`],
    clean: ["secretsdump.py -hashes :31d6cfe0d16ae931b73c59d7e0c089c0 corp.local/administrator@10.0.0.5"],
  }),
  cli({
    id: "powershell-securestring-plaintext",
    provider: "PowerShell",
    description: "Password in clear text turned into a SecureString (ConvertTo-SecureString 'x' -AsPlainText)",
    keywords: ["convertto-securestring"],
    requires: ["asplaintext"],
    pattern:
      "ConvertTo-SecureString(?:[ \\t]+-(?:AsPlainText|Force))*[ \\t]+(?:-String[ \\t]+)?[\"'](?<secret>[^\"'\\n$]{3,128})[\"']",
    flags: "i",
    secret: [
      `$pw = ConvertTo-SecureString '${PW}' -AsPlainText -Force`,
      `ConvertTo-SecureString -AsPlainText -Force -String "${PW}"`,
    ],
    clean: ["$pw = ConvertTo-SecureString $env:DEPLOY_PASSWORD -AsPlainText -Force", "$pw = Read-Host -AsSecureString"],
  }),
  cli({
    id: "powershell-password-parameter",
    provider: "PowerShell",
    description: "Literal password passed to a cmdlet parameter (-Password, -AccountPassword, -ClientSecret, -ApiKey)",
    keywords: ["-password", "-accountpassword", "-plainpassword", "-clientsecret", "-apikey", "-secretvalue"],
    pattern:
      "-(?:Password|AccountPassword|PlainPassword|ClientSecret|ApiKey|SecretValue)[ \\t]+[\"'](?<secret>[^\"'\\n$]{3,128})[\"']",
    flags: "i",
    secret: [`New-LocalUser -Name svc -Password "${PW}"`, `Connect-Service -ClientSecret '${PW}'`],
    clean: ["New-LocalUser -Name svc -Password $securePassword", 'Set-Secret -Name db -Password "$($cred.Password)"'],
  }),
  cli({
    id: "docker-login-password",
    provider: "Container registry",
    description: "Registry password on a docker/podman/buildah/nerdctl/helm/oras login command line",
    keywords: [
      "docker login",
      "podman login",
      "buildah login",
      "nerdctl login",
      "oras login",
      "skopeo login",
      "helm registry login",
    ],
    pattern: `(?:docker|podman|buildah|nerdctl|oras|skopeo|helm[ \\t]+registry)[ \\t]+login${ARGS}(?:-p|--password)(?:[ \\t]+|=)${VALUE}`,
    secret: [`docker login -u ci -p ${PW} registry.example.com`, `podman login --username ci --password=${PW} quay.io`],
    clean: [
      'echo "$REGISTRY_TOKEN" | docker login -u ci --password-stdin registry.example.com',
      "docker login -u ci -p $CI_REGISTRY_PASSWORD $CI_REGISTRY",
    ],
  }),
  cli({
    id: "az-login-password",
    provider: "Azure",
    description: "Password or service-principal secret on an `az login` command line",
    keywords: ["az login"],
    pattern: `az[ \\t]+login${ARGS}(?:-p|--password)(?:[ \\t]+|=)${VALUE}`,
    secret: [
      `az login --service-principal -u 0f8c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b -p ${PW} --tenant contoso.onmicrosoft.com`,
    ],
    clean: ['az login --service-principal -u "$ARM_CLIENT_ID" -p "$ARM_CLIENT_SECRET" --tenant "$ARM_TENANT_ID"'],
  }),
  cli({
    id: "aws-configure-set-secret",
    provider: "AWS",
    description: "AWS secret key or session token written with `aws configure set`",
    keywords: ["aws configure set"],
    pattern:
      "aws[ \\t]+configure[ \\t]+set[ \\t]+(?:[\\w.-]+\\.)?(?:aws_secret_access_key|aws_session_token)[ \\t]+[\"']?(?<secret>[A-Za-z0-9/+=]{16,1200})",
    // (aws_secret_access_key itself is also the aws-secret-access-key rule's name, which wins a tie.)
    secret: ["aws configure set profile.ci.aws_session_token {120 of [A-Za-z0-9/+]}"],
    clean: ['aws configure set aws_secret_access_key "$AWS_SECRET_ACCESS_KEY"', "aws configure set region eu-west-1"],
  }),
  cli({
    id: "gh-secret-set-body",
    provider: "GitHub",
    description: "Secret value given on the `gh secret set` command line (--body/-b)",
    keywords: ["gh secret set"],
    pattern: `gh[ \\t]+secret[ \\t]+set${ARGS}(?:-b|--body)(?:[ \\t]+|=)?${VALUE}`,
    secret: [`gh secret set DEPLOY_KEY --body ${PW}`],
    clean: ["gh secret set DEPLOY_KEY < deploy_key.pem", 'gh secret set DEPLOY_KEY --body "$DEPLOY_KEY"'],
  }),
  cli({
    id: "kubectl-secret-from-literal",
    provider: "Kubernetes",
    description: "Secret data given with kubectl create secret --from-literal=key=value",
    keywords: ["--from-literal"],
    pattern: "--from-literal[ \\t]*=[ \\t]*[\"']?[\\w.-]+=(?![$%<{])(?<secret>[^\\s\"'`$<>|;&]{3,200})",
    secret: [`kubectl create secret generic db --from-literal=password=${PW}`],
    clean: ['kubectl create secret generic db --from-literal=password="$DB_PASSWORD"'],
  }),
  cli({
    id: "htpasswd-cli-password",
    provider: "Apache",
    description: "Password given to htpasswd in batch mode (-b)",
    keywords: ["htpasswd"],
    pattern: `${TOOL_START}htpasswd(?:[ \\t]+-\\w+)*?[ \\t]+-\\w*b\\w*(?:[ \\t]+-\\w+)*(?:[ \\t]+[^\\s-]\\S*){1,2}[ \\t]+${VALUE}["']?[ \\t]*(?=$|[\\n;&|)])`,
    flags: "m",
    secret: [`htpasswd -bc /etc/nginx/.htpasswd admin ${PW}`, `htpasswd -nbB admin ${PW}`],
    clean: ["htpasswd -c /etc/nginx/.htpasswd admin"],
  }),
  cli({
    id: "openssl-pass-argument",
    provider: "OpenSSL",
    description: "Passphrase given to openssl as pass:PASSWORD (-passin, -passout, -pass, -password)",
    keywords: ["-passin", "-passout", "-pass ", "-password "],
    pattern: "-(?:passin|passout|pass|password)[ \\t]+[\"']?pass:(?<secret>[^\\s\"'`$<>|;&]{3,128})",
    secret: [`openssl pkcs12 -export -in cert.pem -inkey key.pem -out cert.p12 -passout pass:${PW}`],
    clean: [
      "openssl pkcs12 -export -in cert.pem -out cert.p12 -passout env:P12_PASSWORD",
      "openssl rsa -in key.pem -passin file:pass.txt",
    ],
  }),
  cli({
    id: "keytool-store-password",
    provider: "Java keytool",
    description: "Keystore or key password on a keytool/jarsigner command line (-storepass, -keypass)",
    keywords: ["-storepass", "-keypass", "-srcstorepass", "-deststorepass", "-srckeypass", "-destkeypass"],
    pattern: `-(?:src|dest)?(?:storepass|keypass)[ \\t]+${VALUE}`,
    secret: [`keytool -genkeypair -keystore release.jks -alias app -storepass ${PW} -keypass ${PW}`],
    clean: ["keytool -list -keystore release.jks -storepass:env STORE_PASSWORD"],
  }),
  cli({
    id: "redis-cli-password",
    provider: "Redis",
    description: "Password given to redis-cli with -a or --pass",
    keywords: ["redis-cli"],
    pattern: toolOption("redis-cli", "-a[ \\t]+|--pass[ \\t]+"),
    secret: [`redis-cli -h cache.internal -a ${PW} ping`],
    clean: ["redis-cli -h cache.internal --askpass ping", 'redis-cli -a "$REDIS_PASSWORD" ping'],
  }),
  cli({
    id: "mongo-cli-password",
    provider: "MongoDB",
    description: "Password given to a MongoDB tool (mongo, mongosh, mongodump...) with -p or --password",
    keywords: ["mongo"],
    pattern: toolOption("mongo(?:sh|dump|restore|import|export|stat|top|files)?", "-p[ \\t]+|--password(?:[ \\t]+|=)"),
    secret: [`mongosh --host db.internal -u admin -p ${PW} --authenticationDatabase admin`],
    clean: ["mongosh --host db.internal -u admin -p --authenticationDatabase admin"],
  }),
  cli({
    id: "sqlcmd-password",
    provider: "Microsoft SQL Server",
    description: "Password given to sqlcmd/bcp/osql with -P",
    keywords: ["sqlcmd", "bcp", "osql", "isql"],
    pattern: toolOption("sqlcmd|bcp|osql|isql", "-P[ \\t]*"),
    secret: [`sqlcmd -S db.internal -U sa -P ${PW} -Q "SELECT 1"`],
    clean: ['sqlcmd -S db.internal -U sa -P "$SA_PASSWORD" -Q "SELECT 1"', "sqlcmd -S db.internal -E"],
  }),
  cli({
    id: "ldap-bind-password",
    provider: "LDAP",
    description: "Bind password given to an OpenLDAP client with -w",
    keywords: ["ldap"],
    pattern: toolOption("ldap(?:search|add|modify|delete|passwd|whoami|compare|modrdn|exop)", "-w[ \\t]+"),
    secret: [`ldapsearch -x -H ldaps://ldap.internal -D cn=admin,dc=corp -w ${PW} -b dc=corp`],
    clean: ["ldapsearch -x -H ldaps://ldap.internal -D cn=admin,dc=corp -W -b dc=corp"],
  }),
  cli({
    id: "smb-user-password",
    provider: "SMB",
    description: "user%password given to a Samba client (smbclient, rpcclient, smbget, net rpc) with -U",
    keywords: ["smbclient", "rpcclient", "smbget", "smbcacls", "net rpc"],
    pattern: `${TOOL_START}(?:smbclient|rpcclient|smbget|smbcacls|net[ \\t]+rpc)${ARGS}(?:-U|--user)(?:[ \\t]+|=)["']?(?:[\\w.-]+[\\\\/])?[\\w.$-]+%(?<secret>[^\\s"'\`$<>|;&]{3,128})`,
    secret: [`smbclient //fs01/share -U CORP/backup%${PW} -c ls`],
    clean: ["smbclient //fs01/share -U CORP/backup -c ls"],
  }),
  cli({
    id: "windows-remote-tool-password",
    provider: "Windows",
    description: "Password given to a Windows remote-access tool (netexec/crackmapexec, evil-winrm, rdesktop) with -p",
    keywords: ["netexec", "crackmapexec", "evil-winrm", "rdesktop"],
    pattern: toolOption("netexec|crackmapexec|evil-winrm|rdesktop", "-p[ \\t]+|--password[ \\t]+"),
    secret: [`evil-winrm -i 10.0.0.5 -u administrator -p ${PW}`],
    clean: ["evil-winrm -i 10.0.0.5 -u administrator -H 31d6cfe0d16ae931b73c59d7e0c089c0"],
  }),
  cli({
    id: "freerdp-password",
    provider: "Windows",
    description: "Password given to FreeRDP with /p:",
    keywords: ["xfreerdp", "wlfreerdp", "sdl-freerdp", "sdl3-freerdp"],
    pattern: toolOption("xfreerdp|wlfreerdp|sdl3?-freerdp", "/p:"),
    secret: [`xfreerdp /v:10.0.0.5 /u:administrator /p:${PW} /cert:ignore`],
    clean: ["xfreerdp /v:10.0.0.5 /u:administrator /cert:ignore"],
  }),
  cli({
    id: "oracle-cli-credentials",
    provider: "Oracle Database",
    description: "user/password given to sqlplus, expdp, impdp or rman",
    keywords: ["sqlplus", "expdp", "impdp", "rman"],
    pattern: `${TOOL_START}(?:sqlplus|expdp|impdp|rman)(?:\\.exe)?(?:[ \\t]+-\\w+)*[ \\t]+(?:target=)?["']?[\\w$#]+/(?![$%<{])(?<secret>[^\\s@"'/]{3,128})(?:@|[ \\t"']|$)`,
    flags: "im",
    secret: [`sqlplus -s scott/${PW}@//db.internal:1521/ORCL @report.sql`],
    clean: ["sqlplus -s /nolog @report.sql", "sqlplus scott@//db.internal:1521/ORCL"],
  }),
  cli({
    id: "putty-cli-password",
    provider: "PuTTY",
    description: "Password given to plink/pscp/psftp/putty with -pw",
    keywords: ["plink", "pscp", "psftp", "putty"],
    pattern: toolOption("plink|pscp|psftp|putty", "-pw[ \\t]+"),
    secret: [`plink -ssh deploy@host.internal -pw ${PW} -batch uptime`],
    clean: ["plink -ssh deploy@host.internal -i deploy.ppk -batch uptime"],
  }),
  cli({
    id: "wget-password",
    provider: "HTTP Basic auth",
    description: "Password given to wget (--password, --http-password, --ftp-password, --proxy-password)",
    keywords: ["wget"],
    pattern: toolOption("wget", "--(?:http-|ftp-|proxy-)?password(?:[ \\t]+|=)"),
    secret: [`wget --user=ci --password=${PW} https://artifacts.example.com/build.zip`],
    clean: ["wget --user=ci --ask-password https://artifacts.example.com/build.zip"],
  }),
  cli({
    id: "httpie-auth",
    provider: "HTTP Basic auth",
    description: "user:password given to HTTPie or xh with -a / --auth",
    keywords: ["http ", "https ", "xh ", "xhs "],
    pattern: `(?:https?|xhs?)${ARGS}(?:-a|--auth)(?:[ \\t]+|=)["']?[^\\s:"'$]+:(?![$%<{])(?<secret>[^\\s"'\`$<>|;&]{3,128})`,
    secret: [`http -a ci:${PW} POST https://api.example.com/deploy`],
    clean: ["http -a ci POST https://api.example.com/deploy", 'http --auth "ci:$TOKEN" https://api.example.com'],
  }),
  cli({
    id: "svn-password",
    provider: "Subversion",
    description: "Password given to svn with --password",
    keywords: ["svn"],
    pattern: toolOption("svn", "--password(?:[ \\t]+|=)"),
    secret: [`svn checkout https://svn.example.com/repo/trunk --username ci --password ${PW} --non-interactive`],
    clean: ["svn checkout https://svn.example.com/repo/trunk --username ci --non-interactive"],
  }),
  cli({
    id: "net-use-password",
    provider: "Windows",
    description: "Password given to `net use \\\\server\\share PASSWORD /user:NAME`",
    keywords: ["net use"],
    pattern:
      // The password comes before /user:NAME, or right after it.
      "net[ \\t]+use[ \\t]+(?:(?:\\*|[A-Za-z]:)[ \\t]+)?[\"']?\\\\\\\\[^\\s\"']+[\"']?[ \\t]+(?:/u(?:ser)?:[^\\s/]+[ \\t]+|(?=[^\\n]{0,300}?[ \\t]/u(?:ser)?:))(?![/*$%<{])[\"']?(?<secret>[^\\s\"'`$<>|;&]{3,128})",
    flags: "i",
    secret: [
      `net use Z: \\\\\\\\fs01\\\\backup ${PW} /user:CORP\\\\backup /persistent:no`,
      `net use \\\\\\\\fs01\\\\backup /user:CORP\\\\backup ${PW}`,
    ],
    clean: [
      "net use Z: \\\\\\\\fs01\\\\backup /user:CORP\\\\backup /persistent:no",
      "net use Z: \\\\\\\\fs01\\\\backup * /user:CORP\\\\backup",
    ],
  }),
  cli({
    id: "net-user-add-password",
    provider: "Windows",
    description: "Password given to `net user NAME PASSWORD /add`",
    keywords: ["net user"],
    pattern:
      "net[ \\t]{1,8}user[ \\t]{1,8}(?:\"[^\"\\r\\n]{1,64}\"|'[^'\\r\\n]{1,64}'|[\\w.$-]{1,64})[ \\t]{1,8}(?![/*$%<{])[\"']?(?<secret>[^\\s\"'`$<>|;&]{3,128})[\"']?[ \\t]{1,8}/add",
    flags: "i",
    secret: [`net user svc_backup ${PW} /add /y`],
    clean: ["net user svc_backup * /add", "net user svc_backup /delete"],
  }),
  cli({
    id: "cmdkey-password",
    provider: "Windows",
    description: "Password stored with `cmdkey /add:TARGET /user:NAME /pass:PASSWORD`",
    keywords: ["cmdkey"],
    pattern: `${TOOL_START}cmdkey(?:\\.exe)?${ARGS}/pass:(?![$%<{])["']?(?<secret>[^\\s"'\`$<>|;&]{3,128})`,
    flags: "i",
    secret: [`cmdkey /add:fs01 /user:CORP\\\\backup /pass:${PW}`],
    clean: ["cmdkey /add:fs01 /user:CORP\\\\backup /pass", "cmdkey /list"],
  }),
  cli({
    id: "schtasks-run-password",
    provider: "Windows",
    description: "Run-as password of a scheduled task (`schtasks /create ... /RP PASSWORD`)",
    keywords: ["schtasks"],
    pattern: toolOption("schtasks", "/RP[ \\t]+"),
    flags: "i",
    secret: [`schtasks /create /tn backup /tr backup.cmd /sc daily /ru CORP\\\\backup /rp ${PW}`],
    clean: ["schtasks /create /tn backup /tr backup.cmd /sc daily /ru SYSTEM", "schtasks /create /tn x /ru u /rp *"],
  }),
  cli({
    id: "mount-cifs-password",
    provider: "SMB",
    description: "Password in mount options (mount -t cifs -o username=...,password=...)",
    keywords: ["mount"],
    requires: ["password=", "pass="],
    pattern: `${TOOL_START}mount(?:\\.cifs|\\.smb3)?${ARGS}-o[ \\t]+["']?[^\\s"']*?\\bpass(?:word)?=(?![$%<{])(?<secret>[^,\\s"'\`$<>|;&]{3,128})`,
    secret: [`mount -t cifs //fs01/backup /mnt/backup -o username=backup,password=${PW},vers=3.0`],
    clean: ["mount -t cifs //fs01/backup /mnt/backup -o credentials=/root/.smbcred,vers=3.0"],
  }),
  cli({
    id: "lftp-user-password",
    provider: "FTP",
    description: "user,password given to lftp with -u",
    keywords: ["lftp"],
    pattern: `${TOOL_START}lftp${ARGS}-u[ \\t]+["']?[^,\\s"']+,(?![$%<{])(?<secret>[^\\s"'\`$<>|;&]{3,128})`,
    secret: [`lftp -u deploy,${PW} sftp://files.example.com -e "mirror -R dist /www; quit"`],
    clean: ["lftp -u deploy sftp://files.example.com"],
  }),
  cli({
    id: "postgres-conninfo-password",
    provider: "PostgreSQL",
    description: "password= in a libpq key/value connection string (host=... user=... password=...)",
    keywords: ["host=", "hostaddr=", "dbname=", "user="],
    requires: ["password="],
    pattern:
      "(?<![\\w.-])(?:host|hostaddr|dbname|user)=[^\\s\"']{1,256}(?:[ \\t]{1,8}[a-z_]{1,32}=[^\\s\"']{0,256}){0,8}?[ \\t]{1,8}password=(?![$%<{])[\"']?(?<secret>[^\\s\"'`$<>|;&]{3,128})",
    secret: [`psql "host=db.internal port=5432 user=app password=${PW} dbname=app sslmode=require"`],
    clean: ['psql "host=db.internal port=5432 user=app dbname=app sslmode=require"'],
  }),
  cli({
    id: "mysqladmin-password-command",
    provider: "MySQL",
    description: "New password given to `mysqladmin ... password NEW`",
    keywords: ["mysqladmin"],
    pattern: `${TOOL_START}${ciRe("mysqladmin")}(?:\\.exe)?${ARGS}password[ \\t]+${VALUE}`,
    secret: [`mysqladmin -u root password '${PW}'`],
    clean: ["mysqladmin -u root -p password", 'mysqladmin -u root password "$NEW_ROOT_PASSWORD"'],
  }),
  cli({
    id: "database-shell-password",
    provider: "generic",
    description:
      "Password given to a database shell with -p/-P/--password (cqlsh, cypher-shell, clickhouse-client, influx, mssql-cli, usql, vsql, snowsql, isql)",
    keywords: [
      "cqlsh",
      "cypher-shell",
      "clickhouse-client",
      "clickhouse client",
      "influx",
      "mssql-cli",
      "usql",
      "vsql",
      "snowsql",
    ],
    pattern: toolOption(
      "cqlsh|cypher-shell|clickhouse(?:-client|[ \\t]+client)|influx|mssql-cli|usql|vsql|snowsql",
      "-p[ \\t]+|-P[ \\t]+|--password(?:[ \\t]+|=)|-password[ \\t]+",
    ),
    secret: [`cqlsh 10.0.0.4 -u cassandra -p ${PW}`, `cypher-shell -a bolt://db:7687 -u neo4j -p '${PW}'`],
    clean: ["cqlsh 10.0.0.4 -u cassandra", 'cypher-shell -u neo4j -p "$NEO4J_PASSWORD"'],
  }),
  cli({
    id: "platform-login-password",
    provider: "generic",
    description:
      "Password given to a platform's login command with -p/--password (oc, cf, crane, argocd, regctl, twine upload)",
    keywords: ["oc login", "cf login", "cf auth", "crane auth", "argocd login", "regctl registry login", "twine"],
    pattern: `${TOOL_START}(?:oc[ \\t]+login|cf[ \\t]+(?:login|auth)|crane[ \\t]+auth[ \\t]+login|argocd[ \\t]+login|regctl[ \\t]+registry[ \\t]+login|twine[ \\t]+upload)${ARGS}(?:-p|--password)(?:[ \\t]+|=)${VALUE}`,
    secret: [
      `oc login https://api.ocp.internal:6443 -u kubeadmin -p ${PW}`,
      `cf login -a https://api.cf.internal -u ci -p ${PW}`,
    ],
    clean: ["oc login https://api.ocp.internal:6443 -u developer", 'cf auth ci "$CF_PASSWORD"'],
  }),
  cli({
    id: "password-stdin-echo",
    provider: "Container registry",
    description: "Password echoed into a login that reads it from stdin (echo 'x' | docker login --password-stdin)",
    keywords: ["echo", "printf"],
    requires: ["-stdin"],
    pattern: `${ECHO}(?![-$%<{*\\[])(?<q>["']?)(?<secret>[^\\s"'\`$<>|;&]{3,200})\\k<q>[ \\t]*\\|[ \\t]*(?:sudo[ \\t]+)?[\\w./-]+(?:[ \\t]+[^\\s|;&]+){0,12}?[ \\t]+--password-stdin`,
    secret: [`echo "${PW}" | docker login -u ci --password-stdin registry.internal`],
    clean: ['echo "$CI_REGISTRY_PASSWORD" | docker login -u ci --password-stdin registry.internal'],
  }),
  cli({
    id: "chpasswd-echo",
    provider: "Unix",
    description: "user:password piped into chpasswd (echo 'deploy:x' | chpasswd)",
    keywords: ["echo", "printf"],
    requires: ["chpasswd"],
    pattern: `${ECHO}["']?[\\w.-]{1,32}:(?![$%<{*\\[])(?<secret>[^\\s"'\`$<>|;&:]{3,200})["']?[ \\t]*\\|[ \\t]*(?:sudo[ \\t]+)?(?:/usr/sbin/)?chpasswd`,
    secret: [`echo "deploy:${PW}" | sudo chpasswd`],
    clean: ['echo "deploy:$DEPLOY_PASSWORD" | chpasswd', "echo 'deploy:{{ deploy_password }}' | chpasswd"],
  }),
  cli({
    id: "rabbitmqctl-password",
    provider: "RabbitMQ",
    description: "Password of a RabbitMQ user set on the rabbitmqctl command line (add_user, change_password)",
    keywords: ["rabbitmqctl"],
    pattern: `${TOOL_START}rabbitmqctl(?:\\.bat)?(?:[ \\t]+-[-\\w]+(?:[ \\t]+[^\\s-]\\S*)?)*[ \\t]+(?:add_user|change_password)[ \\t]+["']?[^\\s"']+["']?[ \\t]+${VALUE}`,
    secret: [`rabbitmqctl add_user app ${PW}`, `rabbitmqctl change_password guest '${PW}'`],
    clean: ["rabbitmqctl add_user app", 'rabbitmqctl change_password app "$RABBIT_PASSWORD"'],
  }),
  cli({
    id: "sql-password-literal",
    provider: "generic",
    description:
      "Password literal in SQL: IDENTIFIED BY 'x', [WITH] PASSWORD 'x' / = 'x', SET PASSWORD ... = PASSWORD('x')",
    keywords: [
      "identified",
      "create user",
      "create role",
      "create login",
      "alter user",
      "alter role",
      "alter login",
      "set password",
    ],
    requires: ["password", "identified"],
    pattern: ciRe(
      "(?:identified[ \\t]+(?:with[ \\t]+[\\w]+[ \\t]+)?by|(?:create|alter)[ \\t]+(?:user|role|login)[ \\t]+[^;\\n]{1,120}?[ \\t]password(?:[ \\t]*=)?|set[ \\t]+password[^;\\n]{0,120}?=[ \\t]*(?:password[ \\t]*\\()?)[ \\t]*(?:N)?(?<q>['\"])",
    ).concat(`(?![$%<{*?:])(?<secret>[^'"\\s]{3,128})\\k<q>`),
    secret: [
      `mysql -e "CREATE USER 'app'@'%' IDENTIFIED BY '${PW}';"`,
      `ALTER USER postgres WITH PASSWORD '${PW}';`,
      `CREATE ROLE app LOGIN PASSWORD '${PW}';`,
      `CREATE LOGIN app WITH PASSWORD = '${PW}';`,
      `SET PASSWORD FOR 'root'@'localhost' = PASSWORD('${PW}');`,
    ],
    clean: [
      "CREATE USER app IDENTIFIED BY :password;",
      "ALTER USER postgres WITH PASSWORD '%s';",
      "CREATE USER 'app'@'%' IDENTIFIED BY '{$}{{DB_PASSWORD}}';",
      "ALTER ROLE app PASSWORD NULL;",
    ],
  }),
  cli({
    id: "archive-password",
    provider: "generic",
    description:
      "Password of an encrypted archive or key given on the command line (7z -p, zip/unzip -P, ssh-keygen -N/-P, gpg --passphrase)",
    keywords: ["7z", "zip", "unzip", "ssh-keygen", "gpg", "rar", "unrar"],
    pattern: `${TOOL_START}(?:(?:7za?|7zr)(?:\\.exe)?${ARGS}-p${VALUE}|(?:zip|unzip|zipcloak)${ARGS}-P[ \\t]+${VALUE}|ssh-keygen${ARGS}-[NP][ \\t]+${VALUE}|gpg2?${ARGS}--passphrase(?:[ \\t]+|=)${VALUE}|(?:un)?rar${ARGS}-(?:hp|p)${VALUE})`,
    secret: [
      `7z a -p${PW} backup.7z data/`,
      `zip -P ${PW} secrets.zip secrets.txt`,
      `ssh-keygen -t ed25519 -N '${PW}' -f id_deploy`,
      `gpg --batch --passphrase ${PW} -d secrets.gpg`,
    ],
    clean: [
      "7z a -p backup.7z data/",
      "ssh-keygen -t ed25519 -N '' -f id_deploy",
      'gpg --batch --passphrase "$GPG_PASSPHRASE" -d secrets.gpg',
    ],
  }),
  cli({
    id: "network-credential-literal",
    provider: ".NET",
    description: "Literal password in a .NET NetworkCredential / PSCredential constructor",
    keywords: ["networkcredential", "pscredential"],
    pattern: `${ciRe("(?:NetworkCredential|PSCredential)")}[ \\t]*(?:-ArgumentList[ \\t]*)?(?:\\([ \\t]*)?(?:@?"[^"\\n]{1,128}"|'[^'\\n]{1,128}')[ \\t]*,[ \\t]*@?(?<q>["'])(?![$%<{*])(?<secret>[^"'\\n]{3,128})\\k<q>`,
    secret: [
      `var cred = new NetworkCredential("svc@corp.example", "${PW}");`,
      `$c = New-Object System.Net.NetworkCredential('svc', '${PW}')`,
    ],
    clean: ['var cred = new NetworkCredential("svc", password);', '$c = New-Object PSCredential("svc", $secure)'],
  }),
  cli({
    id: "securestring-pipeline-plaintext",
    provider: "PowerShell",
    description: "Clear-text password piped into ConvertTo-SecureString ('x' | ConvertTo-SecureString -AsPlainText)",
    keywords: ["convertto-securestring"],
    requires: ["asplaintext"],
    // The quoted value is looked behind, so the match starts at the cmdlet (its keyword).
    pattern: `(?<=["'](?![$%<{*])(?<secret>[^"'\\n$]{3,128})["'][ \\t]*\\|[ \\t]*)${ciRe("ConvertTo-SecureString")}`,
    secret: [`$pass = "${PW}" | ConvertTo-SecureString -AsPlainText -Force`],
    clean: ["$pass = $env:ADMIN_PASSWORD | ConvertTo-SecureString -AsPlainText -Force"],
  }),
  cli({
    id: "expect-send-password",
    provider: "generic",
    description: 'Password typed by an expect script after a password prompt (expect "password:" then send "x\\r")',
    keywords: ["expect"],
    requires: ["send"],
    pattern: `${ciRe("expect")}[^\\n]{0,80}?(?:assword|ASSWORD|assphrase|ASSPHRASE)[^\\n]{0,40}\\r?\\n(?:[ \\t]*(?:#[^\\n]{0,200})?\\r?\\n){0,2}[ \\t]*send(?:[ \\t]+--)?[ \\t]+"(?![$%<{*\\[])(?<secret>[^"\\\\\\n$\\[]{3,128})(?:\\\\[rn])?"`,
    secret: [`expect "password:"\nsend "${PW}\\r"`],
    clean: ['expect "password:"\nsend "$env(DEPLOY_PASSWORD)\\r"', 'expect "password:"\nsend "$password\\r"'],
  }),
  cli({
    id: "tool-password-subcommand",
    provider: "generic",
    description:
      "Password given positionally to a tool's credential subcommand (redis-cli AUTH, rclone config create ... pass, nmcli ... password, dsadd -pwd, mc alias set, x11vnc -passwd, openssl enc -k)",
    keywords: ["redis-cli", "rclone", "nmcli", "dsadd", "dsmod", "mc alias", "mc config", "x11vnc", "openssl"],
    pattern: `${TOOL_START}(?:redis-cli${ARGS}${ciRe("auth")}(?:[ \\t]+[\\w.-]+)?[ \\t]+${VALUE}|rclone[ \\t]+config[ \\t]+(?:create|update)${ARGS}pass(?:word)?(?:[ \\t]+|=)${VALUE}|nmcli${ARGS}(?:password|wifi-sec\\.psk|802-1x\\.password)[ \\t]+${VALUE}|(?:dsadd|dsmod)${ARGS}-pwd[ \\t]+${VALUE}|mc[ \\t]+(?:alias|config[ \\t]+host)[ \\t]+(?:set|add)[ \\t]+\\S+[ \\t]+https?://\\S+[ \\t]+\\S+[ \\t]+${VALUE}|x11vnc${ARGS}-passwd[ \\t]+${VALUE}|openssl[ \\t]+(?:enc|aes-\\d+-\\w+|des3|bf)${ARGS}-k[ \\t]+${VALUE})`,
    secret: [
      `redis-cli -h cache.internal AUTH ${PW}`,
      `rclone config create backup sftp host files.internal user deploy pass ${PW}`,
      `nmcli dev wifi connect Office password ${PW}`,
      `mc alias set store https://minio.internal:9000 ci {24 of [A-Za-z0-9]}`,
      `openssl enc -aes-256-cbc -salt -in db.tar -out db.tar.enc -k ${PW}`,
    ],
    clean: [
      "redis-cli -h cache.internal --askpass",
      "nmcli dev wifi connect Office --ask",
      "openssl enc -aes-256-cbc -in a -out b -kfile key.txt",
    ],
  }),
  cli({
    id: "credential-env-directive",
    provider: "generic",
    description:
      "Credential set with a space-separated directive: Dockerfile ENV/ARG NAME value, Windows setx NAME value",
    keywords: ["env ", "env\t", "arg ", "arg\t", "setx"],
    requires: ["pass", "secret", "token", "key", "pwd", "credential"],
    // Any line break opens a directive: CR-only files and U+2028/U+2029 too, as everywhere else.
    pattern: `(?:^|[\\n\\r\\u2028\\u2029;&])[ \\t]*(?:ENV|ARG|[Ss][Ee][Tt][Xx])[ \\t]+[\\w.-]{0,40}(?:PASSWORD|PASSWD|PASS|PWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)(?:_[A-Z0-9]{1,20})?["']?[ \\t]+(?![-$%<{*])["']?(?<secret>[^\\s"'\`$<>|;&]{6,300})`,
    entropy: 3,
    flags: "i",
    anchored: false,
    secret: [
      `FROM node:22\nENV API_SECRET {32 of [A-Za-z0-9]}\nRUN npm ci`,
      `setx DEPLOY_TOKEN "{32 of [A-Za-z0-9]}"`,
      `FROM node:22\rENV\tAPI_SECRET\t{32 of [A-Za-z0-9]}\rRUN npm ci`,
      `FROM node:22\u2028ARG NPM_TOKEN {32 of [A-Za-z0-9]}`,
    ],
    clean: ["ENV API_SECRET {$}{{API_SECRET}}", "setx DEPLOY_TOKEN %DEPLOY_TOKEN%", "ARG NPM_TOKEN"],
  }),
  cli({
    id: "package-manager-config-token",
    provider: "generic",
    description:
      "Registry token or password set from the command line (npm, pnpm or yarn config set with _authToken, _auth, npmAuthToken)",
    keywords: ["npm config set", "pnpm config set", "yarn config set", "npm set"],
    pattern: `(?:p?npm|yarn)[ \\t]+(?:config[ \\t]+)?set[ \\t]+["']?[^\\s"'=]*(?:_authToken|_auth|_password|npmAuthToken|npmAuthIdent)["']?(?:[ \\t]+|=)${VALUE}`,
    secret: [
      "npm config set //npm.internal/:_authToken {32 of [A-Za-z0-9]}",
      "yarn config set npmAuthToken {32 of [A-Za-z0-9]}",
    ],
    clean: [
      'npm config set //npm.internal/:_authToken "{$}{{NPM_TOKEN}}"',
      "npm config set registry https://npm.internal/",
    ],
  }),
  cli({
    id: "cli-password-option",
    provider: "generic",
    description:
      "A value given to a long command-line option named like a credential (--password x, --api-key=x, --token x)",
    keywords: ["--"],
    requires: ["pass", "secret", "token", "api-key", "apikey", "access-key"],
    pattern:
      // A boolean option (--ask-password, --no-token) is followed by an argument, not by its value.
      "--(?!(?:ask|no|prompt|read|use|with|without|skip|require|change|reset|show|generate|new|rotate|list|delete|revoke|create|print|save|store)-)(?:[a-z]+-){0,2}(?:password|passwd|secret|token|api-key|apikey|access-key|secret-key|client-secret)(?:[ \\t]+|=)(?![-$%<{*])[\"']?(?<secret>[^\\s\"'`$<>|;&(){}\\[\\]]{6,200})",
    entropy: 3,
    confidence: "low",
    allowlist: ["^(?:[a-z][a-z0-9+.-]*://|[./~])"],
    secret: [`vault-sync --api-key ${PW} --region eu`, `deploy --client-secret=${PW}`],
    clean: [
      "deploy --token-file /run/secrets/token --password-stdin",
      "deploy --token $(cat /run/secrets/token)",
      "--password <password>",
    ],
  }),
];
// The generic option rule knows no provider: provider rules' findings win over it.
for (const rule of cliRules) if (rule.provider === "generic") rule.generic = true;
