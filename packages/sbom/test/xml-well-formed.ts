/**
 * A strict XML 1.0 well-formedness check for the tests (xmlbuilder2's parser is lenient: it
 * accepts `<a><b></a></b>`). Checks: one root element, tags balanced and properly nested, attribute
 * values quoted and names unique per element, only predefined or numeric entity references, and no
 * stray `<` or `&` in text. Not a validating parser: the XSD is not checked.
 */
const NAME = "[A-Za-z_:][-A-Za-z0-9_.:]*";
const TOKEN = new RegExp(
  `<\\?xml[^?]*\\?>|<!--[\\s\\S]*?-->|<!\\[CDATA\\[[\\s\\S]*?\\]\\]>|<\\?${NAME}[\\s\\S]*?\\?>|</(${NAME})\\s*>|<(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>|([^<]+)|(<)`,
  "gy",
);
const ATTR = new RegExp(`(${NAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, "g");
const ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/;

export function xmlWellFormednessError(text: string): string | null {
  const stack: string[] = [];
  let roots = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    const [token, close, open, attrs, selfClose, chars, stray] = m;
    const at = `at offset ${m.index}`;
    if (stray) return `unparseable markup ${at}: ${text.slice(m.index, m.index + 40)}`;
    if (chars !== undefined) {
      if (stack.length === 0 && chars.trim() !== "") return `text outside the root element ${at}`;
      if (ENTITY.test(chars)) return `bad entity reference ${at}`;
    } else if (close) {
      if (stack.pop() !== close) return `</${close}> does not close the open element ${at}`;
    } else if (open) {
      if (stack.length === 0 && ++roots > 1) return `a second root element <${open}> ${at}`;
      const seen = new Set<string>();
      for (const a of (attrs ?? "").matchAll(ATTR)) {
        if (seen.has(a[1] as string)) return `duplicate attribute ${a[1]} on <${open}> ${at}`;
        seen.add(a[1] as string);
        if (ENTITY.test(a[2] ?? a[3] ?? "")) return `bad entity reference in an attribute ${at}`;
      }
      if (!selfClose) stack.push(open);
    } else if (token.startsWith("<![CDATA[") && stack.length === 0) return `CDATA outside the root ${at}`;
    if (TOKEN.lastIndex === text.length) break;
  }
  if (TOKEN.lastIndex !== text.length && TOKEN.lastIndex !== 0) return `unparseable input at offset ${TOKEN.lastIndex}`;
  if (stack.length > 0) return `unclosed <${stack.at(-1)}>`;
  return roots === 1 ? null : "no root element";
}
