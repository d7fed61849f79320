import type { ScopedStore } from './store.js';

/**
 * A bounded in-memory store of text records, as MemoryStore is of values: records expire after `ttlMs`,
 * and past `maxEntries` the oldest is dropped. Each record is kept as one string of its UTF-8 bytes (one
 * byte a character: a record is one flat object to the garbage collector, not the dozen a parsed
 * verification and its slot are, and half the size when it holds Chinese). Records sit in a ring in
 * insertion order, which is expiry order (the TTL is constant); an update keeps a record's place and expiry.
 */
export class PackedStore implements ScopedStore<string> {
  /** scope → key → ring slot. */
  private readonly index = new Map<string, Map<string, number>>();
  private texts: (string | undefined)[] = [];
  private keys: (string | undefined)[] = [];
  private scopes: (string | undefined)[] = [];
  private expires = new Float64Array(0);
  /** The ring: slot `(start + i) % capacity` holds the i-th oldest record (or a hole a delete left). */
  private start = 0;
  private used = 0;
  private live = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(scope: string, key: string): string | undefined {
    const slot = this.liveSlot(scope, key);
    return slot === undefined ? undefined : Buffer.from(this.texts[slot]!, 'latin1').toString('utf8');
  }

  /** Whether a record is held (without decoding it). */
  has(scope: string, key: string): boolean {
    return this.liveSlot(scope, key) !== undefined;
  }

  /** A record's slot, unless it has expired (then it is let go). */
  private liveSlot(scope: string, key: string): number | undefined {
    const slot = this.index.get(scope)?.get(key);
    if (slot === undefined || this.expires[slot]! > this.now()) return slot;
    this.remove(slot);
    return undefined;
  }

  set(scope: string, key: string, value: string): void {
    const packed = Buffer.from(value, 'utf8').toString('latin1');
    const existing = this.index.get(scope)?.get(key);
    if (existing !== undefined) {
      this.texts[existing] = packed;
      return;
    }
    if (this.maxEntries <= 0) return;
    this.sweep();
    // Full: the oldest record (or hole) makes room.
    if (this.used === this.maxEntries) this.dropOldest();
    this.append(scope, key, packed, this.now() + this.ttlMs);
  }

  /** Puts a packed record in the ring's next slot (there is room). */
  private append(scope: string, key: string, packed: string, expires: number): void {
    const slot = (this.start + this.used++) % this.maxEntries;
    if (slot >= this.expires.length) this.grow(slot);
    this.texts[slot] = packed;
    this.keys[slot] = key;
    this.scopes[slot] = scope;
    this.expires[slot] = expires;
    let keys = this.index.get(scope);
    if (keys === undefined) this.index.set(scope, (keys = new Map()));
    keys.set(key, slot);
    this.live++;
  }

  delete(scope: string, key: string): boolean {
    const slot = this.index.get(scope)?.get(key);
    if (slot === undefined) return false;
    this.remove(slot);
    return true;
  }

  list(scope?: string): string[] {
    const now = this.now();
    const out: string[] = [];
    for (let i = this.used - 1; i >= 0; i--) {
      const slot = (this.start + i) % this.maxEntries;
      const text = this.texts[slot];
      if (text !== undefined && this.expires[slot]! > now && (scope === undefined || this.scopes[slot] === scope)) out.push(Buffer.from(text, 'latin1').toString('utf8'));
    }
    return out;
  }

  clear(scope?: string): void {
    if (scope === undefined) {
      this.index.clear();
      this.texts = [];
      this.keys = [];
      this.scopes = [];
      this.expires = new Float64Array(0);
      this.start = this.used = this.live = 0;
      return;
    }
    const keys = this.index.get(scope);
    if (keys) for (const slot of [...keys.values()]) this.remove(slot);
    this.compact();
  }

  /** Records held now (expired ones are dropped first). */
  get size(): number {
    this.sweep();
    return this.live;
  }

  /** Lets go of a record; its slot stays a hole until the ring passes it. */
  private remove(slot: number): void {
    const scope = this.scopes[slot]!;
    const keys = this.index.get(scope);
    keys?.delete(this.keys[slot]!);
    if (keys?.size === 0) this.index.delete(scope);
    this.texts[slot] = this.keys[slot] = this.scopes[slot] = undefined;
    this.live--;
  }

  private dropOldest(): void {
    if (this.texts[this.start] !== undefined) this.remove(this.start);
    this.start = (this.start + 1) % this.maxEntries;
    this.used--;
  }

  /** Drops expired records (and holes) from the oldest end. */
  private sweep(): void {
    const now = this.now();
    while (this.used > 0 && (this.texts[this.start] === undefined || this.expires[this.start]! <= now)) this.dropOldest();
  }

  /** Closes the holes a cleared scope left, so the ring holds maxEntries live records again. */
  private compact(): void {
    const kept: Array<{ text: string; key: string; scope: string; expires: number }> = [];
    for (let i = 0; i < this.used; i++) {
      const slot = (this.start + i) % this.maxEntries;
      const text = this.texts[slot];
      if (text !== undefined) kept.push({ text, key: this.keys[slot]!, scope: this.scopes[slot]!, expires: this.expires[slot]! });
    }
    this.clear();
    for (const r of kept) this.append(r.scope, r.key, r.text, r.expires);
  }

  /** Room for `slot` (growing by doubling up to maxEntries, so a large bound costs nothing up front). */
  private grow(slot: number): void {
    if (slot < this.expires.length) return;
    const size = Math.min(this.maxEntries, Math.max(1024, this.expires.length * 2, slot + 1));
    const expires = new Float64Array(size);
    expires.set(this.expires);
    this.expires = expires;
  }
}
