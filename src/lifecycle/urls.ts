/**
 * The mock's own URLs handed out by the financial-grade products: the page CertifyUrl opens (the simulated
 * verification page lives there) and the picture pictureUrl serves.
 */
export const CERTIFY_PAGE_PATH = '/__saf/pages/certify';
export const PICTURE_PATH = '/__saf/pictures';

/** CertifyId and CertifyUrl are valid 30 minutes and for one submission (spec §3.3). */
export const CERTIFY_VALIDITY_MS = 30 * 60_000;
/** pictureUrl is valid 15 minutes from the query (spec §3.4). */
export const PICTURE_VALIDITY_MS = 15 * 60_000;

export function certifyUrl(origin: string, certifyId: string, accessKeyId: string): string {
  return `${origin}${CERTIFY_PAGE_PATH}?certifyId=${encodeURIComponent(certifyId)}&accessKeyId=${encodeURIComponent(accessKeyId)}`;
}

export function pictureUrl(origin: string, certifyId: string, accessKeyId: string, expiresAtMs: number): string {
  return `${origin}${PICTURE_PATH}/${encodeURIComponent(certifyId)}.jpg?accessKeyId=${encodeURIComponent(accessKeyId)}&Expires=${Math.floor(expiresAtMs / 1000)}`;
}
