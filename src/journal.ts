import type { JsonValue } from './gateway/render.js';
import { entryOfRecord, type RecordField } from './journal-record.js';

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

/**
 * An entry kept as a compact record of the request (journal-record.ts) until it is read: its text goes into
 * the ring as it is, and is built into the entry (elided) when first read.
 */
export interface JournalDraft {
  readonly draft: true;
  readonly accessKeyId: string | null;
  readonly unauthenticated?: true;
  /** The record as a JSON array, which entryOfRecord() builds into the entry. */
  text(): string;
  /** The entry now. */
  build(): Omit<JournalEntry, 'id'>;
}

/** An entry as the journal takes it: ready, or a compact record built when read. */
export type JournalInput = Omit<JournalEntry, 'id'> | JournalDraft;

/** The entry itself (a record built now). */
export function entryOf(input: JournalInput): Omit<JournalEntry, 'id'> {
  return 'draft' in input ? input.build() : input;
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
const OPEN_BRACKET = 0x5b;

/**
 * One bounded ring of journal entries (the oldest go first), each scoped by AccessKeyId. Entries are kept as
 * JSON text in UTF-16 in fixed slots of preallocated buffers (a copy of the string as V8 holds it: encoding a
 * two-byte entry to UTF-8 cost 8 % of a request's instructions), parsed only when the control API reads them:
 * nothing of a request stays on the JS heap (no slice of a request body, and no per-request object surviving
 * into the old generation, which under load made V8 grow the heap and cost more than serialising). A small
 * request's entry is its compact record's text, built into the entry the first time it is read.
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
  add(id: number, input: JournalInput): void {
    if (this.maxEntries <= 0) return;
    // Serialised before a slot is taken: a failure here must not leave a stale slot counted as new.
    const text = 'draft' in input ? input.text() : JSON.stringify(input);
    this.store(this.nextSlot(), id, text);
  }

  /** The slot of the next entry: a free one, or the oldest entry's. */
  private nextSlot(): number {
    if (this.count < this.maxEntries) return (this.start + this.count++) % this.maxEntries;
    const slot = this.start;
    this.start = (this.start + 1) % this.maxEntries;
    return slot;
  }

  /**
   * Stores an entry's JSON (an object, or a compact record's array) with its id in front, as `{ id, ...entry }`
   * would put it: written ahead of the text, never joined to it (a copy of every entry's kilobyte of text).
   */
  private store(slot: number, id: number, text: string): void {
    const record = text.charCodeAt(0) === OPEN_BRACKET;
    const head = record ? '[' + id + ',' : text.length > 2 ? '{"id":' + id + ',' : '{"id":' + id + '}';
    const rest = text.length > 2 ? text.slice(1) : '';
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
    const parsed = JSON.parse(text) as JournalEntry | [number, ...RecordField[]];
    if (!Array.isArray(parsed)) return parsed;
    // A compact record: built into its entry, which takes its place (the dashboard reads the same entries again).
    this.store(slot, parsed[0], JSON.stringify(entryOfRecord(parsed.slice(1) as RecordField[])));
    return this.read(slot);
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
    for (const e of kept) {
      const { id, ...rest } = e;
      this.store(this.nextSlot(), id, JSON.stringify(rest));
    }
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
  add(entry: JournalInput): number {
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
