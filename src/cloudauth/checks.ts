/**
 * The business checks shared by the financial-grade actions (Cloudauth and SAF fin_face_verify): scenes,
 * names, ID numbers, callback URLs. Each returns the documented code to answer, or undefined.
 */
import { isIP } from 'node:net';
import { isValidIdNumber } from '../saf/id-number.js';
import { MAGIC_NAME_PREFIX } from '../scenarios/magic.js';

/**
 * Scenes are created in the console; the mock's "configured" scenes are the shape of every real one
 * (ten digits starting with 1, like 1000000006). Other numbers are unknown scenes (404), anything
 * that is not a number is malformed (401). Both choices are listed in the README.
 */
export function sceneProblem(sceneId: string): { code: '401' | '404'; reason: string } | undefined {
  if (!/^\d{1,19}$/.test(sceneId)) return { code: '401', reason: `SceneId "${sceneId}" is not a number` };
  if (!/^1\d{9}$/.test(sceneId)) return { code: '404', reason: `SceneId ${sceneId} is not a configured scene (the mock knows every 10-digit id starting with 1)` };
  return undefined;
}

/** A name with Latin letters, digits or symbols is the documented "bad name format" (401); `·` joins minority names. */
export function nameProblem(name: string): string | undefined {
  // A magic `SAF_MOCK_<id>` name chose the scenario already; it is not a name to check.
  if (name.startsWith(MAGIC_NAME_PREFIX)) return undefined;
  if (!/^[\u3400-\u9fff\uf900-\ufaff·•]{1,64}$/u.test(name)) return `CertName must be Chinese characters (got ${name.length} characters incl. others)`;
  return undefined;
}

export function certNoProblem(certNo: string, now: number): { code: '401' | '405'; reason: string } | undefined {
  if (!isValidIdNumber(certNo, new Date(now))) return { code: '401', reason: 'CertNo is not a valid 18-character ID number (format, birth date or check character)' };
  if (ageAt(certNo, now) < 14) return { code: '405', reason: 'CertNo belongs to someone under 14' };
  return undefined;
}

/** Completed years of age on `now` for an 18-character ID number. */
export function ageAt(certNo: string, now: number): number {
  const y = Number(certNo.slice(6, 10));
  const m = Number(certNo.slice(10, 12));
  const d = Number(certNo.slice(12, 14));
  const today = new Date(now);
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d)) age--;
  return age;
}

/** Loopback and private (RFC 1918, RFC 4193, link-local) addresses, and `localhost`. */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const kind = isIP(host);
  if (kind === 4) {
    const [a, b] = host.split('.').map(Number) as [number, number];
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  if (kind === 6) return host === '::1' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host) || host.startsWith('::ffff:127.');
  return false;
}

/**
 * Live demands https and probes the URL at Init time (unreachable → 401). The mock accepts https anywhere
 * and http only on loopback/private addresses, so a team can point it at its local server; it does not
 * probe (the README lists this difference).
 */
export function callbackUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'CallbackUrl is not an absolute URL';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLocalHost(url.hostname)) return undefined;
  if (url.protocol === 'http:') return 'CallbackUrl must be https (http is accepted only for loopback and private addresses)';
  return `CallbackUrl scheme ${url.protocol} is not https`;
}

export function httpUrlProblem(field: string, value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : `${field} must be an http(s) URL`;
  } catch {
    return `${field} is not an absolute URL`;
  }
}
