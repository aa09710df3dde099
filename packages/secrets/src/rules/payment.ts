import type { SecretRule } from "../rule.js";
import { kv, pre, UUID } from "./build.js";

const HEX_EDGE = { edge: "A-Za-z0-9_-" };
/** A WorkOS key's body starts with the base64 of "key_" (its id). */
const WORKOS_BODY = "a2V5X";
/** A Clerk secret key's body: 42 or 43 letters and digits. */
const CLERK_BODY = "[A-Za-z0-9]{42,43}";

/** Payments, commerce, shipping and fintech. */
export const paymentRules: SecretRule[] = [
  // Other services issue sk_live_/sk_test_ keys too. Where the format tells them apart, the key is
  // theirs, not Stripe's: WorkOS keys are base64 of the key's id ("key_…" is "a2V5X…"), Clerk's
  // secret keys have 42 or 43 letters and digits after the prefix (Stripe's: 24 or 99; restricted
  // rk_ keys are Stripe's alone), and 40 lower-case hex is Paystack's.
  pre(
    "stripe-secret-key",
    "Stripe",
    ["sk_live_", "sk_test_", "rk_live_", "rk_test_", "sk_prod_", "rk_prod_"],
    `(?:rk_(?:live|test|prod)_|sk_(?:live|test|prod)_(?!${WORKOS_BODY})(?!${CLERK_BODY}(?![A-Za-z0-9])))[A-Za-z0-9]{20,247}`,
    {
      description:
        "Stripe secret or restricted API key (sk_ keys: other services, Clerk among them, copy the sk_live_/sk_test_ format)",
      allowlist: ["^sk_(?:live|test)_[a-f0-9]{40}$"],
      derive: false,
      examples: {
        secret: [
          "sk_live_{24 of [A-Za-z0-9]}",
          "STRIPE_SECRET_KEY=sk_test_51{97 of [A-Za-z0-9]}",
          "rk_live_{43 of [A-Za-z0-9]}",
        ],
        clean: ["sk_live_{24 of [x]}"],
      },
    },
  ),
  pre("clerk-secret-key", "Clerk", ["sk_live_", "sk_test_"], `sk_(?:live|test)_(?!${WORKOS_BODY})${CLERK_BODY}`, {
    description:
      "Clerk secret key (sk_live_/sk_test_ and 42 or 43 letters and digits: Clerk's length; Stripe uses the same prefixes with other lengths, so check which service issued it)",
    derive: false,
    examples: {
      secret: ["CLERK_SECRET_KEY=sk_test_{43 of [A-Za-z0-9]}", "sk_live_{42 of [A-Za-z0-9]}"],
      clean: ["CLERK_SECRET_KEY=sk_test_{43 of [x]}"],
    },
  }),
  pre("workos-secret-key", "WorkOS", ["sk_live_", "sk_test_"], `sk_(?:live|test)_${WORKOS_BODY}[A-Za-z0-9]{30,115}`, {
    description: "WorkOS API key (sk_live_/sk_test_ and the base64 of its key id, key_…)",
    derive: false,
    examples: {
      secret: ["WORKOS_API_KEY=sk_test_a2V5XzAx{40 of [A-Za-z0-9]}", "sk_live_a2V5XzAx{50 of [A-Za-z0-9]}"],
      clean: ["WORKOS_API_KEY=sk_test_a2V5X{45 of [x]}"],
    },
  }),
  pre("stripe-webhook-secret", "Stripe", ["whsec_"], "whsec_[A-Za-z0-9]{32,64}", {
    description: "Stripe webhook signing secret",
  }),
  // A base64 character right after "EAAA…" means it is a piece of base64 (key material), not a token.
  pre("square-access-token", "Square", ["eaaa", "sq0atp-"], "(?:EAAA[A-Za-z0-9_-]{22,60}|sq0atp-[A-Za-z0-9_-]{22})", {
    edge: "A-Za-z0-9_+/=-",
    entropy: 3,
  }),
  pre("square-oauth-secret", "Square", ["sq0csp-"], "sq0csp-[A-Za-z0-9_-]{43}", { edge: "A-Za-z0-9_-" }),
  pre(
    "braintree-access-token",
    "PayPal Braintree",
    ["access_token$"],
    "access_token\\$(?:production|sandbox)\\$[a-z0-9]{16}\\$[a-f0-9]{32}",
    { edge: "A-Za-z0-9_$" },
  ),
  kv("paypal-client-secret", "PayPal", ["paypal"], "E[A-Za-z0-9_-]{79}", { edge: "A-Za-z0-9_-", entropy: 4 }),
  pre("adyen-api-key", "Adyen", ["aqe"], "AQE[A-Za-z0-9]{5}\\+?[A-Za-z0-9+/]{60,200}={0,2}", {
    edge: "A-Za-z0-9+/=",
    entropy: 4.5,
    confidence: "medium",
  }),
  pre("shopify-access-token", "Shopify", ["shpat_"], "shpat_[A-Za-z0-9]{32}", { entropy: 3 }),
  pre("shopify-custom-access-token", "Shopify", ["shpca_"], "shpca_[A-Za-z0-9]{32}", { entropy: 3 }),
  pre("shopify-private-app-access-token", "Shopify", ["shppa_"], "shppa_[A-Za-z0-9]{32}", { entropy: 3 }),
  pre("shopify-shared-secret", "Shopify", ["shpss_"], "shpss_[A-Za-z0-9]{32}", { entropy: 3 }),
  pre("razorpay-key-id", "Razorpay", ["rzp_live_", "rzp_test_"], "rzp_(?:live|test)_[A-Za-z0-9]{14}", {
    confidence: "medium",
  }),
  kv("razorpay-key-secret", "Razorpay", ["razorpay"], "[A-Za-z0-9]{24}", { entropy: 3.5 }),
  kv("plaid-client-id", "Plaid", ["plaid"], "[a-z0-9]{24}", { entropy: 3 }),
  kv("plaid-secret-key", "Plaid", ["plaid"], "[a-z0-9]{30}", { entropy: 3 }),
  pre(
    "plaid-access-token",
    "Plaid",
    ["access-sandbox-", "access-development-", "access-production-"],
    `access-(?:sandbox|development|production)-${UUID}`,
    { edge: "A-Za-z0-9_-" },
  ),
  kv("gocardless-api-token", "GoCardless", ["gocardless"], "live_[A-Za-z0-9_=-]{40}", { edge: "A-Za-z0-9_=-" }),
  pre("flutterwave-public-key", "Flutterwave", ["flwpubk"], "FLWPUBK(?:_TEST)?-[a-h0-9]{32}-X", HEX_EDGE),
  pre("flutterwave-secret-key", "Flutterwave", ["flwseck"], "FLWSECK(?:_TEST)?-[a-h0-9]{32}-X", HEX_EDGE),
  pre("flutterwave-encryption-key", "Flutterwave", ["flwseck"], "FLWSECK(?:_TEST)?[a-h0-9]{12}", HEX_EDGE),
  pre("flutterwave-encryption-key-dash", "Flutterwave", ["flwseck"], "FLWSECK(?:_TEST)?-[a-h0-9]{12}", HEX_EDGE),
  pre("paystack-secret-key", "Paystack", ["sk_live_", "sk_test_"], "sk_(?:live|test)_[a-f0-9]{40}"),
  kv("mollie-api-key", "Mollie", ["mollie"], "(?:live|test)_[A-Za-z0-9]{30}"),
  // NAS keys (sk_sbox_/sk_ + 26-32 lower-case alphanumerics) and the older ABC keys (sk_/sk_test_ + a UUID).
  kv("checkout-secret-key", "Checkout.com", ["checkout"], `sk_(?:(?:sbox_)?[a-z0-9]{26,32}|(?:test_)?${UUID})`, {
    edge: "A-Za-z0-9_-",
    entropy: 3.5,
    examples: { secret: ["CHECKOUT_SECRET_KEY=sk_test_{@uuid}", "checkout.secret_key = 'sk_{@uuid}'"] },
  }),
  pre(
    "paddle-api-key",
    "Paddle",
    ["pdl_live_", "pdl_sdbx_"],
    "pdl_(?:live|sdbx)_apikey_[a-z0-9]{26}_[A-Za-z0-9]{22}_[A-Za-z0-9]{3}",
  ),
  pre(
    "xendit-secret-key",
    "Xendit",
    ["xnd_production_", "xnd_development_"],
    "xnd_(?:production|development)_[A-Za-z0-9]{40,70}",
  ),
  pre("midtrans-server-key", "Midtrans", ["mid-server-", "sb-mid-server-"], "(?:SB-)?Mid-server-[A-Za-z0-9_-]{24}", {
    edge: "A-Za-z0-9_-",
  }),
  pre(
    "mercadopago-access-token",
    "Mercado Pago",
    ["app_usr-", "test-"],
    "(?:APP_USR|TEST)-\\d{16}-\\d{6}-[a-f0-9]{32}-\\d{6,12}",
    { edge: "A-Za-z0-9_-" },
  ),
  kv(
    "authorize-net-transaction-key",
    "Authorize.Net",
    ["authorize.net", "authorizenet", "transaction_key", "transactionkey"],
    "[A-Za-z0-9]{16}",
    { entropy: 3.5 },
  ),
  kv("freemius-secret-key", "Freemius", ["freemius", "secret_key"], "sk_[^\\s\"'`]{29}", {
    edge: "^\\s\"'`",
    entropy: 3.5,
  }),
  kv("wise-api-token", "Wise", ["transferwise", "wise_api", "wise_token"], UUID, { edge: "A-Za-z0-9-" }),
  kv("recurly-api-key", "Recurly", ["recurly"], "[a-f0-9]{32}"),
  kv("chargebee-api-key", "Chargebee", ["chargebee"], "(?:live|test)_[A-Za-z0-9]{24,40}"),
  kv("klarna-api-secret", "Klarna", ["klarna"], "klarna_(?:live|test)_api_[A-Za-z0-9_-]{40,}", { edge: "A-Za-z0-9_-" }),
  pre("duffel-api-token", "Duffel", ["duffel_test_", "duffel_live_"], "duffel_(?:test|live)_[A-Za-z0-9_=-]{43}", {
    edge: "A-Za-z0-9_=-",
  }),
  kv("finicity-client-secret", "Finicity", ["finicity"], "[a-z0-9]{20}", { entropy: 3 }),
  kv("finicity-api-token", "Finicity", ["finicity"], "[a-f0-9]{32}"),
  pre("easypost-api-token", "EasyPost", ["ezak"], "EZAK[A-Za-z0-9]{54}"),
  pre("easypost-test-api-token", "EasyPost", ["eztk"], "EZTK[A-Za-z0-9]{54}"),
  pre("shippo-api-token", "Shippo", ["shippo_live_", "shippo_test_"], "shippo_(?:live|test)_[A-Fa-f0-9]{40}"),
  // "lob" is in every "global" and "blob": the key's own prefix must be there too.
  kv("lob-api-key", "Lob", ["lob"], "(?:live|test)_[a-f0-9]{35}", { requires: ["live_", "test_"] }),
  kv("lob-pub-api-key", "Lob", ["lob"], "(?:test|live)_pub_[a-f0-9]{31}", { requires: ["live_pub_", "test_pub_"] }),
  kv("bigcommerce-access-token", "BigCommerce", ["bigcommerce"], "[a-z0-9]{31}", { entropy: 3.8 }),
  kv("woocommerce-consumer-secret", "WooCommerce", ["woocommerce", "consumer_secret", "wc_secret"], "cs_[a-f0-9]{40}"),
  pre("woocommerce-key", "WooCommerce", ["cs_", "ck_"], "c[sk]_[a-f0-9]{40}", { confidence: "medium", entropy: 3.3 }),
  kv("gumroad-access-token", "Gumroad", ["gumroad"], "[A-Za-z0-9_-]{43}", { edge: "A-Za-z0-9_-", entropy: 4 }),
  pre(
    "lemonsqueezy-api-key",
    "Lemon Squeezy",
    ["lemonsqueezy", "lemon_squeezy"],
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9\\.[A-Za-z0-9_-]{100,}\\.[A-Za-z0-9_-]{100,}",
    {
      edge: "A-Za-z0-9_.-",
      contexts: ["code"],
      derive: false,
      examples: {
        secret: [
          "LEMONSQUEEZY_API_KEY=eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.{120 of [A-Za-z0-9_-]}.{120 of [A-Za-z0-9_-]}",
        ],
        clean: [
          "LEMONSQUEEZY_API_KEY=eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        ],
      },
    },
  ),
];
