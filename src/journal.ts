import { percentEncode } from './gateway/encode.js';
import { parseJson } from './json-large.js';
import type { LargeTexts } from './large-text.js';
import type { JsonValue } from './gateway/render.js';
import { maskIdNumbers } from './log/scrub.js';
import { maskCertNumber } from './saf/sessions.js';

export type Scheme = 'HMAC-SHA1' | 'ACS3-HMAC-SHA256' | 'none';

export interface JournalEntry {
  readonly id: number;
  readonly time: string;
  readonly requestId: string;
  readonly accessKeyId: string | null;
  readonly httpMethod: string;
  readonly client: string | null;
  readonly scheme: Scheme;
  readonly signatureVerified: boolean;
  /**
   * A request to the gateway that never authenticated (signature not verified, or refused before): kept in a
   * ring of its own, so forged requests claiming a key never evict that key's verified entries.
   */
  readonly unauthenticated?: true;
  /** The server's string-to-sign, recorded when a signature did not match. */
  readonly stringToSign?: string;
  /** ACS3 only, with stringToSign: the server's canonical request. */
  readonly canonicalRequest?: string;
  readonly action: string | null;
  readonly version: string | null;
  readonly service: string | null;
  readonly method: string | null;
  /** Decoded parameters with secrets and photos elided. */
  readonly params: Record<string, JsonValue>;
  readonly scenario: string;
  readonly retryAttempts: string | null;
  readonly status: number;
  readonly code: string | number | null;
  /** The response body as sent, cut short, with photos and ID numbers elided (journal-body.ts). */
  readonly responseBody?: string;
  readonly outcome: 'success' | 'failure' | 'gateway-error' | 'fault';
  readonly durationMs: number;
}

export interface JournalFilter {
  accessKeyId?: string;
  method?: string;
  outcome?: string;
  code?: string;
  limit?: number;
}

/**
 * Bytes per journal slot: 2048 UTF-16 code units; a longer entry (rare: photos are elided, long strings cut)
 * stays a JS string.
 */
const SLOT_BYTES = 4096;
/** Slots are allocated in chunks as the journal fills, so a large --journal-size costs nothing up front. */
const SLOTS_PER_CHUNK = 256;

/**
 * One bounded ring of journal entries (the oldest go first), each scoped by AccessKeyId. Entries are kept as
 * JSON text in UTF-16 in fixed slots of preallocated buffers (a copy of the string as V8 holds it: encoding a
 * two-byte entry to UTF-8 cost 8 % of a request's instructions), parsed only when the control API
 * reads them: nothing of a request stays on the JS heap (no slice of a request body, and no per-request
 * object surviving into the old generation, which under load made V8 grow the heap).
 */
class JournalRing {
  private readonly chunks: Buffer[] = [];
  /** Byte length of each slot's entry; -1 where the entry is in `overflow`. */
  private lengths = new Int32Array(0);
  private readonly overflow = new Map<number, string>();
  /** A ring: slot `(start + i) % max` holds the i-th oldest entry. */
  private start = 0;
  private count = 0;

  constructor(private readonly maxEntries: number) {}

  /** Records an entry under the given id. */
  add(id: number, entry: Omit<JournalEntry, 'id'>): void {
    if (this.maxEntries <= 0) return;
    // Serialised before a slot is taken: a failure here must not leave a stale slot counted as new. The id
    // goes first, as `{ id, ...entry }` would put it: written in front of the entry's own JSON, never joined
    // to it (a copy of every entry's kilobyte of text).
    const body = JSON.stringify(entry);
    const slot = this.nextSlot();
    if (body.length > 2) this.write(slot, '{"id":' + id + ',', body, 1);
    else this.write(slot, '{"id":' + id + '}', '', 0);
  }

  /** The slot of the next entry: a free one, or the oldest entry's. */
  private nextSlot(): number {
    if (this.count < this.maxEntries) return (this.start + this.count++) % this.maxEntries;
    const slot = this.start;
    this.start = (this.start + 1) % this.maxEntries;
    return slot;
  }

  /** Stores `head + body.slice(skip)` (head is ASCII) in the slot. */
  private write(slot: number, head: string, body: string, skip: number): void {
    const chunk = Math.floor(slot / SLOTS_PER_CHUNK);
    // Not zero-filled: only the written part of a slot is ever read, and untouched pages cost no memory (zeroing
    // a chunk was a megabyte of page faults on a cold start's first request).
    while (this.chunks.length <= chunk) this.chunks.push(Buffer.allocUnsafeSlow(SLOTS_PER_CHUNK * SLOT_BYTES));
    if (this.lengths.length <= slot) {
      const grown = new Int32Array(Math.min(this.maxEntries, Math.max(SLOTS_PER_CHUNK, this.lengths.length * 2, slot + 1)));
      grown.set(this.lengths);
      this.lengths = grown;
    }
    this.overflow.delete(slot);
    const buffer = this.chunks[chunk]!;
    const offset = (slot % SLOTS_PER_CHUNK) * SLOT_BYTES;
    const rest = skip > 0 ? body.slice(skip) : body;
    if ((head.length + rest.length) * 2 <= SLOT_BYTES) {
      // UTF-16: a copy of the string as V8 holds it (UTF-8 cost more than the JSON.stringify before it).
      const headBytes = buffer.write(head, offset, 'utf16le');
      this.lengths[slot] = headBytes + buffer.write(rest, offset + headBytes, 'utf16le');
    } else {
      this.lengths[slot] = -1;
      this.overflow.set(slot, head + rest);
    }
  }

  private read(slot: number): JournalEntry {
    const length = this.lengths[slot]!;
    const text = length < 0 ? this.overflow.get(slot)! : this.chunks[Math.floor(slot / SLOTS_PER_CHUNK)]!.toString('utf16le', (slot % SLOTS_PER_CHUNK) * SLOT_BYTES, (slot % SLOTS_PER_CHUNK) * SLOT_BYTES + length);
    return JSON.parse(text) as JournalEntry;
  }

  /** Oldest first. */
  entries(): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.read((this.start + i) % this.maxEntries));
    return out;
  }

  clear(accessKeyId?: string): void {
    const kept = accessKeyId === undefined ? [] : this.entries().filter((e) => e.accessKeyId !== accessKeyId);
    this.start = 0;
    this.count = 0;
    this.overflow.clear();
    for (const e of kept) this.write(this.nextSlot(), '', JSON.stringify(e), 0);
  }

  get size(): number {
    return this.count;
  }
}

/**
 * The request journal: newest first, bounded. Requests that authenticated go to one ring; requests that never
 * did (a forged signature, an unknown key, a refusal before the signature check) go to a ring of their own
 * of the same size, so a flood of forged requests claiming a key cannot push that key's verified entries out.
 */
export class Journal {
  private readonly verified: JournalRing;
  private readonly unauthenticated: JournalRing;
  private nextId = 1;

  constructor(maxEntries: number) {
    this.verified = new JournalRing(maxEntries);
    this.unauthenticated = new JournalRing(maxEntries);
  }

  /** Records an entry; returns its id (ids grow across both rings, so they order the merged list). */
  add(entry: Omit<JournalEntry, 'id'>): number {
    const id = this.nextId++;
    (entry.unauthenticated ? this.unauthenticated : this.verified).add(id, entry);
    return id;
  }

  list(filter: JournalFilter = {}): JournalEntry[] {
    const out: JournalEntry[] = [];
    const limit = filter.limit ?? Number.POSITIVE_INFINITY;
    const a = this.verified.entries();
    const b = this.unauthenticated.entries();
    // Both rings are oldest first: merge from the ends, newest first.
    for (let i = a.length - 1, j = b.length - 1; (i >= 0 || j >= 0) && out.length < limit; ) {
      const e = j < 0 || (i >= 0 && a[i]!.id > b[j]!.id) ? a[i--]! : b[j--]!;
      if (filter.accessKeyId !== undefined && e.accessKeyId !== filter.accessKeyId) continue;
      if (filter.method !== undefined && e.method !== filter.method) continue;
      if (filter.outcome !== undefined && e.outcome !== filter.outcome) continue;
      if (filter.code !== undefined && String(e.code) !== filter.code) continue;
      out.push(e);
    }
    return out;
  }

  clear(accessKeyId?: string): void {
    this.verified.clear(accessKeyId);
    this.unauthenticated.clear(accessKeyId);
  }

  get size(): number {
    return this.verified.size + this.unauthenticated.size;
  }
}

const SECRET_FIELDS = new Set(['Signature', 'SecurityToken', 'AccessKeySecret', 'BearerToken', 'CallbackToken', 'callbackToken']);
const PHOTO_FIELDS = new Set([
  'imgbase64',
  'refFaceContent',
  'authFaceContent',
  'image',
  'FaceContrastPicture',
  'SourceFaceContrastPicture',
  'TargetFaceContrastPicture',
]);
/** ID numbers: shown as the control API shows them (first 6 and last 4). */
const ID_FIELDS = new Set(['certNumber', 'certNo', 'CertNo']);
const MAX_TEXT = 512;

/** How deep the journal follows nested ServiceParameters (a request may nest thousands of levels). */
const MAX_DEPTH = 8;

/** Values the journal must not show, gathered while eliding, to hide them in the string-to-sign too. */
export type Hidden = Map<string, string>;

function hide(hidden: Hidden | undefined, value: string, shown: string): string {
  if (hidden && value.length >= 4) hidden.set(value, shown);
  return shown;
}

/**
 * Enough of a value kept in pieces (large-text.ts) to mask and cut it as a whole: an ID number (18 characters
 * and the character after it) that starts before the cut is all inside it.
 */
const MASK_WINDOW = MAX_TEXT + 19;

function elideString(key: string, value: string, hidden: Hidden | undefined, large: LargeTexts | undefined): string {
  if (SECRET_FIELDS.has(key)) return hide(hidden, value, '***');
  if (PHOTO_FIELDS.has(key)) return hide(hidden, value, `<photo: ${value.length} base64 chars>`);
  if (ID_FIELDS.has(key)) return hide(hidden, value, maskCertNumber(value));
  // ID numbers elsewhere (a ServiceParameters that is not JSON, a free-text field) are masked too; masking
  // keeps the length.
  const pieces = value.length > MASK_WINDOW ? large?.get(value) : undefined;
  const text = pieces ? maskIdNumbers(pieces.slice(0, MASK_WINDOW)) : value.length >= 15 ? maskIdNumbers(value) : value;
  return value.length > MAX_TEXT ? text.slice(0, MAX_TEXT) + `…<${value.length - MAX_TEXT} more chars>` : text;
}

function elideValue(key: string, value: JsonValue, hidden: Hidden | undefined, large: LargeTexts | undefined, depth = 0): JsonValue {
  if (typeof value === 'string') return elideString(key, value, hidden, large);
  if (value !== null && typeof value === 'object' && depth >= MAX_DEPTH) return '<nested deeper: elided>';
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => elideValue(key, v, hidden, large, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length && i < 50; i++) out[keys[i]!] = elideValue(keys[i]!, value[keys[i]!]!, hidden, large, depth + 1);
    return out;
  }
  if (ID_FIELDS.has(key) && typeof value === 'number') return maskCertNumber(String(value));
  return value;
}

/**
 * Parameters fit to show: secrets replaced, photos reduced to their size, ID numbers masked, ServiceParameters
 * shown parsed (`parsedServiceParameters` when the caller already parsed them). What was hidden is added to
 * `hidden` (value → shown), for hideValues(). The strings may still be slices of the request: the Journal
 * keeps them as JSON text, never as they are.
 */
export function elideParams(params: ReadonlyMap<string, string>, parsedServiceParameters?: Readonly<Record<string, JsonValue>>, hidden?: Hidden, large?: LargeTexts): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of params) {
    if (key === 'ServiceParameters' && parsedServiceParameters !== undefined) {
      out[key] = elideValue(key, parsedServiceParameters as JsonValue, hidden, large);
    } else if (key === 'ServiceParameters') {
      out[key] = elideValue(key, parseOrText(value, large), hidden, large);
    } else {
      out[key] = elideValue(key, value, hidden, large);
    }
  }
  return out;
}

function parseOrText(value: string, large: LargeTexts | undefined): JsonValue {
  try {
    return parseJson(value, large) as JsonValue;
  } catch {
    return value;
  }
}

/** Where a text cut to its head (TextHead: `head…<N more chars>`) was cut. */
const CUT_MARK = /…<\d+ more chars>/;
/** Long enough to tell a hidden value's start from chance. */
const ANCHOR_CHARS = 32;

/** A hidden value that runs past the cut of a text kept to its head, in any of its forms: replaced up to the cut. */
function hideCutValue(text: string, value: string, shown: string, large: LargeTexts | undefined): string {
  const cut = CUT_MARK.exec(text)?.index;
  if (cut === undefined || value.length < ANCHOR_CHARS) return text;
  // A value kept in pieces gives its head from them (value.slice would join all its megabytes first).
  let prefix = large?.get(value)?.slice(0, cut) ?? value.slice(0, cut);
  const last = prefix.charCodeAt(prefix.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) prefix = prefix.slice(0, -1);
  const once = percentEncode(prefix);
  for (const form of [prefix, once, percentEncode(once)]) {
    const at = text.indexOf(form.slice(0, ANCHOR_CHARS));
    if (at !== -1 && at < cut && form.startsWith(text.slice(at, cut))) return text.slice(0, at) + shown + text.slice(cut);
  }
  return text;
}

/**
 * The server's string-to-sign (or canonical request) with the hidden values replaced, in every encoding they
 * take there: as sent, percent-encoded once (query, ACS3) and twice (RPC v1's string-to-sign).
 */
export function hideValues(text: string, hidden: Hidden, large?: LargeTexts): string {
  let out = text;
  for (const [value, shown] of hidden) {
    // Every form is at least as long as the value: a photo longer than the text can only be there cut short
    // (a large request's string-to-sign is kept to its head), and encoding all its megabytes would block
    // every other request.
    if (value.length > out.length) {
      out = hideCutValue(out, value, shown, large);
      continue;
    }
    const once = percentEncode(value);
    for (const form of new Set([value, once, percentEncode(once)])) if (out.includes(form)) out = out.split(form).join(shown);
  }
  return maskIdNumbers(out);
}
