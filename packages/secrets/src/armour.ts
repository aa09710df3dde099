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
 * as the last line. Anything else and the whole message is scanned. Even then only the marker,
 * blank and checksum lines are left out: the base64 lines are text the tag's writer chose (a
 * key id or secret key in base64's alphabet passes as data) and are scanned like the headers.
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
  return tagBodyLines(body.split("\n")).join("\n").replace(/\n+$/, "");
}

/** A tag's message lines, those of its signature armour (git's last block) blanked. */
function tagBodyLines(lines: string[]): string[] {
  let at = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith("-----BEGIN ") && MARKERS.some((m) => line.startsWith(m))) at = i;
  }
  const armour = at < 0 ? undefined : armourLines(lines.slice(at));
  if (armour === undefined) return lines;
  const out = lines.slice(0, at);
  for (let i = 0; i < armour.length; i++) out.push(armour[i] ? "" : (lines[at + i] as string));
  return out.concat(lines.slice(at + armour.length));
}

/** Header lines holding an object id or type only: written by git, never a person's text. */
const ID_HEADER = /^(?:(?:tree|parent|object) [0-9a-f]{40}(?:[0-9a-f]{24})?|type (?:commit|tree|blob|tag))$/;

/**
 * The header lines of a commit or tag object (`git cat-file commit|tag <id>` up to the blank
 * line) to scan, one string per line so that line numbers are the object's: identities
 * (author, committer, tagger: any text git accepts as a name), encoding, a tag's name and any
 * header git does not write itself are kept; object ids are blanked; a `gpgsig`/`gpgsig-sha256`
 * signature is blanked only when it is armour, as in a tag's message; a `mergetag` (the tag a
 * merge merged, embedded whole, which need not be pushed or kept) has its own headers and
 * message judged the same way. Empty when there is nothing to scan.
 */
export function objectHeadersToScan(object: string): string {
  const end = object.indexOf("\n\n");
  const lines = headerLines((end < 0 ? object : object.slice(0, end)).split("\n"));
  return lines.join("\n").replace(/\n+$/, "");
}

function headerLines(lines: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i + 1;
    while (j < lines.length && (lines[j] as string).startsWith(" ")) j++;
    const first = lines[i] as string;
    const name = first.slice(0, Math.max(0, first.indexOf(" ")));
    if (j === i + 1 && ID_HEADER.test(first)) out.push("");
    else if (name === "gpgsig" || name === "gpgsig-sha256" || name === "mergetag") {
      // The value: the rest of the first line, then each continuation line without its space.
      const value = [first.slice(name.length + 1), ...lines.slice(i + 1, j).map((l) => l.slice(1))];
      let judged: string[];
      if (name === "mergetag") {
        const blank = value.indexOf("");
        judged =
          blank < 0
            ? headerLines(value)
            : [...headerLines(value.slice(0, blank)), "", ...tagBodyLines(value.slice(blank + 1))];
      } else {
        const armour = armourLines(value);
        judged = armour === undefined ? value : value.map((l, k) => (armour[k] ? "" : l));
      }
      // Kept lines as the object holds them (the header's name, a continuation's space).
      for (let k = 0; k < judged.length; k++) out.push(judged[k] === "" ? "" : (lines[i + k] as string));
    } else for (let k = i; k < j; k++) out.push(lines[k] as string);
    i = j;
  }
  return out;
}

/**
 * For a block that is signature armour: which of its lines are left out (true: markers, the
 * blank line, the checksum) and which are scanned (false: headers, base64 data). Undefined when
 * the block is anything else.
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
    // Scanned: base64 text is anything its writer chose (an AKIA key id, a 40-character secret
    // key are base64 lines that decode to some bytes), and real signatures' lines match no rule.
    marks.push(false);
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
