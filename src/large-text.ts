import { SLICE_CHARS, yieldToOthers } from './gateway/slices.js';

/** One piece of a LargeText: a flat string of at most a slice, and where it starts in the text and in the UTF-8. */
interface Piece {
  readonly text: string;
  readonly char: number;
  readonly byte: number;
  /** No control character or backslash in it: JSON takes it as it is (noted while decoding, a slice at a time). */
  readonly verbatim: boolean;
}

/**
 * A decoded value of megabytes (a photo in ServiceParameters) kept as the flat pieces it was decoded in and as
 * its UTF-8 bytes. `text` joins the pieces without copying them (a cons string): it is what the parameters
 * hold, right for any reader. Anything that flattens it (slice, charCodeAt, indexOf, a regex, JSON.parse)
 * allocates the whole value in one go: fresh memory costs ~5 ms a MB on a shared machine, and a CJK name
 * makes a 12 MB photo 24 MB of UTF-16, ~100 ms during which no other client is served. So the large path's
 * readers (signature, JSON, photo check, journal) look the value up in the request's LargeTexts and read its
 * bytes or slice() instead.
 */
export class LargeText {
  readonly text: string;

  constructor(
    readonly utf8: Buffer,
    private readonly pieces: readonly Piece[],
  ) {
    let text = '';
    for (const piece of pieces) text += piece.text;
    this.text = text;
  }

  get length(): number {
    return this.text.length;
  }

  /** text.slice(start, end), joined from the pieces it spans (for a slice or two, never the whole). */
  slice(start: number, end: number = this.length): string {
    let out = '';
    for (let i = this.pieceAt(start); i < this.pieces.length && this.pieces[i]!.char < end; i++) {
      const piece = this.pieces[i]!;
      out += piece.text.slice(Math.max(0, start - piece.char), end - piece.char);
    }
    return out;
  }

  /** The text of UTF-8 bytes [start, end) (on character boundaries), sharing these pieces and bytes: no copy. */
  sub(start: number, end: number): LargeText {
    const pieces: Piece[] = [];
    let char = 0;
    for (let i = this.pieceAt(this.charOfByte(start)); i < this.pieces.length && this.pieces[i]!.byte < end; i++) {
      const piece = this.pieces[i]!;
      const from = Math.max(start, piece.byte);
      const to = Math.min(end, this.pieces[i + 1]?.byte ?? this.utf8.length);
      if (to <= from) continue;
      const text = piece.text.slice(this.charOfByte(from) - piece.char, this.charOfByte(to) - piece.char);
      pieces.push({ text, char, byte: from - start, verbatim: piece.verbatim || isVerbatim(this.utf8, from, to) });
      char += text.length;
    }
    return new LargeText(this.utf8.subarray(start, end), pieces);
  }

  /**
   * Whether UTF-8 bytes [start, end) hold no control character or backslash (JSON takes them as they are):
   * read from the pieces' notes, only the pieces that have such a byte somewhere are scanned.
   */
  verbatim(start: number, end: number): boolean {
    for (let i = this.pieceAt(this.charOfByte(start)); i < this.pieces.length && this.pieces[i]!.byte < end; i++) {
      const piece = this.pieces[i]!;
      if (!piece.verbatim && !isVerbatim(this.utf8, Math.max(start, piece.byte), Math.min(end, this.pieces[i + 1]?.byte ?? end))) return false;
    }
    return true;
  }

  /** The index of the piece holding character `char`. */
  private pieceAt(char: number): number {
    let low = 0;
    let high = this.pieces.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.pieces[mid]!.char <= char) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** The UTF-16 offset of UTF-8 byte `byte` (a character boundary), counted within its piece. */
  private charOfByte(byte: number): number {
    let i = this.pieces.length - 1;
    while (i > 0 && this.pieces[i]!.byte > byte) i--;
    const piece = this.pieces[i]!;
    return piece.char + utf16Length(this.utf8, piece.byte, byte);
  }
}

function isVerbatim(utf8: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (utf8[i]! < 0x20 || utf8[i] === 92 /* \\ */) return false;
  return true;
}

/** UTF-16 units of valid UTF-8 bytes [start, end): one per lead byte, two for a 4-byte sequence. */
function utf16Length(utf8: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const b = utf8[i]!;
    if ((b & 0xc0) !== 0x80) n += b >= 0xf0 ? 2 : 1;
  }
  return n;
}

/**
 * The values of one request decoded as LargeTexts, by the string the parameters hold. A lookup finds the
 * very string it was given at once; only another string of the same length and first character would be
 * compared in full (and flattened): two megabyte values of one length in one request.
 */
export type LargeTexts = Map<string, LargeText>;

/**
 * Valid UTF-8 as a string, decoded a slice at a time with other requests let in between. Up to a slice it
 * is one flat string; past that a LargeText, added to `large`, whose `text` is returned.
 */
export async function decodeUtf8InSlices(utf8: Buffer, large: LargeTexts | undefined): Promise<string> {
  if (utf8.length <= SLICE_CHARS) return utf8.toString('utf8');
  const pieces: Piece[] = [];
  for (let byte = 0, char = 0; byte < utf8.length; ) {
    let end = Math.min(utf8.length, byte + SLICE_CHARS);
    // Never inside a character: back to its lead byte.
    while (end < utf8.length && (utf8[end]! & 0xc0) === 0x80) end--;
    const text = utf8.toString('utf8', byte, end);
    pieces.push({ text, char, byte, verbatim: isVerbatim(utf8, byte, end) });
    char += text.length;
    byte = end;
    await yieldToOthers();
  }
  const text = new LargeText(utf8, pieces);
  large?.set(text.text, text);
  return text.text;
}
