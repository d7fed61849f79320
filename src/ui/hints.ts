/**
 * What usually causes a gateway rejection, shown next to the journal entry in the dashboard. Keyed by the
 * gateway code; the signature hints differ by scheme because the two schemes sign different things.
 */
export interface Hint {
  readonly code: string;
  readonly scheme?: 'HMAC-SHA1' | 'ACS3-HMAC-SHA256';
  readonly text: string;
}

export const HINTS: readonly Hint[] = [
  {
    code: 'SignatureDoesNotMatch',
    scheme: 'HMAC-SHA1',
    text:
      'Usually a wrong AccessKeySecret (the HMAC key is the secret followed by "&"), or a string-to-sign built differently: ' +
      'parameters not sorted by name, a space encoded as "+" instead of "%20" ("*" must be "%2A", "~" left as is), ' +
      'the HTTP method not matching the request, or a parameter changed after signing (a proxy adding one, the body sent as JSON). ' +
      'Compare your client\'s string-to-sign with the server\'s below.',
  },
  {
    code: 'SignatureDoesNotMatch',
    scheme: 'ACS3-HMAC-SHA256',
    text:
      'Usually a wrong AccessKeySecret, a header listed in SignedHeaders changed or dropped on the way (host, content-type, x-acs-*), ' +
      'a body different from the one hashed into x-acs-content-sha256, or a query string not canonicalised (sorted, RFC 3986 encoded). ' +
      'Compare your canonical request with the server\'s below.',
  },
  { code: 'IncompleteSignature', text: 'The Authorization header is not "ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…".' },
  { code: 'InvalidAccessKeyId.NotFound', text: 'The AccessKeyId is not one of this mock\'s keys: start it with --access-key ID:SECRET or use the printed demo key.' },
  { code: 'InvalidTimeStamp.Expired', text: 'The request\'s Timestamp (x-acs-date) is more than 15 minutes from the server clock: check the client clock and the UTC "Z" suffix.' },
  { code: 'InvalidTimeStamp.Format', text: 'The Timestamp must be ISO 8601 in UTC, e.g. 2026-01-01T12:00:00Z.' },
  { code: 'SignatureNonceUsed', text: 'The SignatureNonce was already used inside the window: a retry re-sent the same signed request instead of signing it again.' },
  { code: 'InvalidSignatureMethod', text: 'RPC v1 signs with SignatureMethod=HMAC-SHA1 only; ACS3 with ACS3-HMAC-SHA256.' },
  { code: 'InvalidAction.NotFound', text: 'Action must be ExecuteRequest and the path "/"; other paths are not an API of this endpoint.' },
];

export function hintFor(code: string | number | null, scheme: string): string | undefined {
  if (code === null) return undefined;
  const c = String(code);
  return (HINTS.find((h) => h.code === c && h.scheme === scheme) ?? HINTS.find((h) => h.code === c && h.scheme === undefined))?.text;
}
