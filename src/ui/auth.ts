import { timingSafeEqual, createHash } from 'node:crypto';

/** The cookie that carries the admin token for the dashboard (HttpOnly: page scripts never see it). */
export const ADMIN_COOKIE = 'saf_mock_admin';

/** The admin token in a Cookie header, if any. */
export function adminTokenFromCookie(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === ADMIN_COOKIE) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
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
