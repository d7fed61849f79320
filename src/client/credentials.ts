import { percentEncode } from '../gateway/encode.js';

export interface Credentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** An STS token (ALIBABA_CLOUD_SECURITY_TOKEN); sent as SecurityToken / x-acs-security-token. */
  readonly securityToken?: string;
}

export const ENV_ACCESS_KEY_ID = 'ALIBABA_CLOUD_ACCESS_KEY_ID';
export const ENV_ACCESS_KEY_SECRET = 'ALIBABA_CLOUD_ACCESS_KEY_SECRET';
export const ENV_SECURITY_TOKEN = 'ALIBABA_CLOUD_SECURITY_TOKEN';

/** The usual Alibaba Cloud variables; undefined when the id or the secret is missing. */
export function credentialsFromEnv(env: Readonly<Record<string, string | undefined>>): Credentials | undefined {
  const accessKeyId = env[ENV_ACCESS_KEY_ID]?.trim();
  const accessKeySecret = env[ENV_ACCESS_KEY_SECRET]?.trim();
  const securityToken = env[ENV_SECURITY_TOKEN]?.trim();
  if (!accessKeyId || !accessKeySecret) return undefined;
  return securityToken ? { accessKeyId, accessKeySecret, securityToken } : { accessKeyId, accessKeySecret };
}

/** `LTAI****wxyz`: enough to tell keys apart in a log, never the whole id. */
export function maskKeyId(id: string): string {
  if (id.length <= 8) return id.slice(0, 2) + '****';
  return id.slice(0, 4) + '****' + id.slice(-4);
}

/** Every spelling a value can take on the wire or in a string-to-sign: raw, encoded, encoded twice. */
export function spellings(value: string): string[] {
  const once = percentEncode(value);
  return [...new Set([value, once, percentEncode(once), encodeURIComponent(value)])].sort((a, b) => b.length - a.length);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** After the value: the end, a character no id holds, or `&` percent-encoded once or more (`%26`, `%2526`). */
const VALUE_END = '(?=$|[^A-Za-z0-9._~%-]|%(?:25)*26)';

/**
 * An AccessKeyId where it stands as a parameter's value: `AccessKeyId=ID&` raw or percent-encoded (as in a
 * string-to-sign), `"AccessKeyId":"ID"`, `Credential=ID,` (ACS3). Group 1 is the name and separator. A key
 * as short as `a` is never matched inside other text (`SignatureDoesNotMatch`).
 */
export function keyIdAsParameter(id: string): RegExp {
  const values = spellings(id).map(escapeRegExp).join('|');
  return new RegExp(`((?:AccessKeyId|Credential)(?:=|%3D|%253D|%25253D|"\\s*:\\s*"|:\\s*))(?:${values})${VALUE_END}`, 'g');
}

/**
 * An AccessKeyId as a token of free text: not next to a letter or digit (a percent-escape such as `%3D`
 * before it counts as a delimiter). For terminal output, where a word equal to a short key may be masked too.
 */
export function keyIdAsToken(id: string): RegExp {
  const values = spellings(id).map(escapeRegExp).join('|');
  return new RegExp(`(?:(?<=%[0-9A-Fa-f]{2})|(?<![A-Za-z0-9]))(?:${values})(?![A-Za-z0-9])`, 'g');
}

/**
 * Removes secrets from text meant for a terminal: the secret and the STS token wherever they occur (also
 * percent-encoded), the AccessKeyId masked, and the `, URL: …` tail pop-core appends to its errors (the URL
 * carries the signature and, for GET, the token).
 */
export function redact(text: string, credentials: readonly (Credentials | undefined)[]): string {
  let out = text.replace(/, URL: \S+/g, ', URL: (redacted)');
  out = out.replace(/([?&](?:Signature|SecurityToken)=)[^&\s]+/g, '$1(redacted)');
  for (const c of credentials) {
    if (!c) continue;
    for (const secret of [c.accessKeySecret, c.securityToken]) {
      // A secret of a few characters cannot be told from ordinary text; real ones are 30 characters.
      if (!secret || secret.length < 4) continue;
      for (const s of spellings(secret)) out = out.split(s).join('(redacted)');
    }
    const masked = maskKeyId(c.accessKeyId);
    out = out.replace(keyIdAsToken(c.accessKeyId), () => masked);
  }
  return out;
}
