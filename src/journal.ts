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

/** The request journal: newest first, bounded (the oldest entries go first), each entry scoped by AccessKeyId. */
export class Journal {
  private readonly entries: JournalEntry[] = [];
  private nextId = 1;

  constructor(private readonly maxEntries: number) {}

  add(entry: Omit<JournalEntry, 'id'>): JournalEntry {
    const full = { id: this.nextId++, ...entry };
    if (this.maxEntries <= 0) return full;
    this.entries.push(full);
    if (this.entries.length > this.maxEntries) this.entries.splice(0, this.entries.length - this.maxEntries);
    return full;
  }

  list(filter: JournalFilter = {}): JournalEntry[] {
    const out: JournalEntry[] = [];
    const limit = filter.limit ?? Number.POSITIVE_INFINITY;
    for (let i = this.entries.length - 1; i >= 0 && out.length < limit; i--) {
      const e = this.entries[i]!;
      if (filter.accessKeyId !== undefined && e.accessKeyId !== filter.accessKeyId) continue;
      if (filter.method !== undefined && e.method !== filter.method) continue;
      if (filter.outcome !== undefined && e.outcome !== filter.outcome) continue;
      if (filter.code !== undefined && String(e.code) !== filter.code) continue;
      out.push(e);
    }
    return out;
  }

  clear(accessKeyId?: string): void {
    if (accessKeyId === undefined) {
      this.entries.length = 0;
      return;
    }
    for (let i = this.entries.length - 1; i >= 0; i--) if (this.entries[i]!.accessKeyId === accessKeyId) this.entries.splice(i, 1);
  }

  get size(): number {
    return this.entries.length;
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

/** Parameters fit to show: secrets replaced, photos reduced to their size, ServiceParameters shown parsed. */
export function elideParams(params: ReadonlyMap<string, string>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of params) {
    if (SECRET_PARAMS.has(key)) {
      out[key] = '***';
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
