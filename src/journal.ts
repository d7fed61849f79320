import type { JsonValue } from './gateway/render.js';

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
 * The request journal: newest first, bounded (the oldest entries go first), each entry scoped by AccessKeyId.
 * Entries are kept as JSON text: one flat string each, written once per request and parsed only when the
 * control API reads them, so no entry keeps a slice of a request body alive.
 */
export class Journal {
  /** A ring: `slots[(start + i) % max]` is the i-th oldest entry. */
  private slots: string[] = [];
  private start = 0;
  private count = 0;
  private nextId = 1;

  constructor(private readonly maxEntries: number) {}

  /** Records an entry; returns its id. */
  add(entry: Omit<JournalEntry, 'id'>): number {
    const id = this.nextId++;
    if (this.maxEntries <= 0) return id;
    const text = JSON.stringify({ id, ...entry });
    if (this.count < this.maxEntries) {
      this.slots[(this.start + this.count) % this.maxEntries] = text;
      this.count++;
    } else {
      this.slots[this.start] = text;
      this.start = (this.start + 1) % this.maxEntries;
    }
    return id;
  }

  private entries(): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (let i = 0; i < this.count; i++) out.push(JSON.parse(this.slots[(this.start + i) % this.maxEntries]!) as JournalEntry);
    return out;
  }

  list(filter: JournalFilter = {}): JournalEntry[] {
    const out: JournalEntry[] = [];
    const limit = filter.limit ?? Number.POSITIVE_INFINITY;
    const entries = this.entries();
    for (let i = entries.length - 1; i >= 0 && out.length < limit; i--) {
      const e = entries[i]!;
      if (filter.accessKeyId !== undefined && e.accessKeyId !== filter.accessKeyId) continue;
      if (filter.method !== undefined && e.method !== filter.method) continue;
      if (filter.outcome !== undefined && e.outcome !== filter.outcome) continue;
      if (filter.code !== undefined && String(e.code) !== filter.code) continue;
      out.push(e);
    }
    return out;
  }

  clear(accessKeyId?: string): void {
    const kept = accessKeyId === undefined ? [] : this.entries().filter((e) => e.accessKeyId !== accessKeyId).map((e) => JSON.stringify(e));
    this.slots = kept;
    this.start = 0;
    this.count = kept.length;
  }

  get size(): number {
    return this.count;
  }
}

const SECRET_PARAMS = new Set(['Signature', 'SecurityToken', 'AccessKeySecret', 'BearerToken']);
const PHOTO_FIELDS = new Set(['imgbase64', 'refFaceContent', 'authFaceContent', 'image']);
const MAX_TEXT = 512;

function elideValue(key: string, value: JsonValue): JsonValue {
  if (typeof value === 'string') {
    if (PHOTO_FIELDS.has(key)) return `<photo: ${value.length} base64 chars>`;
    return value.length > MAX_TEXT ? value.slice(0, MAX_TEXT) + `…<${value.length - MAX_TEXT} more chars>` : value;
  }
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => elideValue(key, v));
  if (value && typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value).slice(0, 50)) out[k] = elideValue(k, v);
    return out;
  }
  return value;
}

/**
 * Parameters fit to show: secrets replaced, photos reduced to their size, ServiceParameters shown parsed
 * (`parsedServiceParameters` when the caller already parsed them). The strings may still be slices of the
 * request: the Journal keeps them as JSON text, never as they are.
 */
export function elideParams(params: ReadonlyMap<string, string>, parsedServiceParameters?: Readonly<Record<string, JsonValue>>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of params) {
    if (SECRET_PARAMS.has(key)) {
      out[key] = '***';
    } else if (key === 'ServiceParameters' && parsedServiceParameters !== undefined) {
      out[key] = elideValue(key, parsedServiceParameters as JsonValue);
    } else if (key === 'ServiceParameters') {
      try {
        out[key] = elideValue(key, JSON.parse(value) as JsonValue);
      } catch {
        out[key] = elideValue(key, value);
      }
    } else {
      out[key] = elideValue(key, value);
    }
  }
  return out;
}
