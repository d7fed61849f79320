import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SLICE_CHARS, yieldToOthers } from '../gateway/slices.js';
import type { LargeText } from '../large-text.js';

/** fixtures/images/*.jpg play the face the phone captured; shipped with the package. */
export const IMAGES_DIR = fileURLToPath(new URL('../../fixtures/images/', import.meta.url));

export function loadPhotos(dir: string = IMAGES_DIR): Buffer[] {
  const files = readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.jpg'))
    .sort();
  const photos = files.map((f) => readFileSync(dir + f));
  if (photos.length === 0) throw new Error(`no .jpg photos in ${dir}`);
  return photos;
}

/** URL-safe base64 (`/`→`_`, `+`→`-`), as query's `Data.image`: `/9j/4AAQ…` becomes `_9j_4AAQ…`. */
export function urlSafeBase64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/\//g, '_').replace(/\+/g, '-');
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export type PhotoProblem = 'data-prefix' | 'line-break' | 'not-base64' | 'not-jpeg' | 'not-image';

/** Checks a base64 photo as the docs require: no data: prefix, no \r or \n, valid base64, JPEG (or PNG when allowed). */
export function checkPhoto(value: string, allowPng = false): { ok: true; bytes: Buffer } | { ok: false; problem: PhotoProblem } {
  if (value.startsWith('data:')) return { ok: false, problem: 'data-prefix' };
  if (value.includes('\r') || value.includes('\n')) return { ok: false, problem: 'line-break' };
  if (value.length % 4 !== 0 || !BASE64.test(value)) return { ok: false, problem: 'not-base64' };
  return photoKind(Buffer.from(value, 'base64'), allowPng);
}

function photoKind(bytes: Buffer, allowPng: boolean): { ok: true; bytes: Buffer } | { ok: false; problem: PhotoProblem } {
  const jpeg = bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (jpeg) return { ok: true, bytes };
  const png = bytes.length > 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if (png && allowPng) return { ok: true, bytes };
  return { ok: false, problem: allowPng ? 'not-image' : 'not-jpeg' };
}

/** Past this length a photo is checked and decoded in slices (checkPhotoInSlices). */
export const LONG_PHOTO = 256 * 1024;

/**
 * checkPhoto for a photo of megabytes: the same answer, the validation and the decoding done a slice at a time
 * with other requests let in between (12 MB in one go blocked every other client for ~100 ms). A photo kept in
 * pieces (`pieces`: its LargeText) is read from its bytes, never as its whole string.
 */
export async function checkPhotoInSlices(value: string, allowPng = false, pieces?: LargeText): Promise<ReturnType<typeof checkPhoto>> {
  const length = value.length;
  // Bytes and characters coincide when the photo is ASCII; otherwise it is not base64, which any reading shows.
  const bytesOf = pieces && pieces.utf8.length === length ? pieces.utf8 : undefined;
  const slice = bytesOf ? (start: number, end: number) => bytesOf.toString('latin1', start, Math.min(end, length)) : pieces ? (start: number, end: number) => pieces.slice(start, end) : (start: number, end: number) => value.slice(start, end);
  if (slice(0, 5) === 'data:') return { ok: false, problem: 'data-prefix' };
  // A UTF-8 byte below 0x80 is always that character.
  if (pieces ? pieces.utf8.includes(13) || pieces.utf8.includes(10) : value.includes('\r') || value.includes('\n')) return { ok: false, problem: 'line-break' };
  if (length % 4 !== 0) return { ok: false, problem: 'not-base64' };
  // BASE64 (`^[A-Za-z0-9+/]*={0,2}$`): up to two `=` at the end, base64 characters before them.
  const padding = slice(length - 2, length);
  const end = padding === '==' ? length - 2 : padding.endsWith('=') ? length - 1 : length;
  const bytes = Buffer.allocUnsafe((end * 3) >>> 2);
  let written = 0;
  // Slices of a multiple of 4 characters decode to the bytes the whole would. Node's decoder skips anything
  // outside the alphabet (and stops at a `=`), so a slice is all base64 exactly when it decodes to 3 bytes per 4
  // characters before the padding, and holds neither `-` nor `_` (~3× faster than a regex over the slice).
  for (let start = 0; start < length; start += SLICE_CHARS) {
    await yieldToOthers();
    const text = slice(start, start + SLICE_CHARS);
    const chars = Math.min(end, start + SLICE_CHARS) - start;
    const decoded = bytes.write(text, written, 'base64');
    if (decoded !== Math.floor((chars * 3) / 4) || text.includes('-') || text.includes('_')) return { ok: false, problem: 'not-base64' };
    written += decoded;
  }
  return photoKind(bytes.subarray(0, written), allowPng);
}

export const PHOTO_PROBLEM_TEXT: Record<PhotoProblem, string> = {
  'data-prefix': 'must not start with a data: prefix',
  'line-break': 'must not contain \\r or \\n',
  'not-base64': 'is not valid base64',
  'not-jpeg': 'is not a base64 jpg image',
  'not-image': 'is not a base64 jpg or png image',
};
