/**
 * Splits commit and tag objects into the signed payload and the signature exactly as git does
 * (gpg-interface.c: parse_buffer_signed_by_header for commits, parse_signed_buffer for tags), at
 * the byte level, so that a commit message in any encoding round-trips.
 */
export type SignatureKind = "ssh" | "openpgp" | "x509";

export interface Signed {
  payload: Buffer;
  /** The armored signature text, or undefined when the object is not signed. */
  signature?: string;
  kind?: SignatureKind;
}

export interface Identity {
  name: string;
  email: string;
  /** Epoch seconds as written in the object (the signer's claim, not a trusted time). */
  time: number;
}

export interface CommitInfo extends Signed {
  tree: string;
  parents: string[];
  author?: Identity;
  committer?: Identity;
  /** Embedded signed tags of merged tags (`mergetag` headers): each a whole tag object. */
  mergetags: Buffer[];
  message: string;
}

const MARKERS: Array<[string, SignatureKind]> = [
  ["-----BEGIN PGP SIGNATURE-----", "openpgp"],
  ["-----BEGIN PGP MESSAGE-----", "openpgp"],
  ["-----BEGIN SSH SIGNATURE-----", "ssh"],
  ["-----BEGIN SIGNED MESSAGE-----", "x509"],
];

export function signatureKind(text: string): SignatureKind | undefined {
  return MARKERS.find(([m]) => text.startsWith(m))?.[1];
}

function* lines(buf: Buffer): Generator<[start: number, next: number]> {
  let start = 0;
  while (start < buf.length) {
    const nl = buf.indexOf(10, start);
    const next = nl < 0 ? buf.length : nl + 1;
    yield [start, next];
    start = next;
  }
}

/** Commit: drops the signature header of this repo's hash (and any other gpgsig* header). */
export function splitSignedCommit(buf: Buffer, sigHeader = "gpgsig"): Signed {
  const payload: Buffer[] = [];
  let signature = "";
  let inSig = false;
  let otherSig = false;
  for (const [start, next] of lines(buf)) {
    const first = buf[start];
    if (first === 10) {
      payload.push(buf.subarray(start)); // the message: everything after the blank line
      break;
    }
    const head = buf.subarray(start, Math.min(next, start + sigHeader.length + 1)).toString("latin1");
    let sig: Buffer | undefined;
    if (inSig && first === 32) sig = buf.subarray(start + 1, next);
    else if (head === `${sigHeader} `) {
      sig = buf.subarray(start + sigHeader.length + 1, next);
      otherSig = false;
    } else if (head.startsWith("gpgsig")) otherSig = true;
    else if (otherSig && first !== 32) otherSig = false;
    if (sig) {
      signature += sig.toString("utf8");
      inSig = true;
    } else {
      if (!otherSig) payload.push(buf.subarray(start, next));
      inSig = false;
    }
  }
  return withKind(Buffer.concat(payload), signature);
}

/** Tag: the signature is the last block that starts with a known armor line. */
export function splitSignedTag(buf: Buffer): Signed {
  let match = buf.length;
  for (const [start] of lines(buf)) {
    if (signatureKind(buf.subarray(start, start + 40).toString("latin1")) !== undefined) match = start;
  }
  return withKind(buf.subarray(0, match), buf.subarray(match).toString("utf8"));
}

function withKind(payload: Buffer, signature: string): Signed {
  if (signature === "") return { payload };
  const kind = signatureKind(signature);
  return kind === undefined ? { payload, signature } : { payload, signature, kind };
}

function parseIdentity(value: string): Identity | undefined {
  const m = /^(.*?) ?<([^>]*)> (-?\d+)/.exec(value);
  return m ? { name: m[1] ?? "", email: m[2] ?? "", time: Number(m[3]) } : undefined;
}

/** Header values of an object (continuation lines joined with "\n"), up to the blank line. */
export function parseHeaders(buf: Buffer): { headers: Array<[string, string]>; body: Buffer } {
  const headers: Array<[string, string]> = [];
  let skipping = false;
  for (const [start, next] of lines(buf)) {
    if (buf[start] === 10) return { headers, body: buf.subarray(next) };
    // Signatures are taken byte for byte elsewhere; turning them into strings here is wasted work.
    if (buf[start] === 32 && skipping) continue;
    skipping = buf.subarray(start, start + 6).toString("latin1") === "gpgsig";
    if (skipping) continue;
    const text = buf.subarray(start, next).toString("utf8").replace(/\n$/, "");
    const last = headers[headers.length - 1];
    if (text.startsWith(" ") && last) last[1] += `\n${text.slice(1)}`;
    else {
      const sp = text.indexOf(" ");
      headers.push(sp < 0 ? [text, ""] : [text.slice(0, sp), text.slice(sp + 1)]);
    }
  }
  return { headers, body: Buffer.alloc(0) };
}

/** The tag objects in `mergetag` headers, byte for byte (a tag message need not be UTF-8). */
function mergetagObjects(buf: Buffer): Buffer[] {
  const out: Buffer[][] = [];
  let inTag = false;
  for (const [start, next] of lines(buf)) {
    if (buf[start] === 10) break;
    if (inTag && buf[start] === 32) out[out.length - 1]!.push(buf.subarray(start + 1, next));
    else if (buf.subarray(start, start + 9).toString("latin1") === "mergetag ") {
      out.push([buf.subarray(start + 9, next)]);
      inTag = true;
    } else inTag = false;
  }
  return out.map((parts) => Buffer.concat(parts));
}

export function parseCommit(buf: Buffer, sigHeader = "gpgsig"): CommitInfo {
  const { headers, body } = parseHeaders(buf);
  const info: CommitInfo = { ...splitSignedCommit(buf, sigHeader), tree: "", parents: [], mergetags: [], message: "" };
  for (const [name, value] of headers) {
    if (name === "tree") info.tree = value;
    else if (name === "parent") info.parents.push(value);
    else if (name === "author") info.author = parseIdentity(value);
    else if (name === "committer") info.committer = parseIdentity(value);
    else if (name === "mergetag") info.mergetags = mergetagObjects(buf);
  }
  info.message = body.toString("utf8");
  return info;
}

export interface TagInfo extends Signed {
  object: string;
  type: string;
  tag: string;
  tagger?: Identity;
}

export function parseTag(buf: Buffer): TagInfo {
  const { headers } = parseHeaders(buf);
  const get = (n: string) => headers.find(([k]) => k === n)?.[1] ?? "";
  const tagger = parseIdentity(get("tagger"));
  const info: TagInfo = { ...splitSignedTag(buf), object: get("object"), type: get("type"), tag: get("tag") };
  if (tagger) info.tagger = tagger;
  return info;
}
