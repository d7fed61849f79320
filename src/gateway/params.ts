import { gatewayError } from './errors.js';
import type { Format } from './render.js';

/** Request parameters after decoding; a later source (the body) overrides an earlier one (the query). */
export type Params = Map<string, string>;

/**
 * Decodes an application/x-www-form-urlencoded string (query or body) into `into`.
 * Strict: a malformed escape is the gateway's `RequestParameterMalformed`, never a silent guess.
 */
export function decodeForm(text: string, into: Params = new Map()): Params {
  if (text.length === 0) return into;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('&', start);
    if (end === -1) end = text.length;
    if (end > start) {
      const pair = text.slice(start, end);
      const eq = pair.indexOf('=');
      const rawName = eq === -1 ? pair : pair.slice(0, eq);
      const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
      const name = decodeComponent(rawName);
      if (name.length > 0) into.set(name, decodeComponent(rawValue));
    }
    start = end + 1;
  }
  return into;
}

function decodeComponent(raw: string): string {
  const needsPlus = raw.includes('+');
  const needsPercent = raw.includes('%');
  if (!needsPlus && !needsPercent) return raw;
  const spaced = needsPlus ? raw.replace(/\+/g, ' ') : raw;
  if (!needsPercent) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    throw gatewayError('RequestParameterMalformed');
  }
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
  return /(?:^|&)Format=xml(?:&|$)/i.test(rawQuery) ? 'XML' : 'JSON';
}
