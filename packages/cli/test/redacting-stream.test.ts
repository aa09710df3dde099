import { describe, expect, it } from "vitest";
import { redactingStream } from "../src/redacting-stream.js";

// Assembled at runtime: a synthetic token never sits whole in the repository.
const TOKEN = `ghp_${"k3Y9".repeat(9)}`;
const URL_WITH_TOKEN = `https://x-access-token:${TOKEN}@github.com/o/r.git`;

function sink() {
  const chunks: unknown[] = [];
  return { chunks, isTTY: true, columns: 80, write: (chunk: unknown) => chunks.push(chunk) > 0 };
}

describe("redactingStream", () => {
  it("masks strings and buffers, keeps the stream's other properties", () => {
    const target = sink();
    const stream = redactingStream(target, { enabled: true });
    stream.write(`push to ${URL_WITH_TOKEN} refused\n`);
    stream.write(Buffer.from(`remote: ${URL_WITH_TOKEN}\n`));
    stream.write(Buffer.from("plain bytes\n"));
    expect(stream.isTTY).toBe(true);
    expect(stream.columns).toBe(80);
    const out = target.chunks.map(String).join("");
    expect(out).not.toContain(TOKEN.slice(4, 12));
    expect(out).toContain("x-access-token:ghp_…[40]@github.com/o/r.git");
    // Bytes with nothing to mask go out as they came.
    expect(Buffer.isBuffer(target.chunks[2])).toBe(true);
  });

  it("passes everything through when switched off (--show-secrets), and follows the switch", () => {
    const target = sink();
    const state = { enabled: false };
    const stream = redactingStream(target, state);
    stream.write(URL_WITH_TOKEN);
    state.enabled = true;
    stream.write(URL_WITH_TOKEN);
    expect(target.chunks[0]).toBe(URL_WITH_TOKEN);
    expect(String(target.chunks[1])).not.toContain(TOKEN);
  });
});
