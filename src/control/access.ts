import type { CredentialStore } from '../gateway/credentials.js';
import { safeEqual } from '../gateway/signature-v1.js';

/**
 * Who may use the control API (and the dashboard), decided in one place from the request's headers:
 * - `admin`: the admin token (`x-saf-mock-admin-token: T` or `Authorization: Bearer T`) sees every key;
 * - `key`: HTTP Basic with an AccessKeyId and its secret (`Authorization: Basic base64(id:secret)`) sees and
 *   changes that key's state only;
 * - `open`: no credential and no admin token configured: everything, as a mock on loopback always was;
 * - `denied`: a wrong credential, or none while an admin token is configured.
 */
export type ControlAccess =
  | { readonly kind: 'admin' }
  | { readonly kind: 'open' }
  | { readonly kind: 'key'; readonly accessKeyId: string }
  | { readonly kind: 'denied'; readonly message: string };

export interface AccessPolicy {
  readonly adminToken?: string;
  readonly credentials: CredentialStore;
}

const NEEDS_CREDENTIAL =
  'This control API needs a credential: the admin token (header x-saf-mock-admin-token or Authorization: Bearer <token>) for every key, or Authorization: Basic base64(AccessKeyId:AccessKeySecret) for one key.';

/** Decodes `Basic base64(id:secret)`; undefined when the header is not Basic. */
function basicCredential(authorization: string): { id: string; secret: string } | 'malformed' | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
  if (!/^Basic\s/i.test(authorization)) return undefined;
  if (!m) return 'malformed';
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon <= 0 ? 'malformed' : { id: text.slice(0, colon), secret: text.slice(colon + 1) };
}

/** The rule, as a function of the headers: reusable by every route that shows or changes a key's state. */
export function controlAccess(policy: AccessPolicy, header: (name: string) => string | undefined): ControlAccess {
  const authorization = header('authorization')?.trim();
  const basic = authorization === undefined ? undefined : basicCredential(authorization);
  if (basic === 'malformed') return { kind: 'denied', message: 'Authorization: Basic needs base64(AccessKeyId:AccessKeySecret).' };
  if (basic !== undefined) {
    const key = policy.credentials.find(basic.id);
    // Compared in constant time; an unknown id costs the same comparison as a known one.
    const ok = safeEqual(key?.secret ?? '\u0000unknown-key', basic.secret) && key !== undefined;
    return ok ? { kind: 'key', accessKeyId: key.id } : { kind: 'denied', message: 'Unknown AccessKeyId or wrong secret in Authorization: Basic.' };
  }
  const token = header('x-saf-mock-admin-token') ?? (authorization && /^Bearer\s+/i.test(authorization) ? authorization.replace(/^Bearer\s+/i, '') : undefined);
  // Without an admin token configured, a token sent anyway changes nothing (as before).
  if (policy.adminToken === undefined) return { kind: 'open' };
  if (token !== undefined && safeEqual(policy.adminToken, token)) return { kind: 'admin' };
  return { kind: 'denied', message: NEEDS_CREDENTIAL };
}

/**
 * The AccessKeyId scope a request may act on: what it asked for (`undefined` = every key) for admin and open
 * access; for a per-key credential its own key, and an error when it asked for another one.
 */
export function scopeFor(access: ControlAccess, requested: string | undefined): { ok: true; scope: string | undefined } | { ok: false; message: string } {
  if (access.kind !== 'key') return { ok: true, scope: requested };
  if (requested !== undefined && requested !== access.accessKeyId) {
    return { ok: false, message: `This credential is for AccessKeyId "${access.accessKeyId}" only; it cannot read or change "${requested}".` };
  }
  return { ok: true, scope: access.accessKeyId };
}
