const UNRESERVED_ONLY = /^[A-Za-z0-9\-_.~]*$/;
const SUB_DELIMS = /[!'()*]/;
const SUB_DELIMS_ALL = /[!'()*]/g;

/** RFC 3986 percent-encoding as every Alibaba Cloud SDK signs: unreserved bytes stay, the rest is %XY. */
export function percentEncode(value: string): string {
  // Most names and values on the signing path (AccessKeyId, Action, nonces, versions) need no encoding.
  if (UNRESERVED_ONLY.test(value)) return value;
  const encoded = encodeURIComponent(value);
  return SUB_DELIMS.test(encoded) ? encoded.replace(SUB_DELIMS_ALL, (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase()) : encoded;
}

/** `k=v&…` with both sides percent-encoded as the SDKs send a form body or query. */
export function formEncode(params: Iterable<readonly [string, string]>): string {
  return [...params].map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
}
