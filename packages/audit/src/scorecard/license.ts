import type { AuditContext } from "../context.js";
import type { Evidence } from "../model.js";
import { result, type ScorecardCheck } from "./model.js";

const NAME =
  /^(?:[A-Za-z0-9.+-]+[-_.])?(?:LICEN[CS]E|COPYING|COPYRIGHT)(?:[-_.][A-Za-z0-9.+-]+)?(?:\.(?:adoc|asc|docx?|ext|html|markdown|md|rst|txt|xml))?$/i;
const SPDX_IN_NAME =
  /(?:^|[-_.])(MIT|Apache-2\.0|BSD-[23]-Clause|ISC|MPL-2\.0|GPL-[23]\.0(?:-only|-or-later)?|LGPL-[23]\.[01](?:-only|-or-later)?|AGPL-3\.0(?:-only|-or-later)?|Unlicense|0BSD|EPL-2\.0|BSL-1\.0|Zlib|CC0-1\.0)(?:[-_.]|$)/i;
/** Opening words of common FSF/OSI licences, for a file whose name carries no SPDX id. */
const TEXTS: Array<[RegExp, string]> = [
  [/Permission is hereby granted, free of charge/i, "MIT"],
  [/Apache License[\s\S]{0,40}Version 2\.0/i, "Apache-2.0"],
  [/GNU (?:AFFERO |LESSER )?GENERAL PUBLIC LICENSE/i, "GPL family"],
  [/Mozilla Public License/i, "MPL"],
  [/Redistribution and use in source and binary forms/i, "BSD"],
  [/Permission to use, copy, modify, and\/or distribute this software/i, "ISC"],
  [/This is free and unencumbered software released into the public domain/i, "Unlicense"],
  [/Eclipse Public License/i, "EPL"],
  [/Boost Software License/i, "BSL-1.0"],
];

export interface LicenceFile {
  file: string;
  topLevel: boolean;
  spdx: string | undefined;
}

export function licenceFiles(ctx: AuditContext): LicenceFile[] {
  const out: LicenceFile[] = [];
  for (const file of ctx.files()) {
    const parts = file.split("/");
    const name = parts[parts.length - 1] ?? "";
    const top = parts.length === 1 && NAME.test(name);
    const inDir = parts.length === 2 && /^LICEN[CS]ES$/i.test(parts[0] ?? "") && /\.(?:txt|md)$|^[^.]+$/i.test(name);
    if (!top && !inDir) continue;
    const text = ctx.read(file)?.slice(0, 4000) ?? "";
    const spdx =
      SPDX_IN_NAME.exec(name)?.[1] ??
      (inDir ? name.replace(/\.[^.]+$/, "") : undefined) ??
      TEXTS.find(([re]) => re.test(text))?.[1];
    out.push({ file, topLevel: top, spdx });
  }
  return out;
}

/** License: 6 for a licence file, 3 more when it is at the top level, 1 more for an FSF/OSI licence (Scorecard). */
export const scorecardCheck: ScorecardCheck = {
  name: "License",
  framework: "ART-2",
  run(ctx) {
    const files = licenceFiles(ctx);
    if (files.length === 0) return result(this, 0, "license file not detected");
    const best = files.find((f) => f.topLevel) ?? files[0];
    let score = 6;
    if (files.some((f) => f.topLevel)) score += 3;
    if (files.some((f) => f.spdx)) score += 1;
    const details: Evidence[] = files
      .slice(0, 3)
      .map((f) => ({ file: f.file, text: `license file${f.spdx ? ` (${f.spdx})` : ""}` }));
    return result(this, score, `license file detected: ${best?.file}`, details);
  },
};
