import type { SecretRule } from "../rule.js";
import { atomic, JWT, JWT_EDGE, kv, pre, UUID, UUID_KV } from "./build.js";

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
  // Claude Code's OAuth tokens: sk-ant-oat01- (access; `claude setup-token` issues a year-long one
  // for CLAUDE_CODE_OAUTH_TOKEN) and sk-ant-ort01- (refresh), as public code and docs name them.
  pre("anthropic-oauth-token", "Anthropic", ["sk-ant-oat", "sk-ant-ort"], "sk-ant-o[ar]t\\d\\d-[A-Za-z0-9_-]{80,120}", {
    ...DASHED,
    description: "Anthropic (Claude Code) OAuth access or refresh token (sk-ant-oat01-/sk-ant-ort01-)",
    entropy: 3.5,
  }),
  pre("huggingface-access-token", "Hugging Face", ["hf_"], "hf_[A-Za-z]{34}", { entropy: 4.2 }),
  pre("huggingface-organization-api-token", "Hugging Face", ["api_org_"], "api_org_[A-Za-z]{34}", { entropy: 4.2 }),
  kv("cohere-api-token", "Cohere", ["cohere", "co_api_key"], "[A-Za-z0-9]{40}", { entropy: 4 }),
  // r8_ + 37 token characters (trufflehog's verified detector takes - and _ too).
  pre("replicate-api-token", "Replicate", ["r8_"], "r8_[A-Za-z0-9_-]{37}", { edge: "A-Za-z0-9_-", entropy: 3.5 }),
  pre("groq-api-key", "Groq", ["gsk_"], "gsk_[A-Za-z0-9]{52}", { entropy: 3.5 }),
  pre("perplexity-api-key", "Perplexity", ["pplx-"], "pplx-[A-Za-z0-9]{48}", { entropy: 3.5 }),
  kv("mistral-api-key", "Mistral AI", ["mistral"], "[A-Za-z0-9]{32}", { entropy: 4 }),
  pre("xai-api-key", "xAI", ["xai-"], "xai-[A-Za-z0-9]{80}", { entropy: 4 }),
  pre("openrouter-api-key", "OpenRouter", ["sk-or-v1-"], "sk-or-v1-[a-f0-9]{64}"),
  kv("deepseek-api-key", "DeepSeek", ["deepseek"], "sk-[a-f0-9]{32}"),
  // Current Together keys carry their own prefix (tgp_v1_ + 43 base64url, as public code passes them
  // to OpenAI-compatible clients with no "together" nearby); the older 64-hex keys need the name.
  pre("together-prefixed-api-key", "Together AI", ["tgp_v1_"], "tgp_v1_[A-Za-z0-9_-]{43}", {
    ...DASHED,
    entropy: 3.5,
  }),
  kv("together-api-key", "Together AI", ["together"], "[a-f0-9]{64}", DASHED),
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
  kv(
    "azure-openai-api-key",
    "Azure OpenAI",
    ["azure_openai", "azureopenai", "azure-openai", "aoai"],
    "(?:[a-f0-9]{32}|[A-Za-z0-9]{84})",
  ),
  pre("nvidia-ngc-api-key", "NVIDIA", ["nvapi-"], "nvapi-[A-Za-z0-9_-]{64}", DASHED),
  pre("anyscale-api-key", "Anyscale", ["esecret_"], "esecret_[a-z0-9]{26}", { entropy: 3.5 }),
  pre("cerebras-api-key", "Cerebras", ["csk-"], "csk-[a-z0-9]{48}", { entropy: 3.5 }),
  kv("privateai-api-token", "Private AI", ["privateai", "private_ai", "private-ai"], "[a-z0-9]{32}", { entropy: 3 }),
  // dapi + 32 lower-case hex (an optional -N workspace suffix); upper case or a "g" is no token.
  pre("databricks-api-token", "Databricks", ["dapi"], "dapi[a-f0-9]{32}(?:-\\d)?", DASHED),
  kv("roboflow-api-key", "Roboflow", ["roboflow"], "[A-Za-z0-9]{20}", { entropy: 3.5 }),
  kv("runpod-api-key", "RunPod", ["runpod"], "(?:rpa_)?[A-Z0-9]{40,50}", { entropy: 3.5 }),
  kv("modal-token-secret", "Modal", ["modal_token"], "as-[A-Za-z0-9]{22}", DASHED),
  // jina_ + 32 hex + 28 token characters; tvly-[dev-|prod-] + 32 (as public .env files hold them):
  // the prefixes say who issued them.
  pre("jina-api-key", "Jina AI", ["jina_"], "jina_[a-f0-9]{32}[A-Za-z0-9_-]{28}", { ...DASHED, entropy: 3.5 }),
  pre("tavily-api-key", "Tavily", ["tvly-"], "tvly-(?:dev-|prod-)?[A-Za-z0-9]{32}", { ...DASHED, entropy: 3.5 }),
  kv("serpapi-key", "SerpApi", ["serpapi", "serp_api"], "[a-f0-9]{64}"),

  // Second round (issue 13): model hosts, vector stores, ML ops, speech and vision APIs.
  kv("kaggle-api-key", "Kaggle", ["kaggle"], "[a-f0-9]{32}", {
    exclude: "user|name",
    description: "Kaggle API key (32 hex) next to its name",
  }),
  // kaggle.json: {"username":"…","key":"<32 hex>"}
  pre(
    "kaggle-json-key",
    "Kaggle",
    ['"username"'],
    '"username"[ \\t]*:[ \\t]*"[A-Za-z0-9_.-]{1,64}"[ \\t]*,[ \\t]*"key"[ \\t]*:[ \\t]*"(?<secret>[a-f0-9]{32})"',
    { edge: "A-Za-z0-9", description: 'Kaggle API key in a kaggle.json file ({"username", "key"})' },
  ),
  pre("nomic-api-key", "Nomic", ["nk-"], "nk-[A-Za-z0-9_-]{40,48}", {
    ...DASHED,
    entropy: 4,
    confidence: "medium",
    description: "Nomic API key (nk- prefix)",
  }),
  kv("chroma-api-key", "Chroma", ["chroma"], "ck-[A-Za-z0-9]{40,64}"),
  pre("turbopuffer-api-key", "turbopuffer", ["tpuf_"], "tpuf_[A-Za-z0-9]{32,48}", {
    entropy: 3.5,
    confidence: "medium",
    description: "turbopuffer API key (tpuf_ prefix)",
  }),
  kv(
    "zilliz-api-key",
    "Zilliz Cloud",
    ["zilliz", "milvus_token", "milvus-token", "milvus_api_key"],
    "[A-Za-z0-9:_-]{32,128}",
    {
      edge: "A-Za-z0-9:_-",
      entropy: 4,
      exclude: "uri|url|endpoint|host",
    },
  ),
  kv(
    "scale-ai-api-key",
    "Scale AI",
    ["scale_api_key", "scale-api-key", "scaleai", "scale_ai"],
    "(?:live|test)_[a-f0-9]{32}",
  ),
  kv("labelbox-api-key", "Labelbox", ["labelbox"], JWT, JWT_EDGE),
  kv("clearml-credential", "ClearML", ["clearml"], "[A-Za-z0-9]{20,64}", {
    entropy: 3.8,
    exclude: "host|server|url|web|files",
  }),
  kv("deepai-api-key", "DeepAI", ["deepai"], UUID, UUID_KV),
  kv("wit-ai-token", "Wit.ai", ["wit_ai", "witai", "wit_token", "wit-token", "wit_server", "wit.ai"], "[A-Z0-9]{32}", {
    entropy: 3.5,
  }),
  kv("edenai-api-key", "Eden AI", ["edenai", "eden_ai", "eden-ai"], JWT, JWT_EDGE),
  kv("nightfall-api-key", "Nightfall", ["nightfall"], "(?:NF-[A-Za-z0-9]{32}|[A-Za-z0-9_-]{32,64})", {
    ...DASHED,
    entropy: 4,
  }),
  kv("monkeylearn-api-key", "MonkeyLearn", ["monkeylearn"], "[a-f0-9]{40}"),
  kv("gladia-api-key", "Gladia", ["gladia"], UUID, UUID_KV),
  kv("revai-access-token", "Rev.ai", ["revai", "rev_ai", "rev-ai", "rev_access_token"], "[A-Za-z0-9_-]{40,120}", {
    ...DASHED,
    entropy: 4,
  }),
  kv("hume-api-key", "Hume AI", ["hume_api", "hume-api", "humeai", "hume_secret"], "[A-Za-z0-9]{48}", { entropy: 4 }),
  kv("playht-secret-key", "PlayHT", ["playht", "play_ht", "play-ht"], "(?:[a-f0-9]{32}|[A-Za-z0-9]{40})", {
    entropy: 3.5,
    exclude: "user",
  }),
  pre("friendli-token", "Friendli", ["flp_"], "flp_[A-Za-z0-9]{30,60}", {
    entropy: 3.5,
    confidence: "medium",
    description: "Friendli personal access token (flp_ prefix)",
  }),
  kv("zhipu-api-key", "Zhipu AI", ["zhipu", "glm_api", "bigmodel"], "[a-f0-9]{16,32}\\.[A-Za-z0-9]{16}", {
    edge: "A-Za-z0-9.",
  }),
  kv(
    "dashscope-api-key",
    "Alibaba DashScope",
    ["dashscope", "qwen_api", "qwen-api", "bailian"],
    "sk-[a-f0-9]{32}",
    DASHED,
  ),
  kv("moonshot-api-key", "Moonshot AI", ["moonshot", "kimi_api", "kimi-api"], "sk-[A-Za-z0-9]{48}", DASHED),
  kv("siliconflow-api-key", "SiliconFlow", ["siliconflow", "silicon_flow"], "sk-[a-z]{48}", DASHED),
  kv("minimax-api-key", "MiniMax", ["minimax"], JWT, JWT_EDGE),
  pre("baidu-qianfan-api-key", "Baidu Cloud", ["bce-v3/altak-"], "bce-v3/ALTAK-[A-Za-z0-9]{16,32}/[a-f0-9]{32,48}", {
    edge: "A-Za-z0-9/_-",
    description: "Baidu AI Cloud (Qianfan) API key (bce-v3/ALTAK-… prefix)",
  }),
  kv("lepton-api-token", "Lepton AI", ["lepton"], "[A-Za-z0-9]{32}", { entropy: 3.8 }),
  kv("predibase-api-token", "Predibase", ["predibase"], "pb_[A-Za-z0-9_-]{20,60}", DASHED),
  kv("octoai-token", "OctoAI", ["octoai", "octo_ai"], JWT, JWT_EDGE),
  kv("portkey-api-key", "Portkey", ["portkey"], "[A-Za-z0-9+/=]{28,40}", { edge: "A-Za-z0-9+/=", entropy: 4 }),
  kv("agentops-api-key", "AgentOps", ["agentops"], UUID, UUID_KV),
  kv("braintrust-api-key", "Braintrust", ["braintrust"], "sk-[A-Za-z0-9]{40,60}", DASHED),
  kv("humanloop-api-key", "Humanloop", ["humanloop"], "(?:hl_sk_)?[A-Za-z0-9_-]{30,80}", { ...DASHED, entropy: 4 }),
  kv("arize-api-key", "Arize", ["arize"], "[A-Za-z0-9]{20,64}", { entropy: 3.8, exclude: "space|model|org" }),
  kv("unstructured-api-key", "Unstructured", ["unstructured_api", "unstructured-api"], "[A-Za-z0-9]{30}", {
    entropy: 3.8,
  }),
  kv("runway-api-key", "Runway", ["runwayml", "runway_api", "runway-api"], "key_[a-f0-9]{64,128}"),
  kv("luma-api-key", "Luma AI", ["luma_api", "lumaai", "luma-api"], "luma-[A-Za-z0-9-]{40,100}", DASHED),
  kv("aleph-alpha-token", "Aleph Alpha", ["aleph_alpha", "aleph-alpha", "alephalpha"], JWT, JWT_EDGE),
  kv("lamini-api-key", "Lamini", ["lamini"], "[a-f0-9]{64}"),
  kv("writer-api-key", "Writer", ["writer_api_key", "writer-api-key"], "[A-Za-z0-9_-]{32,64}", {
    ...DASHED,
    entropy: 4,
  }),
  kv("sambanova-api-key", "SambaNova", ["sambanova"], UUID, UUID_KV),
  kv("novita-api-key", "Novita AI", ["novita"], "(?:sk_)?[A-Za-z0-9_-]{32,64}", { ...DASHED, entropy: 4 }),
  kv("hyperbolic-api-key", "Hyperbolic", ["hyperbolic"], JWT, JWT_EDGE),
  // Azure AI services (Cognitive Services) keys: 32 hex, or the newer 84-character form.
  kv(
    "azure-ai-services-key",
    "Azure",
    [
      "cognitive_services",
      "cognitiveservices",
      "cognitive-services",
      "azure_speech",
      "speech_key",
      "azure_ai_key",
      "azure_language",
      "form_recognizer",
      "document_intelligence",
      "azure_vision",
      "computer_vision_key",
      "face_api_key",
    ],
    "(?:[a-f0-9]{32}|[A-Za-z0-9]{84})",
    { entropy: 3, description: "Azure AI services (Cognitive Services) key next to its name" },
  ),
  kv("cloudsight-api-key", "CloudSight", ["cloudsight"], "[A-Za-z0-9_-]{22}", { ...DASHED, entropy: 3.8 }),
  kv("ocrspace-api-key", "OCR.space", ["ocrspace", "ocr_space", "ocr.space"], "K[0-9]{14}", {
    description: "OCR.space API key (K + 14 digits) next to its name",
  }),
];
