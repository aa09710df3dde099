import { describe, expect, it } from "vitest";
import { matchText } from "../src/match.js";
import { HEX, rnd } from "./support/secrets.js";

// A value only a provider's name identifies (rules/build.ts `near`) is found bound to the name
// (`deepgram_key = "…"`) and, one confidence step lower, a little way after it (rules/build.ts
// NEARBY): in prose, a header, nested YAML or JSON, a log line. Not inside a longer run, and not
// an identifier that happens to follow the name.
const found = (text: string) => matchText(text).filter((m) => m.ruleId === "deepgram-api-key");

describe("a provider's value a little way after its name", () => {
  it("is found bound to the name at the rule's confidence", () => {
    const key = rnd(HEX, 40);
    expect(found(`DEEPGRAM_API_KEY = "${key}"`)).toEqual([
      expect.objectContaining({ secret: key, confidence: "medium" }),
    ]);
  });

  it("is found in prose, nested config, headers and logs, one step lower", () => {
    const key = rnd(HEX, 40);
    const texts = [
      `Deepgram key for the prod project: ${key}`,
      `deepgram:\n  api_key: ${key}\n`,
      `{"deepgram": {"apiKey": "${key}"}}`,
      `curl -H "X-Deepgram-Project: p1" -H "Authorization: Token ${key}"`,
      `[info] using deepgram credentials ${key} for transcription`,
    ];
    for (const text of texts)
      expect({ text, found: found(text) }).toEqual({
        text,
        found: [expect.objectContaining({ secret: key, confidence: "low" })],
      });
  });

  it("is not a run inside a longer value, beyond 40 characters, or an identifier", () => {
    const key = rnd(HEX, 40);
    const texts = [
      `deepgram sdk resolved https://registry.example/sdk-3.4.1.tgz#${key}`,
      `deepgram sha: ${key}${rnd(HEX, 24)}`,
      `deepgram ${"x".repeat(60)} ${key}`,
      "deepgram options: DeepgramTranscriptionConfiguration2 in use",
    ];
    for (const text of texts) expect({ text, found: found(text) }).toEqual({ text, found: [] });
  });
});
