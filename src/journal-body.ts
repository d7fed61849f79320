/** How much of a response body the journal keeps (the dashboard shows it; a slot holds 2048 characters). */
const MAX_BODY = 1024;
/** Base64 runs this long are photos (query with returnImage), never journalled. */
const LONG_BASE64 = /[A-Za-z0-9+/_-]{200,}={0,2}/g;
/** Full mainland ID numbers (18 characters) keep only their first 6 and last 4. */
const ID_NUMBER = /\b(\d{6})\d{8}(\d{3}[\dXx])\b/g;

/** A response body fit for the journal: photos and ID numbers elided, cut at MAX_BODY characters. */
export function journalBody(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let out = text.length > 150 ? text.replace(LONG_BASE64, (m) => `<${m.length} base64 chars elided>`) : text;
  out = out.replace(ID_NUMBER, (_m, head: string, tail: string) => `${head}********${tail.slice(-4)}`);
  return out.length > MAX_BODY ? out.slice(0, MAX_BODY) + `…<${out.length - MAX_BODY} more chars>` : out;
}
