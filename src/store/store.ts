/**
 * State behind an interface: the in-memory store now, a shared one (e.g. Redis) later.
 * Every record lives in a scope (the AccessKeyId), so parallel CI jobs with different keys never meet.
 */
export interface ScopedStore<T> {
  get(scope: string, key: string): T | undefined;
  set(scope: string, key: string, value: T): void;
  delete(scope: string, key: string): boolean;
  /** Records of one scope, or of every scope, newest first. */
  list(scope?: string): T[];
  clear(scope?: string): void;
  readonly size: number;
}

import { FifoKeys } from '../fifo.js';

interface Slot<T> {
  readonly scope: string;
  readonly value: T;
  readonly expires: number;
}

/** A bounded in-memory store: records expire after `ttlMs`; past `maxEntries` the oldest is dropped. */
export class MemoryStore<T> implements ScopedStore<T> {
  private readonly slots = new Map<string, Slot<T>>();
  /** Keys in insertion order (= expiry order, the TTL being constant). */
  private readonly order = new FifoKeys<string>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  private static key(scope: string, key: string): string {
    return scope + '\u0000' + key;
  }

  get(scope: string, key: string): T | undefined {
    const k = MemoryStore.key(scope, key);
    const slot = this.slots.get(k);
    if (!slot) return undefined;
    if (slot.expires <= this.now()) {
      this.slots.delete(k);
      return undefined;
    }
    return slot.value;
  }

  set(scope: string, key: string, value: T): void {
    const k = MemoryStore.key(scope, key);
    const existing = this.slots.get(k);
    // An update keeps the record's place and expiry; a new record goes to the end.
    if (existing) {
      this.slots.set(k, { scope, value, expires: existing.expires });
      return;
    }
    this.sweep();
    this.slots.set(k, { scope, value, expires: this.now() + this.ttlMs });
    this.order.push(k);
    while (this.slots.size > this.maxEntries) {
      const oldest = this.order.shift();
      if (oldest === undefined) break;
      this.slots.delete(oldest);
    }
  }

  delete(scope: string, key: string): boolean {
    return this.slots.delete(MemoryStore.key(scope, key));
  }

  list(scope?: string): T[] {
    const now = this.now();
    const out: T[] = [];
    for (const slot of this.slots.values()) {
      if (slot.expires > now && (scope === undefined || slot.scope === scope)) out.push(slot.value);
    }
    return out.reverse();
  }

  clear(scope?: string): void {
    if (scope === undefined) {
      this.slots.clear();
      this.order.clear();
      return;
    }
    for (const [k, slot] of this.slots) if (slot.scope === scope) this.slots.delete(k);
  }

  get size(): number {
    return this.slots.size;
  }

  /** Drops expired records from the front of the queue; keys deleted meanwhile are skipped. */
  private sweep(): void {
    const now = this.now();
    for (let k = this.order.peek(); k !== undefined; k = this.order.peek()) {
      const slot = this.slots.get(k);
      if (slot && slot.expires > now) break;
      this.order.shift();
      if (slot) this.slots.delete(k);
    }
  }
}
