import type { SafMockConfig } from '../config.js';
import { NonceStore } from '../gateway/replay.js';
import { Journal, type JournalEntry, type JournalFilter, type JournalInput } from '../journal.js';
import type { Verification } from '../saf/sessions.js';
import { PackedStore } from './packed.js';
import type { CounterStore, JournalStore, NonceClaims, RuleStore, StateStore, StoreStatus, StoredRules, VerificationStore } from './types.js';

/**
 * Verifications in a bounded store (TTL and size bound of --session-* settings), each kept as its JSON text
 * (PackedStore): the 20 000 kept by default were ~16 MB of objects that every garbage collection under
 * load went through.
 */
export class MemoryVerifications implements VerificationStore {
  constructor(private readonly records: PackedStore) {}

  async create(v: Verification): Promise<boolean> {
    if (this.records.has(v.accessKeyId, v.id)) return false;
    this.records.set(v.accessKeyId, v.id, JSON.stringify(v));
    return true;
  }

  async get(scope: string, id: string): Promise<Verification | undefined> {
    const text = this.records.get(scope, id);
    return text === undefined ? undefined : (JSON.parse(text) as Verification);
  }

  async update(v: Verification): Promise<boolean> {
    if (!this.records.has(v.accessKeyId, v.id)) return false;
    this.records.set(v.accessKeyId, v.id, JSON.stringify(v));
    return true;
  }

  async list(scope?: string): Promise<Verification[]> {
    return this.records.list(scope).map((text) => JSON.parse(text) as Verification);
  }

  async clear(scope?: string): Promise<void> {
    this.records.clear(scope);
  }

  async count(): Promise<number> {
    return this.records.size;
  }
}

/** The in-process nonce algorithm (NonceStore), behind the asynchronous claim. */
export class MemoryNonces implements NonceClaims {
  constructor(readonly inner: NonceStore) {}

  async claim(scope: string, nonce: string, timestampMs: number, nowMs: number): Promise<boolean> {
    return this.inner.claim(scope, nonce, timestampMs, nowMs);
  }

  async clear(scope?: string): Promise<void> {
    this.inner.clear(scope);
  }

  async count(): Promise<number> {
    return this.inner.size;
  }
}

export class MemoryJournal implements JournalStore {
  constructor(readonly ring: Journal) {}

  async add(entry: JournalInput): Promise<number> {
    return this.ring.add(entry);
  }

  async list(filter?: JournalFilter): Promise<JournalEntry[]> {
    return this.ring.list(filter);
  }

  async clear(accessKeyId?: string): Promise<void> {
    this.ring.clear(accessKeyId);
  }

  async count(): Promise<number> {
    return this.ring.size;
  }
}

export class MemoryRules implements RuleStore {
  readonly local = true;
  private readonly docs = new Map<string, StoredRules>();
  private rev = 0;

  async revision(): Promise<number> {
    return this.rev;
  }

  async load(): Promise<Map<string, StoredRules>> {
    return new Map(this.docs);
  }

  async put(scope: string, doc: unknown): Promise<number> {
    const generation = ++this.rev;
    this.docs.set(scope, { doc, generation });
    return generation;
  }

  async delete(scope?: string): Promise<void> {
    if (scope === undefined) this.docs.clear();
    else this.docs.delete(scope);
    this.rev++;
  }
}

export class MemoryCounters implements CounterStore {
  private readonly used_ = new Map<string, number>();

  private static key(accessKeyId: string, counter: string): string {
    return accessKeyId + '\u0000' + counter;
  }

  async take(accessKeyId: string, counter: string, times: number): Promise<boolean> {
    const key = MemoryCounters.key(accessKeyId, counter);
    const n = this.used_.get(key) ?? 0;
    if (n >= times) return false;
    this.used_.set(key, n + 1);
    return true;
  }

  async used(accessKeyId: string, counter: string): Promise<number> {
    return this.used_.get(MemoryCounters.key(accessKeyId, counter)) ?? 0;
  }

  async clear(accessKeyId?: string): Promise<void> {
    if (accessKeyId === undefined) this.used_.clear();
    else for (const key of this.used_.keys()) if (key.startsWith(accessKeyId + '\u0000')) this.used_.delete(key);
  }

  async forget(prefix: string): Promise<void> {
    for (const key of this.used_.keys()) if (key.slice(key.indexOf('\u0000') + 1).startsWith(prefix)) this.used_.delete(key);
  }
}

/** Everything in this process: the default, nothing to install; bounded as the --session-*, nonce and journal settings say. */
export function createMemoryState(config: SafMockConfig, now: () => number = Date.now, log: (line: string) => void = () => {}): StateStore {
  return {
    kind: 'memory',
    verifications: new MemoryVerifications(new PackedStore(config.sessionTtlMs, config.sessionMaxEntries, now)),
    nonces: new MemoryNonces(new NonceStore(config.nonceTtlMs, config.nonceMaxEntries, log)),
    journal: new MemoryJournal(new Journal(config.journalMaxEntries)),
    rules: new MemoryRules(),
    counters: new MemoryCounters(),
    status: async (): Promise<StoreStatus> => ({ kind: 'memory', connected: true }),
    close: async () => {},
  };
}
