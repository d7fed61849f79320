import { maskCertNumber } from '../saf/sessions.js';

/** A mainland ID number (18 characters, or the old 15 digits) standing alone in free text. */
const ID_NUMBER = /(?<![\dA-Za-z])(\d{17}[\dXx]|\d{15})(?![\dA-Za-z])/g;
/** A run of base64 long enough to be a photo (or any blob), not a word. */
const BLOB = /[A-Za-z0-9+/]{200,}={0,2}/g;
/** A signature or token as a URL or form parameter. */
const SIGNED = /((?:^|[?&\s"'])(?:Signature|SecurityToken|AccessKeySecret|BearerToken|callbackToken)=)[^&\s"']*/gi;
/** ACS3's Authorization header: the signature after `Signature=`. */
const ACS3_SIGNATURE = /(ACS3-HMAC-SHA256\s[^"\n]*?Signature=)[0-9a-fA-F]+/g;

/** Every ID number standing alone in the text, masked as the control API shows them. */
export function maskIdNumbers(text: string): string {
  return text.replace(ID_NUMBER, (m) => maskCertNumber(m));
}

/**
 * Free text fit for a log line: ID numbers masked as the control API shows them, photos and other blobs
 * reduced to their size, signatures and tokens replaced. Log messages are written by the mock, but error
 * texts may quote input (JSON.parse quotes the text it failed on).
 */
export function scrub(text: string): string {
  if (text.length < 15) return text;
  return maskIdNumbers(text)
    .replace(BLOB, (m) => `<${m.length} base64 chars>`)
    .replace(SIGNED, '$1***')
    .replace(ACS3_SIGNATURE, '$1***');
}
