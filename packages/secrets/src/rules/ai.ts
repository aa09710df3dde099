import type { SecretRule } from "../rule.js";
import { atomic, kv, pre, UUID } from "./build.js";

const DASHED = { edge: "A-Za-z0-9_-" };

/** AI and ML platforms. */
export const aiRules: SecretRule[] = [
  // "T3BlbkFJ" is base64 of "OpenAI": every OpenAI key format carries it in the middle.
  pre(
    "openai-api-key",
    "OpenAI",
    ["t3blbkfj"],
    // The tail is atomic: giving characters back could never satisfy the edge check after it.
    `sk-(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_-]{20,200}T3BlbkFJ${atomic("t", "[A-Za-z0-9_-]{20,200}")}`,
    DASHED,
  ),
  pre("anthropic-api-key", "Anthropic", ["sk-ant-api"], "sk-ant-api\\d\\d-[A-Za-z0-9_-]{80,120}AA", DASHED),
  pre("anthropic-admin-api-key", "Anthropic", ["sk-ant-admin"], "sk-ant-admin\\d\\d-[A-Za-z0-9_-]{80,120}AA", DASHED),
  pre("huggingface-access-token", "Hugging Face", ["hf_"], "hf_[A-Za-z]{34}", { entropy: 4.2 }),
  pre("huggingface-organization-api-token", "Hugging Face", ["api_org_"], "api_org_[A-Za-z]{34}", { entropy: 4.2 }),
  kv("cohere-api-token", "Cohere", ["cohere", "co_api_key"], "[A-Za-z0-9]{40}", { entropy: 4 }),
  pre("replicate-api-token", "Replicate", ["r8_"], "r8_[A-Za-z0-9]{37}", { entropy: 3.5 }),
  pre("groq-api-key", "Groq", ["gsk_"], "gsk_[A-Za-z0-9]{52}", { entropy: 3.5 }),
  pre("perplexity-api-key", "Perplexity", ["pplx-"], "pplx-[A-Za-z0-9]{48}", { entropy: 3.5 }),
  kv("mistral-api-key", "Mistral AI", ["mistral"], "[A-Za-z0-9]{32}", { entropy: 4 }),
  pre("xai-api-key", "xAI", ["xai-"], "xai-[A-Za-z0-9]{80}", { entropy: 4 }),
  pre("openrouter-api-key", "OpenRouter", ["sk-or-v1-"], "sk-or-v1-[a-f0-9]{64}"),
  kv("deepseek-api-key", "DeepSeek", ["deepseek"], "sk-[a-f0-9]{32}"),
  kv("together-api-key", "Together AI", ["together"], "(?:tgp_v1_[A-Za-z0-9_-]{43}|[a-f0-9]{64})", DASHED),
  kv("fireworks-api-key", "Fireworks AI", ["fireworks"], "(?:fw_)?[A-Za-z0-9]{24,48}", { entropy: 4 }),
  kv(
    "elevenlabs-api-key",
    "ElevenLabs",
    ["elevenlabs", "eleven_labs", "xi-api-key"],
    "(?:sk_[a-f0-9]{48}|[a-f0-9]{32})",
  ),
  kv("assemblyai-api-key", "AssemblyAI", ["assemblyai", "assembly_ai"], "[a-f0-9]{32}"),
  kv("deepgram-api-key", "Deepgram", ["deepgram"], "[a-f0-9]{40}"),
  pre("pinecone-api-key", "Pinecone", ["pcsk_"], "pcsk_[A-Za-z0-9_]{50,90}", { entropy: 4 }),
  kv("pinecone-legacy-api-key", "Pinecone", ["pinecone"], UUID, { edge: "A-Za-z0-9-" }),
  kv("wandb-api-key", "Weights & Biases", ["wandb"], "[a-f0-9]{40}"),
  pre("langsmith-api-key", "LangSmith", ["lsv2_pt_", "lsv2_sk_"], "lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}"),
  kv("stability-api-key", "Stability AI", ["stability"], "sk-[A-Za-z0-9]{48}"),
  kv("ai21-api-key", "AI21 Labs", ["ai21"], "[A-Za-z0-9]{32}", { entropy: 4 }),
  kv("voyage-api-key", "Voyage AI", ["voyage"], "pa-[A-Za-z0-9_-]{40,48}", DASHED),
  kv("clarifai-api-key", "Clarifai", ["clarifai"], "[a-f0-9]{32}"),
  kv("azure-openai-api-key", "Azure OpenAI", ["azure_openai", "azureopenai", "azure-openai", "aoai"], "[a-f0-9]{32}"),
  pre("nvidia-ngc-api-key", "NVIDIA", ["nvapi-"], "nvapi-[A-Za-z0-9_-]{64}", DASHED),
  pre("anyscale-api-key", "Anyscale", ["esecret_"], "esecret_[a-z0-9]{26}", { entropy: 3.5 }),
  pre("cerebras-api-key", "Cerebras", ["csk-"], "csk-[a-z0-9]{48}", { entropy: 3.5 }),
  kv("privateai-api-token", "Private AI", ["privateai", "private_ai", "private-ai"], "[a-z0-9]{32}", { entropy: 3 }),
  // dapi + 32 lower-case hex (an optional -N workspace suffix); upper case or a "g" is no token.
  pre("databricks-api-token", "Databricks", ["dapi"], "dapi[a-f0-9]{32}(?:-\\d)?", DASHED),
  kv("roboflow-api-key", "Roboflow", ["roboflow"], "[A-Za-z0-9]{20}", { entropy: 3.5 }),
  kv("runpod-api-key", "RunPod", ["runpod"], "(?:rpa_)?[A-Z0-9]{40,50}", { entropy: 3.5 }),
  kv("modal-token-secret", "Modal", ["modal_token"], "as-[A-Za-z0-9]{22}", DASHED),
  kv("jina-api-key", "Jina AI", ["jina"], "jina_[A-Za-z0-9_-]{60}", DASHED),
  kv("tavily-api-key", "Tavily", ["tavily"], "tvly-(?:dev-)?[A-Za-z0-9]{32}", DASHED),
  kv("serpapi-key", "SerpApi", ["serpapi", "serp_api"], "[a-f0-9]{64}"),
];
