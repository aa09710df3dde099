/** A flat shields-style SVG badge: "supply chain | 87/100", coloured by score. */
export function renderBadge(score: number | null): string {
  const label = "supply chain";
  const value = score === null ? "unknown" : `${score}/100`;
  const color =
    score === null ? "#9f9f9f" : score >= 90 ? "#4c1" : score >= 75 ? "#97ca00" : score >= 50 ? "#dfb317" : "#e05d44";
  const lw = 6 * label.length + 10;
  const vw = 7 * value.length + 10;
  const w = lw + vw;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${label}: ${value}">
<title>${label}: ${value}</title>
<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
<clipPath id="r"><rect width="${w}" height="20" rx="3" fill="#fff"/></clipPath>
<g clip-path="url(#r)"><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${vw}" height="20" fill="${color}"/><rect width="${w}" height="20" fill="url(#s)"/></g>
<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
<text x="${lw / 2}" y="14">${label}</text><text x="${lw + vw / 2}" y="14">${value}</text></g>
</svg>
`;
}
