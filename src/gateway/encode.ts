/** RFC 3986 percent-encoding as every Alibaba Cloud SDK signs: unreserved bytes stay, the rest is %XY. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase());
}
