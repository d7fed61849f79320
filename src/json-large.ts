/**
 * JSON.parse for texts of megabytes whose bulk is one or a few long string literals (a photo in
 * ServiceParameters). JSON.parse copies such a literal into a new string (12 MB in one go blocked every
 * other request for tens of ms); here each long literal with nothing to unescape is cut out before parsing
 * and put back as a slice of the text (no copy). The result, and whether it throws, are JSON.parse's.
 */

/** Below this length (or with nothing to cut) it is JSON.parse itself. */
const LARGE_TEXT = 256 * 1024;
const LONG_LITERAL = 64 * 1024;
/** Past this many literals the text is not the shape this is for: JSON.parse does it. */
const MAX_LITERALS = 10_000;
const CONTROL_CHARACTER = /[\u0000-\u001f]/;
/** A cut literal's stand-in: `\u0000` and its index. No JSON string holds a raw U+0000 otherwise. */
const STAND_IN_ESCAPE = '\\u0000';

export function parseJson(text: string): unknown {
  if (text.length <= LARGE_TEXT || text.includes(STAND_IN_ESCAPE)) return JSON.parse(text);
  const cuts = longLiterals(text);
  if (cuts === undefined || cuts.length === 0) return JSON.parse(text);
  let reduced = '';
  let at = 0;
  for (let i = 0; i < cuts.length; i++) {
    reduced += text.slice(at, cuts[i]![0]) + STAND_IN_ESCAPE + i;
    at = cuts[i]![1];
  }
  reduced += text.slice(at);
  const literal = (value: unknown): unknown => {
    if (typeof value !== 'string' || value.charCodeAt(0) !== 0) return value;
    const [start, end] = cuts[Number(value.slice(1))]!;
    return text.slice(start, end);
  };
  return putBack(JSON.parse(reduced), literal);
}

/** [start, end) of each long literal's content that JSON.parse would take as it is; undefined past MAX_LITERALS. */
function longLiterals(text: string): Array<[number, number]> | undefined {
  const cuts: Array<[number, number]> = [];
  for (let i = 0, seen = 0; ; seen++) {
    if (seen > MAX_LITERALS) return undefined;
    const open = text.indexOf('"', i);
    if (open === -1) return cuts;
    let close = text.indexOf('"', open + 1);
    while (close !== -1 && escaped(text, close)) close = text.indexOf('"', close + 1);
    // Unterminated: nothing more to cut (JSON.parse throws on the rest either way).
    if (close === -1) return cuts;
    if (close - open - 1 > LONG_LITERAL && !isKey(text, close)) {
      const content = text.slice(open + 1, close);
      if (!content.includes('\\') && !CONTROL_CHARACTER.test(content)) cuts.push([open + 1, close]);
    }
    i = close + 1;
  }
}

/** Whether the quote at `at` is escaped (an odd run of backslashes before it). */
function escaped(text: string, at: number): boolean {
  let n = 0;
  while (at - 1 - n >= 0 && text.charCodeAt(at - 1 - n) === 92) n++;
  return n % 2 === 1;
}

/** Whether the literal closing at `close` is an object key (a `:` follows). */
function isKey(text: string, close: number): boolean {
  let i = close + 1;
  while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  return text[i] === ':';
}

/** Replaces the stand-ins in a parsed value (iteratively: the value may nest thousands deep). */
function putBack(root: unknown, literal: (value: unknown) => unknown): unknown {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        node[i] = literal(node[i]);
        if (typeof node[i] === 'object' && node[i] !== null) stack.push(node[i]);
      }
    } else if (typeof node === 'object' && node !== null) {
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        record[key] = literal(record[key]);
        if (typeof record[key] === 'object' && record[key] !== null) stack.push(record[key]);
      }
    }
  }
  return literal(root);
}
