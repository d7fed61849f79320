/** Reading an ExecuteRequest answer: JSON, or the gateway's XML (`<Error>…</Error>`, `<ExecuteRequestResponse>…`). */

export type BodyFormat = 'json' | 'xml' | 'empty' | 'other';

export interface ParsedBody {
  readonly format: BodyFormat;
  /** The body as an object: JSON as is, XML as its root element's children (leaves as strings). */
  readonly value?: Record<string, unknown>;
  /** XML only: the root element's name. */
  readonly root?: string;
}

export function parseBody(text: string): ParsedBody {
  const trimmed = text.trim();
  if (trimmed === '') return { format: 'empty' };
  if (trimmed.startsWith('{')) {
    try {
      const value = JSON.parse(trimmed) as unknown;
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return { format: 'json', value: value as Record<string, unknown> };
    } catch {
      return { format: 'other' };
    }
    return { format: 'other' };
  }
  if (trimmed.startsWith('<')) {
    const parsed = parseXml(trimmed);
    if (parsed) return { format: 'xml', value: parsed.value, root: parsed.root };
  }
  return { format: 'other' };
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, name: string) => {
    switch (name) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return String.fromCodePoint(name.startsWith('#x') ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10));
    }
  });
}

type XmlValue = string | { [key: string]: XmlValue | XmlValue[] };

/** A small reader for the gateway's attribute-free XML: elements, text, CDATA; repeated names become arrays. */
export function parseXml(text: string): { root: string; value: Record<string, unknown> } | undefined {
  let pos = 0;
  const skipProlog = (): void => {
    for (;;) {
      while (pos < text.length && /\s/.test(text[pos]!)) pos++;
      if (text.startsWith('<?', pos)) {
        const end = text.indexOf('?>', pos);
        if (end === -1) throw new Error('unterminated declaration');
        pos = end + 2;
      } else if (text.startsWith('<!--', pos)) {
        const end = text.indexOf('-->', pos);
        if (end === -1) throw new Error('unterminated comment');
        pos = end + 3;
      } else return;
    }
  };
  const element = (): { name: string; value: XmlValue } => {
    if (text[pos] !== '<') throw new Error('expected <');
    const close = text.indexOf('>', pos);
    if (close === -1) throw new Error('unterminated tag');
    let tag = text.slice(pos + 1, close).trim();
    pos = close + 1;
    const selfClosing = tag.endsWith('/');
    if (selfClosing) tag = tag.slice(0, -1).trim();
    const name = tag.split(/\s/)[0]!;
    if (selfClosing) return { name, value: '' };
    const children: Record<string, XmlValue | XmlValue[]> = {};
    let textValue = '';
    let hasChildren = false;
    for (;;) {
      if (pos >= text.length) throw new Error(`unterminated <${name}>`);
      if (text.startsWith('<![CDATA[', pos)) {
        const end = text.indexOf(']]>', pos);
        if (end === -1) throw new Error('unterminated CDATA');
        textValue += text.slice(pos + 9, end);
        pos = end + 3;
      } else if (text.startsWith('</', pos)) {
        const end = text.indexOf('>', pos);
        if (end === -1) throw new Error('unterminated end tag');
        pos = end + 1;
        return { name, value: hasChildren ? children : textValue };
      } else if (text[pos] === '<') {
        hasChildren = true;
        const child = element();
        const existing = children[child.name];
        if (existing === undefined) children[child.name] = child.value;
        else if (Array.isArray(existing)) existing.push(child.value);
        else children[child.name] = [existing, child.value];
      } else {
        const next = text.indexOf('<', pos);
        const end = next === -1 ? text.length : next;
        textValue += unescapeXml(text.slice(pos, end));
        pos = end;
      }
    }
  };
  try {
    skipProlog();
    const root = element();
    const value = typeof root.value === 'string' ? {} : (root.value as Record<string, unknown>);
    return { root: root.name, value };
  } catch {
    return undefined;
  }
}
