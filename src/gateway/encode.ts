const UNRESERVED_ONLY = /^[A-Za-z0-9\-_.~]*$/;
/** The characters encodeURIComponent leaves but RFC 3986 encodes; native scans beat a regex on megabytes. */
function hasSubDelims(text: string): boolean {
  return text.includes('!') || text.includes("'") || text.includes('(') || text.includes(')') || text.includes('*');
}
const SUB_DELIMS_ALL = /[!'()*]/g;

/** RFC 3986 percent-encoding as every Alibaba Cloud SDK signs: unreserved bytes stay, the rest is %XY. */
export function percentEncode(value: string): string {
  // Most names and values on the signing path (AccessKeyId, Action, nonces, versions) need no encoding.
  if (UNRESERVED_ONLY.test(value)) return value;
  const encoded = encodeURIComponent(value);
  return hasSubDelims(encoded) ? encoded.replace(SUB_DELIMS_ALL, (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase()) : encoded;
}

/**
 * percentEncode(percentEncode(value)), as the RPC v1 string-to-sign needs: the first pass leaves only
 * unreserved characters and `%XX`, so the second only turns `%` into `%25` (a native replaceAll, ~30× faster
 * than encoding a 16 MB value twice).
 */
export function percentEncodeTwice(value: string): string {
  const once = percentEncode(value);
  return once.includes('%') ? once.replaceAll('%', '%25') : once;
}

/** `k=v&…` with both sides percent-encoded as the SDKs send a form body or query. */
export function formEncode(params: Iterable<readonly [string, string]>): string {
  return [...params].map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
}

/** Bytes RFC 3986 leaves as they are: A–Z a–z 0–9 - _ . ~ */
const UNRESERVED_BYTE = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~') UNRESERVED_BYTE[c.charCodeAt(0)] = 1;
const HEX_DIGIT = Buffer.from('0123456789ABCDEF', 'latin1');

/**
 * percentEncode on UTF-8 bytes, once or twice (`twice`: each `%` of the first pass written as `%25`), into
 * `out` from `at`; returns the end. `out` needs 5 bytes per input byte at worst. For megabyte values: a
 * table lookup per byte, where encodeURIComponent costs ~20 ns per character and builds the string twice.
 */
export function percentEncodeBytes(src: Uint8Array, twice: boolean, out: Uint8Array, at = 0): number {
  let o = at;
  for (let i = 0; i < src.length; i++) {
    const b = src[i]!;
    if (UNRESERVED_BYTE[b] === 1) {
      out[o++] = b;
      continue;
    }
    out[o++] = 37; // %
    if (twice) {
      out[o++] = 50; // 2
      out[o++] = 53; // 5
    }
    out[o++] = HEX_DIGIT[b >> 4]!;
    out[o++] = HEX_DIGIT[b & 15]!;
  }
  return o;
}
