import { isAscii } from 'node:buffer';
import type { LargeText, LargeTexts } from './large-text.js';

/**
 * JSON.parse for texts of megabytes whose bulk is one or a few long string literals (a photo in
 * ServiceParameters). JSON.parse copies such a literal into a new string (12 MB in one go blocked every
 * other request for tens of ms); here each long literal with nothing to unescape is cut out before parsing
 * and put back without a copy: a slice of the text, or of a LargeText's pieces (itself a LargeText, added to
 * `large`). The result, and whether it throws, are JSON.parse's.
 */

/** Below this length (or with nothing to cut) it is JSON.parse itself. */
const LARGE_TEXT = 256 * 1024;
const LONG_LITERAL = 64 * 1024;
/** Past this many literals the text is not the shape this is for: JSON.parse does it. */
const MAX_LITERALS = 10_000;
const CONTROL_CHARACTER = /[\u0000-\u001f]/;
/** A cut literal's stand-in: `\u0000` and its index. No JSON string holds a raw U+0000 otherwise. */
const STAND_IN_ESCAPE = '\\u0000';
const QUOTE = 34;
const BACKSLASH = 92;

/** What the parse reads of a text: a string, or a LargeText's UTF-8 bytes (positions are then bytes). */
interface JsonSource {
  readonly length: number;
  /** The position of the next `"` at or after `from`, or -1. */
  quote(from: number): number;
  code(at: number): number;
  /** Whether JSON.parse takes literal content [start, end) as it is (nothing to unescape, no control character). */
  plain(start: number, end: number): boolean;
  text(start: number, end: number): string;
  /** The value of literal content [start, end), a plain one. */
  literal(start: number, end: number): string;
}

function stringSource(text: string): JsonSource {
  return {
    length: text.length,
    quote: (from) => text.indexOf('"', from),
    code: (at) => text.charCodeAt(at),
    plain: (start, end) => {
      const content = text.slice(start, end);
      return !content.includes('\\') && !CONTROL_CHARACTER.test(content);
    },
    text: (start, end) => text.slice(start, end),
    literal: (start, end) => text.slice(start, end),
  };
}

/** A LargeText read on its bytes: only ASCII literals are cut (a byte is then a character). */
function largeSource(large: LargeText, all: LargeTexts): JsonSource {
  const bytes = large.utf8;
  return {
    length: bytes.length,
    quote: (from) => bytes.indexOf(QUOTE, from),
    code: (at) => bytes[at] ?? NaN,
    plain: (start, end) => isAscii(bytes.subarray(start, end)) && large.verbatim(start, end),
    text: (start, end) => bytes.toString('utf8', start, end),
    literal: (start, end) => {
      const literal = large.sub(start, end);
      all.set(literal.text, literal);
      return literal.text;
    },
  };
}

/** JSON.parse(text); when `text` is one of `large`, parsed from its pieces without flattening it. */
export function parseJson(text: string, large?: LargeTexts): unknown {
  const pieces = text.length > LARGE_TEXT ? large?.get(text) : undefined;
  if (pieces) return pieces.utf8.includes(STAND_IN_ESCAPE) ? JSON.parse(text) : parseCut(largeSource(pieces, large!));
  if (text.length <= LARGE_TEXT || text.includes(STAND_IN_ESCAPE)) return JSON.parse(text);
  return parseCut(stringSource(text));
}

function parseCut(source: JsonSource): unknown {
  const cuts = longLiterals(source);
  if (cuts === undefined || cuts.length === 0) return JSON.parse(source.text(0, source.length));
  let reduced = '';
  let at = 0;
  for (let i = 0; i < cuts.length; i++) {
    reduced += source.text(at, cuts[i]![0]) + STAND_IN_ESCAPE + i;
    at = cuts[i]![1];
  }
  reduced += source.text(at, source.length);
  const literal = (value: unknown): unknown => {
    if (typeof value !== 'string' || value.charCodeAt(0) !== 0) return value;
    const [start, end] = cuts[Number(value.slice(1))]!;
    return source.literal(start, end);
  };
  return putBack(JSON.parse(reduced), literal);
}

/** [start, end) of each long literal's content that JSON.parse would take as it is; undefined past MAX_LITERALS. */
function longLiterals(source: JsonSource): Array<[number, number]> | undefined {
  const cuts: Array<[number, number]> = [];
  for (let i = 0, seen = 0; ; seen++) {
    if (seen > MAX_LITERALS) return undefined;
    const open = source.quote(i);
    if (open === -1) return cuts;
    let close = source.quote(open + 1);
    while (close !== -1 && escaped(source, close)) close = source.quote(close + 1);
    // Unterminated: nothing more to cut (JSON.parse throws on the rest either way).
    if (close === -1) return cuts;
    if (close - open - 1 > LONG_LITERAL && !isKey(source, close) && source.plain(open + 1, close)) cuts.push([open + 1, close]);
    i = close + 1;
  }
}

/** Whether the quote at `at` is escaped (an odd run of backslashes before it). */
function escaped(source: JsonSource, at: number): boolean {
  let n = 0;
  while (at - 1 - n >= 0 && source.code(at - 1 - n) === BACKSLASH) n++;
  return n % 2 === 1;
}

/** Whether the literal closing at `close` is an object key (a `:` follows). */
function isKey(source: JsonSource, close: number): boolean {
  let i = close + 1;
  for (let c = source.code(i); c === 32 || c === 9 || c === 10 || c === 13; c = source.code(++i));
  return source.code(i) === 58;
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
