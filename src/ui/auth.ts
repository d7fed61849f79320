import { timingSafeEqual, createHash } from 'node:crypto';

/** The cookie that carries the admin token for the dashboard (HttpOnly: page scripts never see it). */
export const ADMIN_COOKIE = 'saf_mock_admin';

/** The admin token in a Cookie header, if any. */
export function adminTokenFromCookie(cookieHeader: string | undefined): string | undefined {
  return cookieValue(cookieHeader, ADMIN_COOKIE);
}

/** Constant-time comparison of a given token with the configured one (hashes first: equal lengths). */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function adminCookie(token: string): string {
  return `${ADMIN_COOKIE}=${encodeURIComponent(token)}; Path=/__saf; HttpOnly; SameSite=Strict`;
}

export function clearedAdminCookie(): string {
  return `${ADMIN_COOKIE}=; Path=/__saf; HttpOnly; SameSite=Strict; Max-Age=0`;
}

/** The cookie that carries one key's control credential (AccessKeyId:secret) when a tester signs in with a key. */
export const KEY_COOKIE = 'saf_mock_key';

function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * The request's headers as the control rule (src/control/access.ts) reads them, with the dashboard's cookies
 * standing in for the headers a browser cannot add: the admin token for x-saf-mock-admin-token, a key's
 * credential for Authorization: Basic. Headers sent explicitly win.
 */
export function withCookieCredentials(header: (name: string) => string | undefined): (name: string) => string | undefined {
  return (name) => {
    const value = header(name);
    if (value !== undefined) return value;
    if (name === 'x-saf-mock-admin-token') return adminTokenFromCookie(header('cookie'));
    if (name === 'authorization') {
      const key = cookieValue(header('cookie'), KEY_COOKIE);
      return key === undefined ? undefined : `Basic ${Buffer.from(key, 'utf8').toString('base64')}`;
    }
    return undefined;
  };
}

export function keyCookie(accessKeyId: string, secret: string): string {
  return `${KEY_COOKIE}=${encodeURIComponent(`${accessKeyId}:${secret}`)}; Path=/__saf; HttpOnly; SameSite=Strict`;
}

export function clearedKeyCookie(): string {
  return `${KEY_COOKIE}=; Path=/__saf; HttpOnly; SameSite=Strict; Max-Age=0`;
}
