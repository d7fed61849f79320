// What the journal must not show (secrets, photos, full ID numbers), elided from a request's parameters and
// from the texts that quote them.
import { percentEncode } from './gateway/encode.js';
import { parseJson } from './json-large.js';
import type { LargeTexts } from './large-text.js';
import type { JsonValue } from './gateway/render.js';
import { maskIdNumbers } from './log/scrub.js';
import { maskCertNumber } from './saf/sessions.js';

const SECRET_FIELDS = new Set(['Signature', 'SecurityToken', 'AccessKeySecret', 'BearerToken', 'CallbackToken', 'callbackToken']);
const PHOTO_FIELDS = new Set([
  'imgbase64',
  'refFaceContent',
  'authFaceContent',
  'image',
  'FaceContrastPicture',
  'SourceFaceContrastPicture',
  'TargetFaceContrastPicture',
]);
/** ID numbers: shown as the control API shows them (first 6 and last 4). */
const ID_FIELDS = new Set(['certNumber', 'certNo', 'CertNo']);
const MAX_TEXT = 512;

/** How deep the journal follows nested ServiceParameters (a request may nest thousands of levels). */
const MAX_DEPTH = 8;

/** Values the journal must not show, gathered while eliding, to hide them in the string-to-sign too. */
export type Hidden = Map<string, string>;

function hide(hidden: Hidden | undefined, value: string, shown: string): string {
  if (hidden && value.length >= 4) hidden.set(value, shown);
  return shown;
}

/**
 * Enough of a value kept in pieces (large-text.ts) to mask and cut it as a whole: an ID number (18 characters
 * and the character after it) that starts before the cut is all inside it.
 */
const MASK_WINDOW = MAX_TEXT + 19;

function elideString(key: string, value: string, hidden: Hidden | undefined, large: LargeTexts | undefined): string {
  if (SECRET_FIELDS.has(key)) return hide(hidden, value, '***');
  if (PHOTO_FIELDS.has(key)) return hide(hidden, value, `<photo: ${value.length} base64 chars>`);
  if (ID_FIELDS.has(key)) return hide(hidden, value, maskCertNumber(value));
  // ID numbers elsewhere (a ServiceParameters that is not JSON, a free-text field) are masked too; masking
  // keeps the length.
  const pieces = value.length > MASK_WINDOW ? large?.get(value) : undefined;
  const text = pieces ? maskIdNumbers(pieces.slice(0, MASK_WINDOW)) : value.length >= 15 ? maskIdNumbers(value) : value;
  return value.length > MAX_TEXT ? text.slice(0, MAX_TEXT) + `…<${value.length - MAX_TEXT} more chars>` : text;
}

function elideValue(key: string, value: JsonValue, hidden: Hidden | undefined, large: LargeTexts | undefined, depth = 0): JsonValue {
  if (typeof value === 'string') return elideString(key, value, hidden, large);
  if (value !== null && typeof value === 'object' && depth >= MAX_DEPTH) return '<nested deeper: elided>';
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => elideValue(key, v, hidden, large, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length && i < 50; i++) out[keys[i]!] = elideValue(keys[i]!, value[keys[i]!]!, hidden, large, depth + 1);
    return out;
  }
  if (ID_FIELDS.has(key) && typeof value === 'number') return maskCertNumber(String(value));
  return value;
}

/**
 * Parameters fit to show: secrets replaced, photos reduced to their size, ID numbers masked, ServiceParameters
 * shown parsed (`parsedServiceParameters` when the caller already parsed them). What was hidden is added to
 * `hidden` (value → shown), for hideValues(). The strings may still be slices of the request: the Journal
 * keeps them as JSON text, never as they are.
 */
export function elideParams(params: ReadonlyMap<string, string>, parsedServiceParameters?: Readonly<Record<string, JsonValue>>, hidden?: Hidden, large?: LargeTexts): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of params) {
    if (key === 'ServiceParameters' && parsedServiceParameters !== undefined) {
      out[key] = elideValue(key, parsedServiceParameters as JsonValue, hidden, large);
    } else if (key === 'ServiceParameters') {
      out[key] = elideValue(key, parseOrText(value, large), hidden, large);
    } else {
      out[key] = elideValue(key, value, hidden, large);
    }
  }
  return out;
}

function parseOrText(value: string, large: LargeTexts | undefined): JsonValue {
  try {
    return parseJson(value, large) as JsonValue;
  } catch {
    return value;
  }
}

/** Where a text cut to its head (TextHead: `head…<N more chars>`) was cut. */
const CUT_MARK = /…<\d+ more chars>/;
/** Long enough to tell a hidden value's start from chance. */
const ANCHOR_CHARS = 32;

/** A hidden value that runs past the cut of a text kept to its head, in any of its forms: replaced up to the cut. */
function hideCutValue(text: string, value: string, shown: string, large: LargeTexts | undefined): string {
  const cut = CUT_MARK.exec(text)?.index;
  if (cut === undefined || value.length < ANCHOR_CHARS) return text;
  // A value kept in pieces gives its head from them (value.slice would join all its megabytes first).
  let prefix = large?.get(value)?.slice(0, cut) ?? value.slice(0, cut);
  const last = prefix.charCodeAt(prefix.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) prefix = prefix.slice(0, -1);
  const once = percentEncode(prefix);
  for (const form of [prefix, once, percentEncode(once)]) {
    const at = text.indexOf(form.slice(0, ANCHOR_CHARS));
    if (at !== -1 && at < cut && form.startsWith(text.slice(at, cut))) return text.slice(0, at) + shown + text.slice(cut);
  }
  return text;
}

/**
 * The server's string-to-sign (or canonical request) with the hidden values replaced, in every encoding they
 * take there: as sent, percent-encoded once (query, ACS3) and twice (RPC v1's string-to-sign).
 */
export function hideValues(text: string, hidden: Hidden, large?: LargeTexts): string {
  let out = text;
  for (const [value, shown] of hidden) {
    // Every form is at least as long as the value: a photo longer than the text can only be there cut short
    // (a large request's string-to-sign is kept to its head), and encoding all its megabytes would block
    // every other request.
    if (value.length > out.length) {
      out = hideCutValue(out, value, shown, large);
      continue;
    }
    const once = percentEncode(value);
    for (const form of new Set([value, once, percentEncode(once)])) if (out.includes(form)) out = out.split(form).join(shown);
  }
  return maskIdNumbers(out);
}
