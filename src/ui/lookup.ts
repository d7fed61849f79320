import type { Runtime } from '../runtime.js';
import type { Flow, Verification } from '../saf/sessions.js';
import { CERTIFY_PAGE_PATH } from '../lifecycle/urls.js';

/**
 * A verification by its id alone, as the real pages know it (the zimId in the iframe's URL). Ids are unique in
 * practice; with a seed, two keys can draw the same one, so `accessKeyId` narrows and the newest wins.
 */
export async function findVerification(rt: Runtime, id: string, kind: Flow | 'certify', accessKeyId?: string): Promise<Verification | undefined> {
  const all = await rt.verifications.list(accessKeyId || undefined);
  let found: Verification | undefined;
  for (const v of all) {
    if (v.id === id && pageKind(v) === kind && (!found || v.createdAt > found.createdAt)) found = v;
  }
  return found;
}

/** Which page plays a verification: the H5 or app page (face_verify), or the CertifyUrl page (financial-grade). */
export function pageKind(v: Pick<Verification, 'flow' | 'product'>): Flow | 'certify' {
  return v.product === undefined || v.product === 'face_verify' ? v.flow : 'certify';
}

/** The page that plays a verification's client side, absolute on the host the caller used. */
export function pagePath(v: Pick<Verification, 'id' | 'flow' | 'accessKeyId' | 'product'>): string {
  const key = `&accessKeyId=${encodeURIComponent(v.accessKeyId)}`;
  const kind = pageKind(v);
  if (kind === 'certify') return `${CERTIFY_PAGE_PATH}?certifyId=${encodeURIComponent(v.id)}${key}`;
  return kind === 'h5' ? `/__saf/pages/h5?zimId=${encodeURIComponent(v.id)}${key}` : `/__saf/pages/app?queryId=${encodeURIComponent(v.id)}${key}`;
}

/** Origin of the request as the caller addressed the mock (its Host header), for absolute page URLs. */
export function originOf(host: string | undefined, fallback: string): string {
  if (host && /^[\w.\-:[\]]+$/.test(host)) return `http://${host}`;
  return fallback;
}
