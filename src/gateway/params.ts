import { isUtf8 } from 'node:buffer';
import { gatewayError } from './errors.js';
import type { Format } from './render.js';
import { decodeUtf8InSlices, type LargeTexts } from '../large-text.js';
import { SLICE_CHARS, utf8Slice, yieldToOthers } from './slices.js';

/** Request parameters after decoding; a later source (the body) overrides an earlier one (the query). */
export type Params = Map<string, string>;

/**
 * Decodes an application/x-www-form-urlencoded string (query or body) into `into`.
 * Strict: a malformed escape is the gateway's `RequestParameterMalformed`, never a silent guess.
 */
export function decodeForm(text: string, into: Params = new Map()): Params {
  forEachPair(text, (name, rawValue) => into.set(name, decodeComponent(rawValue)));
  return into;
}

/** Calls `visit` with each `name=value` pair of a form, in order: the name decoded (empty ones skipped), the value as sent. */
function forEachPair(text: string, visit: (name: string, rawValue: string) => void): void {
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('&', start);
    if (end === -1) end = text.length;
    if (end > start) {
      const pair = text.slice(start, end);
      const eq = pair.indexOf('=');
      const name = decodeComponent(eq === -1 ? pair : pair.slice(0, eq));
      if (name.length > 0) visit(name, eq === -1 ? '' : pair.slice(eq + 1));
    }
    start = end + 1;
  }
}

function decodeComponent(raw: string): string {
  const needsPlus = raw.includes('+');
  const needsPercent = raw.includes('%');
  if (!needsPlus && !needsPercent) return raw;
  const spaced = needsPlus ? raw.replace(/\+/g, ' ') : raw;
  if (!needsPercent) return spaced;
  if (spaced.length > LARGE_VALUE) return decodeLarge(spaced);
  try {
    return decodeURIComponent(spaced);
  } catch {
    throw gatewayError('RequestParameterMalformed');
  }
}

/** Past this length a value (a photo) is decoded on bytes: about twice as fast as decodeURIComponent. */
const LARGE_VALUE = 64 * 1024;

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/**
 * decodeURIComponent for megabytes: runs without escapes are copied whole, `%XY` become bytes, and the
 * result must be valid UTF-8, as decodeURIComponent requires; anything else is RequestParameterMalformed.
 */
function decodeLarge(text: string): string {
  // Raw non-ASCII characters (a client that did not escape them) stay as their UTF-8 bytes.
  const src = Buffer.from(text, 'utf8');
  const out = Buffer.allocUnsafe(src.length);
  return validUtf8(out, decodeEscapes(src, out, 0, false)).toString('utf8');
}

/** `%XY` of `src` into bytes of `out` from `at` (`+` as a space when `plus`); returns the end. */
function decodeEscapes(src: Uint8Array, out: Buffer, at: number, plus: boolean): number {
  let o = at;
  for (let i = 0; i < src.length; ) {
    const p = src.indexOf(37 /* % */, i);
    const end = p === -1 ? src.length : p;
    if (end > i) {
      out.set(src.subarray(i, end), o);
      if (plus) for (let j = o; j < o + end - i; j++) if (out[j] === 43 /* + */) out[j] = 32;
      o += end - i;
    }
    if (p === -1) break;
    const high = p + 1 < src.length ? hexValue(src[p + 1]!) : -1;
    const low = p + 2 < src.length ? hexValue(src[p + 2]!) : -1;
    if (high < 0 || low < 0) throw gatewayError('RequestParameterMalformed');
    out[o++] = (high << 4) | low;
    i = p + 3;
  }
  return o;
}

function validUtf8(out: Buffer, length: number): Buffer {
  const bytes = out.subarray(0, length);
  if (!isUtf8(bytes)) throw gatewayError('RequestParameterMalformed');
  return bytes;
}

/**
 * decodeComponent for a value of megabytes, a slice at a time with other requests let in between (the same
 * result and the same errors). A slice never ends inside a `%XY` escape or a surrogate pair. The result is
 * a LargeText's (added to `large`) past a slice.
 */
function decodeComponentInSlices(raw: string, large: LargeTexts | undefined): Promise<string> | string {
  const plus = raw.includes('+');
  if (!plus && !raw.includes('%')) return raw;
  return decodeInSlices(raw.length, (i) => raw.charCodeAt(i), (start, end) => utf8Slice(raw, start, end), Buffer.byteLength(raw, 'utf8'), plus, large);
}

/** decodeComponentInSlices for bytes of visible ASCII (a query the front set aside: set-aside.ts). */
function decodeAsciiInSlices(raw: Buffer, large: LargeTexts | undefined): Promise<string> | string {
  const plus = raw.includes(43 /* + */);
  if (!plus && !raw.includes(37 /* % */)) return raw.toString('latin1');
  return decodeInSlices(raw.length, (i) => raw[i]!, (start, end) => raw.subarray(start, end), raw.length, plus, large);
}

async function decodeInSlices(length: number, codeAt: (i: number) => number, bytesOf: (start: number, end: number) => Uint8Array, maxBytes: number, plus: boolean, large: LargeTexts | undefined): Promise<string> {
  const out = Buffer.allocUnsafe(maxBytes);
  let o = 0;
  for (let start = 0; start < length; ) {
    let end = Math.min(length, start + SLICE_CHARS);
    if (end < length) {
      if (codeAt(end - 2) === 37) end -= 2;
      else if (codeAt(end - 1) === 37) end -= 1;
      const last = codeAt(end - 1);
      if (last >= 0xd800 && last <= 0xdbff) end -= 1;
    }
    o = decodeEscapes(bytesOf(start, end), out, o, plus);
    start = end;
    await yieldToOthers();
  }
  return decodeUtf8InSlices(validUtf8(out, o), large);
}

/** decodeForm for a query of megabytes set aside as bytes of visible ASCII (set-aside.ts); long values join `large`. */
export async function decodeAsciiFormInSlices(bytes: Buffer, into: Params = new Map(), large?: LargeTexts): Promise<Params> {
  for (let start = 0; start <= bytes.length; ) {
    let end = bytes.indexOf(38 /* & */, start);
    if (end === -1) end = bytes.length;
    if (end > start) {
      const pair = bytes.subarray(start, end);
      const eq = pair.indexOf(61 /* = */);
      const name = decodeComponent((eq === -1 ? pair : pair.subarray(0, eq)).toString('latin1'));
      const rawValue = eq === -1 ? pair.subarray(pair.length) : pair.subarray(eq + 1);
      if (name.length > 0) into.set(name, rawValue.length > LARGE_VALUE ? await decodeAsciiInSlices(rawValue, large) : decodeComponent(rawValue.toString('latin1')));
    }
    start = end + 1;
  }
  return into;
}

/** sniffFormat for a query set aside as bytes. */
export function sniffFormatBytes(rawQuery: Buffer): Format {
  for (let start = 0; start < rawQuery.length; ) {
    let end = rawQuery.indexOf(38 /* & */, start);
    if (end === -1) end = rawQuery.length;
    if (end - start === 10 && rawQuery.toString('latin1', start, end).toLowerCase() === 'format=xml') return 'XML';
    start = end + 1;
  }
  return 'JSON';
}

/**
 * decodeForm for a request of megabytes: values past LARGE_VALUE are decoded in slices (decodeComponentInSlices,
 * joining `large`), the rest as decodeForm does.
 */
export async function decodeFormInSlices(text: string, into: Params = new Map(), large?: LargeTexts): Promise<Params> {
  const pairs: Array<[string, string]> = [];
  forEachPair(text, (name, rawValue) => pairs.push([name, rawValue]));
  for (const [name, rawValue] of pairs) into.set(name, rawValue.length > LARGE_VALUE ? await decodeComponentInSlices(rawValue, large) : decodeComponent(rawValue));
  return into;
}

/** The query part of a request URL, without the leading `?` (empty when absent). */
export function rawQueryOf(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return '';
  const hash = url.indexOf('#', q);
  return hash === -1 ? url.slice(q + 1) : url.slice(q + 1, hash);
}

/** The media type of a Content-Type header, lower case, without parameters such as `;charset=UTF-8`. */
export function mediaType(contentType: string | undefined | null): string {
  if (!contentType) return '';
  const semi = contentType.indexOf(';');
  return (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

/**
 * The Format a raw query asks for, read before strict decoding, for errors raised before the parameters are
 * known (body too large, malformed encoding, bad Host). JSON otherwise: every SDK but the Python core asks for JSON.
 */
export function sniffFormat(rawQuery: string): Format {
  // Pair by pair with indexOf, not a regex over the whole query: a photo in the URL makes it 16 MB.
  for (let start = 0; start < rawQuery.length; ) {
    let end = rawQuery.indexOf('&', start);
    if (end === -1) end = rawQuery.length;
    if (end - start === 10 && rawQuery.slice(start, end).toLowerCase() === 'format=xml') return 'XML';
    start = end + 1;
  }
  return 'JSON';
}

export const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/**
 * The parameters of a request that is not large: the query's (`query`, kept as it is), then the form body's.
 * The params step decodes them so; the journal decodes a small request again so when its entry is read.
 */
export function decodeSmallRequest(query: Params, body: Buffer, contentType: string): Params {
  const params = new Map(query);
  if (body.length > 0 && contentType === FORM_MEDIA_TYPE) decodeForm(body.toString('utf8'), params);
  return params;
}

/** ACS3-signed: an Authorization header and no Signature parameter. */
export function isAcs3(authorization: string | undefined, params: Params): boolean {
  return authorization !== undefined && !params.has('Signature');
}

/** ACS3 clients may send Service/ServiceParameters in a JSON body; only string fields are taken. */
export function addJsonBodyParams(body: Buffer, contentType: string, into: Params): void {
  if (body.length === 0 || contentType !== 'application/json') return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw gatewayError('RequestParameterMalformed');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return;
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === 'string') into.set(key, value);
    else if (typeof value === 'number' || typeof value === 'boolean') into.set(key, String(value));
    else if (value !== null && typeof value === 'object') into.set(key, nestedJson(value));
  }
}

/** A nested body value as JSON text; nesting too deep to serialise is malformed input, not a server fault. */
function nestedJson(value: object): string {
  try {
    return JSON.stringify(value);
  } catch {
    throw gatewayError('RequestParameterMalformed');
  }
}
