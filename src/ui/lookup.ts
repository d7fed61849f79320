import type { Runtime } from '../runtime.js';
import type { Flow, Verification } from '../saf/sessions.js';

/**
 * A verification by its id alone, as the real pages know it (the zimId in the iframe's URL). Ids are unique in
 * practice; with a seed, two keys can draw the same one, so `accessKeyId` narrows and the newest wins.
 */
export async function findVerification(rt: Runtime, id: string, flow: Flow, accessKeyId?: string): Promise<Verification | undefined> {
  const all = await rt.verifications.list(accessKeyId || undefined);
  let found: Verification | undefined;
  for (const v of all) {
    if (v.id === id && v.flow === flow && (!found || v.createdAt > found.createdAt)) found = v;
  }
  return found;
}

/** The page that plays a verification's client side, absolute on the host the caller used. */
export function pagePath(v: Pick<Verification, 'id' | 'flow' | 'accessKeyId'>): string {
  const key = `&accessKeyId=${encodeURIComponent(v.accessKeyId)}`;
  return v.flow === 'h5' ? `/__saf/pages/h5?zimId=${encodeURIComponent(v.id)}${key}` : `/__saf/pages/app?queryId=${encodeURIComponent(v.id)}${key}`;
}

/** Origin of the request as the caller addressed the mock (its Host header), for absolute page URLs. */
export function originOf(host: string | undefined, fallback: string): string {
  if (host && /^[\w.\-:[\]]+$/.test(host)) return `http://${host}`;
  return fallback;
}
