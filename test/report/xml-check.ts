/**
 * A small, strict XML 1.0 reader for the JUnit tests (no dependency): it accepts the subset the
 * JUnit reporter writes — an XML declaration, elements, double-quoted attributes, character data
 * and the predefined/numeric entity references — and throws on anything malformed: unbalanced or
 * mismatched tags, a second root, a raw `<` or `&` in data, an unknown entity, characters XML 1.0
 * forbids. It returns the element tree with entities decoded, so tests can compare values.
 */

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** Decoded character data directly inside this element (all text nodes joined). */
  text: string;
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_.:]*/y;
const FORBIDDEN_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  if (FORBIDDEN_CHAR.test(raw)) throw new Error(`character not allowed in XML 1.0 in ${where}`);
  return raw.replace(/&([^;]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new Error(`unterminated entity reference in ${where}`);
    const named = PREDEFINED[ref];
    if (named !== undefined) return named;
    const num = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
    if (!num) throw new Error(`unknown entity &${ref}; in ${where}`);
    const code = num[1] !== undefined ? parseInt(num[1], 16) : Number(num[2]);
    const ch = String.fromCodePoint(code);
    if (FORBIDDEN_CHAR.test(ch)) throw new Error(`character reference &${ref}; is not allowed in XML 1.0`);
    return ch;
  });
}

export function parseXml(xml: string): XmlElement {
  const decl = '<?xml version="1.0" encoding="UTF-8"?>\n';
  if (!xml.startsWith(decl)) throw new Error('missing XML declaration');
  let i = decl.length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;

  const readName = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(xml);
    if (!m) throw new Error(`expected a name at offset ${i}`);
    i += m[0].length;
    return m[0];
  };

  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const data = lt === -1 ? xml.slice(i) : xml.slice(i, lt);
    const top = stack[stack.length - 1];
    if (top) top.text += decode(data, `<${top.name}>`);
    else if (data.trim() !== '') throw new Error(`text outside the root element at offset ${i}`);
    if (data.includes(']]>')) throw new Error(`"]]>" in character data at offset ${i}`);
    if (lt === -1) break;
    i = lt + 1;

    if (xml[i] === '/') {
      i += 1;
      const name = readName();
      if (xml[i] !== '>') throw new Error(`malformed end tag </${name} at offset ${i}`);
      i += 1;
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`end tag </${name}> does not match <${open?.name ?? '(none)'}>`);
      continue;
    }

    const name = readName();
    const attrs: Record<string, string> = {};
    for (;;) {
      const ws = /\s+/y;
      ws.lastIndex = i;
      const hadSpace = ws.exec(xml) !== null;
      if (hadSpace) i = ws.lastIndex;
      if (xml[i] === '>' || xml.startsWith('/>', i)) break;
      if (!hadSpace) throw new Error(`expected whitespace before an attribute at offset ${i}`);
      const attr = readName();
      if (xml[i] !== '=' || xml[i + 1] !== '"') throw new Error(`attribute ${attr} is not ="..." at offset ${i}`);
      const end = xml.indexOf('"', i + 2);
      if (end === -1) throw new Error(`unterminated attribute ${attr}`);
      const raw = xml.slice(i + 2, end);
      if (raw.includes('<')) throw new Error(`raw "<" in attribute ${attr}`);
      if (Object.prototype.hasOwnProperty.call(attrs, attr)) throw new Error(`duplicate attribute ${attr} on <${name}>`);
      attrs[attr] = decode(raw, `attribute ${attr}`);
      i = end + 1;
    }
    const selfClosing = xml.startsWith('/>', i);
    i += selfClosing ? 2 : 1;
    const el: XmlElement = { name, attrs, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else if (root) throw new Error(`second root element <${name}>`);
    else root = el;
    if (!selfClosing) stack.push(el);
  }
  if (stack.length > 0) throw new Error(`unclosed element <${stack[stack.length - 1]?.name ?? ''}>`);
  if (!root) throw new Error('no root element');
  return root;
}

export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}
