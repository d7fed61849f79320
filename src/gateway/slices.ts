import type { Hash, Hmac } from 'node:crypto';
import { percentEncodeBytes } from './encode.js';
import { monotonicMs } from '../clock.js';

/**
 * Megabyte inputs (a photo in the URL, a 12 MB body) are worked through in slices, yielding to other requests
 * between them: one pass over 16 MB in one go blocked every other client for tens to hundreds of ms. A slice
 * of this many characters costs about a millisecond.
 */
export const SLICE_CHARS = 256 * 1024;

/**
 * Slices run back to back for this long before the waiting requests get the event loop: each real yield lets a
 * batch of other requests through, so yielding after every 1 ms slice made a 16 MB request wait seconds on a
 * busy server, while a few ms more per stall costs the others nothing they notice.
 */
const SLICE_BUDGET_MS = 4;
let resumedAt = 0;

/** Lets the requests waiting on the event loop run before the next slice, once the slice budget is spent. */
export function yieldToOthers(): Promise<void> {
  if (monotonicMs() - resumedAt < SLICE_BUDGET_MS) return Promise.resolve();
  return new Promise((resolve) =>
    setImmediate(() => {
      resumedAt = monotonicMs();
      resolve();
    }),
  );
}

/** The end of the slice of `text` starting at `start`: never between the two halves of a surrogate pair. */
export function sliceEnd(text: string, start: number): number {
  const end = Math.min(text.length, start + SLICE_CHARS);
  if (end === text.length) return end;
  const last = text.charCodeAt(end - 1);
  return last >= 0xd800 && last <= 0xdbff ? end - 1 : end;
}

// Scratch buffers, reused: every slice is consumed before the next yield, so requests never share one across
// an await. Fresh megabytes of memory cost more than the work done on them (page faults).
let utf8Scratch: Buffer | undefined;
let encodedScratch: Buffer | undefined;

/** `text[start, end)` as UTF-8 in a scratch buffer (valid until the next yield). */
export function utf8Slice(text: string, start: number, end: number): Buffer {
  utf8Scratch ??= Buffer.allocUnsafeSlow(SLICE_CHARS * 3);
  const n = utf8Scratch.write(text.slice(start, end), 'utf8');
  return utf8Scratch.subarray(0, n);
}

/** Calls `sink` with `text` as UTF-8, a slice at a time (`text[start, end)`), yielding between slices. */
export async function utf8InSlices(text: string, sink: (bytes: Buffer, start: number, end: number) => void): Promise<void> {
  for (let start = 0; start < text.length; ) {
    const end = sliceEnd(text, start);
    sink(utf8Slice(text, start, end), start, end);
    start = end;
    if (start < text.length) await yieldToOthers();
  }
}

/** percentEncodeBytes of up to SLICE_CHARS * 3 bytes into a scratch buffer (valid until the next yield). */
function percentEncodedSlice(bytes: Uint8Array, twice: boolean): Buffer {
  encodedScratch ??= Buffer.allocUnsafeSlow(SLICE_CHARS * 3 * 5);
  return encodedScratch.subarray(0, percentEncodeBytes(bytes, twice, encodedScratch));
}

/** Calls `sink` with percentEncode(text) (twice: percentEncodeTwice) as bytes, a slice at a time. */
export function percentEncodeInSlices(text: string, twice: boolean, sink: (encoded: Buffer) => void): Promise<void> {
  return utf8InSlices(text, (bytes) => sink(percentEncodedSlice(bytes, twice)));
}

/** percentEncodeInSlices for a text's UTF-8 bytes (a LargeText's, large-text.ts). */
export async function percentEncodeUtf8InSlices(utf8: Uint8Array, twice: boolean, sink: (encoded: Buffer) => void): Promise<void> {
  for (let start = 0; start < utf8.length; start += SLICE_CHARS) {
    if (start > 0) await yieldToOthers();
    sink(percentEncodedSlice(utf8.subarray(start, start + SLICE_CHARS), twice));
  }
}

/** Feeds bytes to a hash a slice at a time (SHA-256 of 12 MB is ~40 ms in one go). */
export async function updateInSlices(hash: Hash | Hmac, bytes: Uint8Array): Promise<void> {
  for (let start = 0; start < bytes.length; start += SLICE_CHARS * 4) {
    if (start > 0) await yieldToOthers();
    hash.update(bytes.subarray(start, start + SLICE_CHARS * 4));
  }
}

/**
 * The head of a long text built piece by piece (a string-to-sign of megabytes): the first `limit` characters
 * and the total length. Shown as `head…<N more chars>`, the journal's own form for what it cuts.
 */
export class TextHead {
  private head = '';
  private total = 0;

  constructor(private readonly limit: number) {}

  add(piece: string): void {
    if (this.head.length < this.limit) this.head += piece.slice(0, this.limit - this.head.length);
    this.total += piece.length;
  }

  /** Bytes of ASCII text (percent-encoded). */
  addAscii(bytes: Buffer): void {
    if (this.head.length < this.limit) this.head += bytes.toString('latin1', 0, Math.min(bytes.length, this.limit - this.head.length));
    this.total += bytes.length;
  }

  text(): string {
    return this.total > this.head.length ? `${this.head}…<${this.total - this.head.length} more chars>` : this.head;
  }
}

/**
 * A hash (or HMAC) fed a text of megabytes piece by piece, keeping the text's head (TextHead) for the error
 * message and the journal: both signature schemes sign large requests through it.
 */
export class HashedText {
  private readonly head: TextHead;

  constructor(
    private readonly hash: Hash | Hmac,
    headLimit: number,
  ) {
    this.head = new TextHead(headLimit);
  }

  /** A piece of the text. */
  readonly add = (text: string): void => {
    this.hash.update(text, 'utf8');
    this.head.add(text);
  };

  /** A piece already as bytes of ASCII (percent-encoded). */
  readonly addAscii = (bytes: Buffer): void => {
    this.hash.update(bytes);
    this.head.addAscii(bytes);
  };

  /** A piece already as UTF-8 bytes (`text`'s). */
  addUtf8(bytes: Buffer, text: string): void {
    this.hash.update(bytes);
    this.head.add(text);
  }

  headText(): string {
    return this.head.text();
  }
}
