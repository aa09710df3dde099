import { closeSync, lstatSync, openSync, readdirSync, readSync } from "node:fs";
import { join } from "node:path";

/**
 * Which licence a LICENSE / LICENCE / COPYING file holds, from its text. The text is normalised
 * (case, punctuation, line breaks, markdown and comment markers, "licence"/"license") and
 * matched against phrases each licence's text carries and its look-alikes do not: the GNU family
 * and Apache/MPL by their title and version line, as one phrase near the top (their texts quote
 * each other further down), the permissive licences by their grant and condition sentences, which survive
 * any copyright line, heading or reflowing. A text that matches none, or several (a file that
 * appends other licences), is not identified: the caller says "unknown".
 */
interface TextRule {
  id: string;
  /** Every phrase must appear (normalised text). */
  all: string[];
  /** None of these may appear. */
  none?: string[];
  /** Phrases that must appear near the top (the title and version line: 2,000 characters, room for a notice above). */
  head?: string[];
}

const GRANT_MIT = "permission is hereby granted free of charge to any person obtaining a copy of this software";
const NOTICE_MIT =
  "the above copyright notice and this permission notice shall be included in all copies or substantial portions of the software";
const GRANT_ISC =
  "permission to use copy modify and or distribute this software for any purpose with or without fee is hereby granted";
const BSD_REDIST =
  "redistribution and use in source and binary forms with or without modification are permitted provided that";
const BSD_RETAIN = "redistributions of source code must retain the above copyright notice";
const BSD_BINARY = "redistributions in binary form must reproduce the above copyright notice";
const BSD_ENDORSE = "endorse or promote products derived from this software";
const BSD_ADVERT = "all advertising materials mentioning features or use of this software must display";

const RULES: TextRule[] = [
  {
    id: "Apache-2.0",
    head: ["apache license version 2 0"],
    all: ["terms and conditions for use reproduction and distribution"],
  },
  {
    // The standard notice a file may hold instead of the full text.
    id: "Apache-2.0",
    all: [
      "licensed under the apache license version 2 0",
      "you may not use this file except in compliance with the license",
    ],
  },
  { id: "AGPL-3.0-only", head: ["gnu affero general public license version 3"], all: [] },
  { id: "LGPL-3.0-only", head: ["gnu lesser general public license version 3 29 june 2007"], all: [] },
  { id: "LGPL-2.1-only", head: ["gnu lesser general public license version 2 1 february 1999"], all: [] },
  { id: "LGPL-2.0-only", head: ["gnu library general public license version 2 june 1991"], all: [] },
  { id: "GPL-3.0-only", head: ["gnu general public license version 3 29 june 2007"], all: [] },
  { id: "GPL-2.0-only", head: ["gnu general public license version 2 june 1991"], all: [] },
  { id: "MPL-2.0", head: ["mozilla public license version 2 0"], all: [] },
  { id: "MPL-1.1", head: ["mozilla public license version 1 1"], all: [] },
  { id: "EPL-2.0", head: ["eclipse public license v 2 0"], all: [] },
  { id: "EPL-1.0", head: ["eclipse public license v 1 0"], all: [] },
  { id: "Artistic-2.0", head: ["the artistic license 2 0"], all: [] },
  { id: "BlueOak-1.0.0", head: ["blue oak model license"], all: ["version 1 0 0"] },
  { id: "Unlicense", all: ["this is free and unencumbered software released into the public domain"] },
  { id: "CC0-1.0", all: ["cc0 1 0 universal", "statement of purpose"] },
  {
    id: "CC-BY-4.0",
    all: ["attribution 4 0 international", "creative commons"],
    none: ["noncommercial", "sharealike", "noderivatives"],
  },
  { id: "WTFPL", all: ["do what the fuck you want to public license"] },
  {
    id: "Zlib",
    all: [
      "this software is provided as is without any express or implied warranty",
      "altered source versions must be plainly marked as such",
    ],
  },
  { id: "MIT", all: [GRANT_MIT, NOTICE_MIT] },
  { id: "MIT-0", all: [GRANT_MIT], none: [NOTICE_MIT, "subject to the following conditions"] },
  {
    id: "ISC",
    all: [GRANT_ISC, "provided that the above copyright notice and this permission notice appear in all copies"],
  },
  { id: "0BSD", all: [GRANT_ISC], none: ["provided that the above copyright notice"] },
  { id: "BSD-4-Clause", all: [BSD_REDIST, BSD_RETAIN, BSD_ADVERT] },
  { id: "BSD-3-Clause", all: [BSD_REDIST, BSD_RETAIN, BSD_BINARY, BSD_ENDORSE], none: [BSD_ADVERT] },
  { id: "BSD-2-Clause", all: [BSD_REDIST, BSD_RETAIN, BSD_BINARY], none: [BSD_ADVERT, BSD_ENDORSE] },
];

/** Lower case, "licence" spelled "license", every run of non-alphanumerics one space. */
export function normaliseLicenseText(text: string): string {
  return text
    .toLowerCase()
    .replace(/licen[cs]e/g, "license")
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

export type TextVerdict = { id: string } | { unknown: string };

/** The SPDX id of a licence text, or why it is not identified. */
export function identifyLicenseText(text: string): TextVerdict {
  const norm = normaliseLicenseText(text);
  if (norm === "") return { unknown: "the file is empty" };
  const head = norm.slice(0, 2000);
  const hits = RULES.filter((r) => {
    if (r.head?.some((p) => !head.includes(p))) return false;
    if (!r.all.every((p) => norm.includes(p))) return false;
    return !r.none?.some((p) => norm.includes(p));
  }).map((r) => r.id);
  const ids = [...new Set(hits)];
  if (ids.length === 1) return { id: ids[0] as string };
  if (ids.length === 0) return { unknown: "text not recognised" };
  return { unknown: `the text holds several licences (${ids.join(", ")})` };
}

/** LICENSE, LICENCE, COPYING with any suffix (LICENSE.md, LICENSE-MIT, COPYING.txt), in any case. */
const LICENSE_FILE = /^(licen[cs]e|copying)([-_. ].*)?$/i;
const MAX_LICENSE_BYTES = 256 * 1024;

/**
 * The licence of an installed package from its licence files (when package.json has no
 * `license`): each regular file (never a symlink) named like a licence, at most 256 KiB read.
 * One identified licence (the same in every file) is the answer; anything else is unknown, with
 * the reason.
 */
export function licenseFromFiles(dir: string): { id?: string; detail: string } {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => LICENSE_FILE.test(n))
      .sort();
  } catch {
    return { detail: "package folder not readable" };
  }
  const found: Array<{ file: string; verdict: TextVerdict }> = [];
  for (const file of names) {
    const path = join(dir, file);
    try {
      if (!lstatSync(path).isFile()) continue;
      const fd = openSync(path, "r");
      try {
        const buf = Buffer.alloc(MAX_LICENSE_BYTES);
        const n = readSync(fd, buf, 0, MAX_LICENSE_BYTES, 0);
        found.push({ file, verdict: identifyLicenseText(buf.subarray(0, n).toString("utf8")) });
      } finally {
        closeSync(fd);
      }
    } catch {}
  }
  if (found.length === 0) return { detail: "no LICENSE/LICENCE/COPYING file" };
  const ids = [...new Set(found.flatMap((f) => ("id" in f.verdict ? [f.verdict.id] : [])))];
  const unknown = found.filter((f) => "unknown" in f.verdict);
  if (ids.length === 1 && unknown.length === 0)
    return { id: ids[0] as string, detail: found.map((f) => f.file).join(", ") };
  if (ids.length > 1)
    return {
      detail: `licence files disagree (${found.map((f) => `${f.file}: ${"id" in f.verdict ? f.verdict.id : "?"}`).join(", ")})`,
    };
  return {
    detail: found
      .map((f) => `${f.file}: ${"id" in f.verdict ? f.verdict.id : (f.verdict as { unknown: string }).unknown}`)
      .join(", "),
  };
}
