import type { SecretRule } from "../rule.js";
import { kv, pre, UUID, UUID_KV } from "./build.js";

/**
 * Identity and auth providers, secret managers and sign-in secrets (CAPTCHA secret keys, Apple
 * app-specific passwords). Formats from the vendors' documentation; values without a prefix of
 * their own only count next to the provider's name.
 */

const DASHED = { edge: "A-Za-z0-9_-" };
const B64 = { edge: "A-Za-z0-9+/=" };

export const identityRules: SecretRule[] = [
  // Duo: the secret key (skey) is 40 characters; the integration key (DI + 18) is an id.
  kv("duo-secret-key", "Duo Security", ["duo", "skey"], "[A-Za-z0-9]{40}", {
    entropy: 4,
    exclude: "ikey|integration|host|api_host",
    description: "Duo Security secret key (skey, 40 characters) next to its name",
  }),
  kv("jumpcloud-api-key", "JumpCloud", ["jumpcloud"], "(?:jca_[A-Za-z0-9]{30,40}|[a-f0-9]{40})", {
    entropy: 3,
    description: "JumpCloud API key (40 hex, or jca_ prefix) next to its name",
  }),
  kv("loginradius-api-secret", "LoginRadius", ["loginradius", "login_radius"], UUID, UUID_KV),
  kv("fusionauth-api-key", "FusionAuth", ["fusionauth"], "[A-Za-z0-9_-]{64}", { ...DASHED, entropy: 4 }),
  kv("frontegg-api-key", "Frontegg", ["frontegg"], UUID, UUID_KV),
  kv("descope-management-key", "Descope", ["descope"], "[A-Za-z0-9_:.-]{50,300}", {
    edge: "A-Za-z0-9_:.-",
    entropy: 4.2,
    exclude: "project_id|projectid|project-id",
  }),
  kv("supertokens-api-key", "SuperTokens", ["supertokens"], "[A-Za-z0-9=_-]{20,100}", {
    edge: "A-Za-z0-9=_-",
    entropy: 3.8,
    exclude: "uri|url|domain|name",
  }),
  kv("propelauth-api-key", "PropelAuth", ["propelauth", "propel_auth"], "[A-Za-z0-9]{40,100}", { entropy: 4 }),
  kv("zitadel-token", "ZITADEL", ["zitadel"], "[A-Za-z0-9_-]{60,120}", { ...DASHED, entropy: 4 }),
  kv("authentik-token", "authentik", ["authentik"], "[A-Za-z0-9]{50,128}", { entropy: 4 }),
  kv("logto-app-secret", "Logto", ["logto"], "[A-Za-z0-9]{32}", { entropy: 3.8, exclude: "app_id|appid|endpoint" }),
  kv("casdoor-client-secret", "Casdoor", ["casdoor"], "[a-f0-9]{40}"),
  kv(
    "magic-secret-key",
    "Magic",
    ["magic_secret", "magic-secret", "magic_api", "magic_sk"],
    "sk_(?:live|test)_[A-F0-9]{16}",
    {
      description: "Magic (magic.link) secret key next to its name",
    },
  ),
  kv("hanko-api-key", "Hanko", ["hanko"], "[A-Za-z0-9_=-]{40,100}", { edge: "A-Za-z0-9_=-", entropy: 4 }),
  kv("passage-api-key", "Passage", ["passage_api", "passage-api", "passageapi"], "[A-Za-z0-9.]{64,140}", {
    edge: "A-Za-z0-9.",
    entropy: 4,
  }),
  kv(
    "ping-identity-client-secret",
    "Ping Identity",
    ["pingone", "pingidentity", "ping_identity", "pingfederate"],
    "[A-Za-z0-9_.~-]{40,70}",
    { edge: "A-Za-z0-9_.~-", entropy: 4, exclude: "client_id|clientid|env|region" },
  ),
  kv("aws-cognito-client-secret", "AWS Cognito", ["cognito"], "[a-z0-9]{50,52}", {
    entropy: 3.5,
    description: "Amazon Cognito app client secret (51-52 lower-case characters) next to its name",
  }),
  kv("akeyless-access-key", "Akeyless", ["akeyless"], "[A-Za-z0-9+/]{43}=", { ...B64, entropy: 4 }),
  // Infisical service tokens: st.<token id>.<secret>.<key>; machine identities: client secret.
  pre("infisical-service-token", "Infisical", ["st."], `st\\.(?:[a-f0-9]{24}|${UUID})\\.[a-f0-9]{32}\\.[a-f0-9]{32}`, {
    edge: "A-Za-z0-9.",
    description: "Infisical service token (st.<id>.<secret>.<key>)",
  }),
  kv("infisical-client-secret", "Infisical", ["infisical"], "[a-f0-9]{64}"),
  kv("conjur-api-key", "CyberArk Conjur", ["conjur"], "[a-z0-9]{50,60}", { entropy: 3.5 }),
  kv("keeper-secrets-manager-token", "Keeper", ["keeper", "ksm_"], "(?:US|EU|AU|GOV|JP|CA):[A-Za-z0-9_-]{40,50}", {
    edge: "A-Za-z0-9_-",
    description: "Keeper Secrets Manager one-time access token (REGION:token) next to its name",
  }),
  kv("delinea-secret-server-token", "Delinea", ["delinea", "thycotic", "secretserver"], "[A-Za-z0-9_-]{100,1000}", {
    ...DASHED,
    entropy: 4.5,
  }),
  kv(
    "vault-approle-secret-id",
    "HashiCorp Vault",
    ["vault_secret_id", "vault-secret-id", "approle_secret_id", "role_secret_id", "vault_approle_secret"],
    UUID,
    { edge: "A-Za-z0-9-", description: "Vault AppRole secret_id (UUID) next to its name" },
  ),
  // Apple app-specific passwords: four groups of four lower-case letters.
  kv(
    "apple-app-specific-password",
    "Apple",
    [
      "app_specific_password",
      "app-specific-password",
      "appspecificpassword",
      "application_specific_password",
      "fastlane_password",
      "apple_id_password",
      "apple_password",
      "altool_password",
      "notarize_password",
    ],
    "[a-z]{4}-[a-z]{4}-[a-z]{4}-[a-z]{4}",
    { edge: "a-z-", entropy: 3, description: "Apple app-specific password (xxxx-xxxx-xxxx-xxxx) next to its name" },
  ),
  // CAPTCHA secret keys: the site key has the same shape and is public, hence the exclusion.
  kv("recaptcha-secret-key", "Google reCAPTCHA", ["recaptcha"], "6L[A-Za-z0-9_-]{38}", {
    ...DASHED,
    exclude: "site|public|client",
    description: "Google reCAPTCHA secret key (6L + 38 characters) next to its name",
  }),
  kv("hcaptcha-secret-key", "hCaptcha", ["hcaptcha"], "0x[a-fA-F0-9]{40}", {
    exclude: "site|public",
    description: "hCaptcha secret key (0x + 40 hex) next to its name",
  }),
  kv("cloudflare-turnstile-secret", "Cloudflare", ["turnstile"], "0x4AAAAAAA[A-Za-z0-9_-]{22,40}", {
    ...DASHED,
    exclude: "site|public",
    description: "Cloudflare Turnstile secret key (0x4AAAAAAA prefix) next to its name",
  }),
  kv(
    "okta-client-secret",
    "Okta",
    ["okta_client_secret", "okta-client-secret", "oktaclientsecret"],
    "[A-Za-z0-9_-]{40,64}",
    {
      ...DASHED,
      entropy: 4,
    },
  ),
  kv("gluu-client-secret", "Gluu", ["gluu"], "[A-Za-z0-9_-]{20,64}", { ...DASHED, entropy: 3.8 }),
  kv("authelia-secret", "Authelia", ["authelia"], "[A-Za-z0-9_-]{64,128}", { ...DASHED, entropy: 4 }),
];
