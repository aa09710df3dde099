import type { SecretRule } from "../rule.js";
import { kv, pre } from "./build.js";

/** Cryptocurrency exchanges, wallets and blockchain node providers. */
export const cryptoRules: SecretRule[] = [
  kv("bittrex-access-key", "Bittrex", ["bittrex"], "[a-z0-9]{32}", { entropy: 3, exclude: "secret" }),
  kv("bittrex-secret-key", "Bittrex", ["bittrex_secret", "bittrexsecret", "bittrex-secret"], "[a-z0-9]{32}", {
    entropy: 3,
  }),
  kv("coinbase-access-token", "Coinbase", ["coinbase"], "[A-Za-z0-9_-]{64}", { edge: "A-Za-z0-9_-", entropy: 3.5 }),
  kv("coinbase-cdp-key", "Coinbase", ["coinbase", "cdp_api"], "organizations/[a-f0-9-]{36}/apiKeys/[a-f0-9-]{36}", {
    edge: "A-Za-z0-9/-",
    confidence: "low",
  }),
  kv("kraken-access-token", "Kraken", ["kraken"], "[A-Za-z0-9/=_+-]{80,90}", { edge: "A-Za-z0-9/=_+-", entropy: 4 }),
  kv("binance-api-key", "Binance", ["binance"], "[A-Za-z0-9]{64}", { entropy: 4 }),
  kv("bitfinex-api-key", "Bitfinex", ["bitfinex"], "[A-Za-z0-9]{43}", { entropy: 4 }),
  kv("bitmex-api-secret", "BitMEX", ["bitmex"], "[A-Za-z0-9_-]{48}", { edge: "A-Za-z0-9_-", entropy: 4 }),
  kv("gemini-exchange-secret", "Gemini", ["gemini_api_secret", "gemini_secret"], "[A-Za-z0-9]{28}", { entropy: 4 }),
  pre("gemini-exchange-key", "Gemini", ["account-", "master-"], "(?:account|master)-[A-Za-z0-9]{20}", {
    confidence: "low",
    entropy: 3.8,
    contexts: ["code"],
  }),
  kv("okx-api-secret", "OKX", ["okx", "okex"], "[A-F0-9]{32}"),
  kv("bybit-api-secret", "Bybit", ["bybit"], "[A-Za-z0-9]{36}", { entropy: 4 }),
  kv("huobi-api-key", "HTX (Huobi)", ["huobi"], "[a-z0-9]{8}-[a-z0-9]{8}-[a-z0-9]{8}-[a-z0-9]{5}", {
    edge: "A-Za-z0-9-",
  }),
  kv("infura-api-key", "Infura", ["infura"], "[a-f0-9]{32}"),
  kv("alchemy-api-key", "Alchemy", ["alchemy"], "[A-Za-z0-9_-]{32}", { edge: "A-Za-z0-9_-", entropy: 3.8 }),
  kv("etherscan-api-key", "Etherscan", ["etherscan", "bscscan", "polygonscan"], "[A-Z0-9]{34}", { entropy: 3.5 }),
  kv("moralis-api-key", "Moralis", ["moralis"], "[A-Za-z0-9]{64}", { entropy: 4 }),
  kv("blockcypher-token", "BlockCypher", ["blockcypher"], "[a-f0-9]{32}"),
  kv("quicknode-endpoint-token", "QuickNode", ["quiknode", "quicknode"], "[a-f0-9]{40}"),
  kv(
    "wallet-mnemonic",
    "Crypto wallet",
    ["mnemonic", "seed_phrase", "seedphrase", "recovery_phrase"],
    "(?:[a-z]{3,8} ){11}[a-z]{3,8}(?:(?: [a-z]{3,8}){12})?",
    { edge: "a-z", entropy: 3.5, confidence: "medium" },
  ),
  pre("bitcoin-wif-private-key", "Bitcoin", ["wif", "private", "privkey"], "[5KL][1-9A-HJ-NP-Za-km-z]{50,51}", {
    edge: "A-Za-z0-9",
    entropy: 4.2,
    confidence: "medium",
    contexts: ["code"],
    // Base58Check: a failed checksum proves the string was never a key (nobody types one), so
    // the finding is dropped; a valid one is high confidence.
    validator: "base58check-wif",
    onInvalid: "drop",
    derive: false,
    examples: {
      secret: ['wif_private_key = "{@wif}"', "privkey: {@wif:compressed}"],
      clean: ["wif: K{51 of [1-9A-HJ-NP-Za-km-z]}"],
    },
  }),
  kv("solana-private-key", "Solana", ["solana", "keypair"], "\\[(?:\\s*\\d{1,3}\\s*,){63}\\s*\\d{1,3}\\s*\\]", {
    edge: "\\]",
    entropy: 2.5,
  }),
];
