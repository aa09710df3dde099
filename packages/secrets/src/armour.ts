/**
 * The signature block of a tag's message, as git takes it, and whether it is one.
 *
 * git (gpg-interface.c parse_signed_buffer) takes as a tag's signature everything from the LAST
 * line that starts with `-----BEGIN PGP SIGNATURE-----`, `-----BEGIN PGP MESSAGE-----`,
 * `-----BEGIN SSH SIGNATURE-----` or `-----BEGIN SIGNED MESSAGE-----`: the same line anywhere
 * else is message text, and any text can follow it. Anyone can write such a line into a message
 * (`git tag -a -m`, no key needed), so the block is left out of a scan only when it is armour that
 * signing tools write: the BEGIN line alone, armour headers (`Version: ...`, kept for scanning)
 * and a blank line, lines of canonical base64 that decode to a signature (an OpenPGP packet
 * whose CRC-24 checksum line matches, an SSHSIG blob, a DER sequence), and the matching END line
 * as the last line. Anything else and the whole message is scanned.
 */

const KINDS = ["PGP SIGNATURE", "PGP MESSAGE", "SSH SIGNATURE", "SIGNED MESSAGE"] as const;
type Kind = (typeof KINDS)[number];
const MARKERS = KINDS.map((k) => `-----BEGIN ${k}-----`);

const BASE64_LINE = /^[A-Za-z0-9+/]+={0,2}$/;
const CHECKSUM_LINE = /^=([A-Za-z0-9+/]{4})$/;
const HEADER_LINE = /^[A-Za-z][A-Za-z0-9-]*: /;
/** gpg writes 64 characters a line, ssh-keygen 70; RFC 4880 allows 76. */
const MAX_LINE = 76;

/**
 * The text of a tag's message to scan: the message whole, or with the lines of its signature
 * armour (git's last block) blanked, so that line numbers still count from the message's start.
 * Armour header lines stay. Trailing blank lines are dropped.
 */
export function tagTextToScan(body: string): string {
  const lines = body.split("\n");
  let at = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith("-----BEGIN ") && MARKERS.some((m) => line.startsWith(m))) at = i;
  }
  if (at < 0) return body.replace(/\n+$/, "");
  const armour = armourLines(lines.slice(at));
  if (armour === undefined) return body.replace(/\n+$/, "");
  const out = lines.slice(0, at);
  for (let i = 0; i < armour.length; i++) out.push(armour[i] ? "" : (lines[at + i] as string));
  return out.join("\n").replace(/\n+$/, "");
}

/**
 * For a block that is signature armour: which of its lines are armour (true) and which are
 * headers to scan (false). Undefined when the block is anything else.
 */
function armourLines(block: string[]): boolean[] | undefined {
  // git ends the signature (and the object) with a newline: one empty string after the split.
  const lines = block.at(-1) === "" ? block.slice(0, -1) : block;
  const kind = KINDS.find((k) => lines[0] === `-----BEGIN ${k}-----`);
  if (kind === undefined || lines.length < 3 || lines.at(-1) !== `-----END ${kind}-----`) return undefined;
  const marks: boolean[] = [true];
  let i = 1;
  // Armour headers, then the blank line that ends them (OpenPGP, and gpgsm's S/MIME armour).
  let headers = 0;
  while (i < lines.length - 1 && HEADER_LINE.test(lines[i] as string)) {
    marks.push(false);
    headers++;
    i++;
  }
  if (lines[i] === "") {
    marks.push(true);
    i++;
  } else if (headers > 0) return undefined;
  let data = "";
  let padded = false;
  for (; i < lines.length - 1; i++) {
    const line = lines[i] as string;
    if (!BASE64_LINE.test(line) || line.length > MAX_LINE || padded) break;
    padded = line.includes("=");
    data += line;
    marks.push(true);
  }
  if (data === "" || data.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(data, "base64");
  // Canonical base64 only: Node skips what it cannot decode; the round trip must give the text back.
  if (bytes.toString("base64") !== data) return undefined;
  const checksum = CHECKSUM_LINE.exec(lines[i] ?? "");
  if (checksum !== null) {
    if (!kind.startsWith("PGP") || checksum[1] !== crc24Base64(bytes)) return undefined;
    marks.push(true);
    i++;
  }
  if (i !== lines.length - 1 || !isSignature(kind, bytes)) return undefined;
  marks.push(true);
  return marks;
}

/** Whether decoded armour data starts as its kind's signature does. */
function isSignature(kind: Kind, bytes: Buffer): boolean {
  const first = bytes[0] ?? 0;
  switch (kind) {
    case "PGP SIGNATURE":
      // A signature packet (tag 2): new format 0xC2, old format 0x88-0x8B.
      return first === 0xc2 || (first & 0xfc) === 0x88;
    case "PGP MESSAGE":
      return (first & 0x80) !== 0;
    case "SSH SIGNATURE":
      return bytes.subarray(0, 6).toString("latin1") === "SSHSIG";
    case "SIGNED MESSAGE":
      // CMS: a DER SEQUENCE.
      return first === 0x30;
  }
}

/** OpenPGP's CRC-24 (RFC 4880 6.1) of the data, as the armour's checksum line writes it. */
function crc24Base64(bytes: Uint8Array): string {
  let crc = 0xb704ce;
  for (const b of bytes) {
    crc ^= b << 16;
    for (let j = 0; j < 8; j++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  crc &= 0xffffff;
  return Buffer.from([crc >> 16, (crc >> 8) & 0xff, crc & 0xff]).toString("base64");
}
