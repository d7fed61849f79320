import { FifoKeys } from '../fifo.js';
import { ownString } from '../strings.js';
import { gatewayError } from './errors.js';

const TIMESTAMP = /^(\d{4})-(\d{1,2})-(\d{1,2})T(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/**
 * Parses the gateway's ISO 8601 UTC timestamp (`2026-11-23T08:19:21Z`, optionally with fractional
 * seconds as aliyun-sdk sends, or unpadded as the docs' example). Anything else is InvalidTimeStamp.Format.
 */
export function parseTimestamp(text: string): number {
  const m = TIMESTAMP.exec(text);
  if (!m) throw gatewayError('InvalidTimeStampFormat');
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const time = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(time);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute ||
    check.getUTCSeconds() !== second
  ) {
    throw gatewayError('InvalidTimeStampFormat');
  }
  return time;
}

/** The gateway's timestamp as every SDK writes it: UTC, second precision (`2026-11-23T08:19:21Z`). */
export function formatTimestamp(time: Date | number): string {
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Rejects a request time further than `windowMs` from the server clock, in either direction. */
export function checkTimestamp(text: string, nowMs: number, windowMs: number): number {
  const time = parseTimestamp(text);
  if (Math.abs(nowMs - time) > windowMs) throw gatewayError('InvalidTimeStampExpired');
  return time;
}

/**
 * Remembers nonces for `ttlMs` (longer than the timestamp window, so a replay inside the window is always
 * caught). Memory is bounded by `maxEntries`: when full, the oldest nonce is forgotten first. Entries are
 * kept in insertion order, which is expiry order because the TTL is constant, so sweeping is O(1) amortised.
 */
export class NonceStore {
  private readonly seen = new Map<string, number>();
  private readonly order = new FifoKeys<string>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  /** Records the nonce; returns false when it was already used within the TTL. */
  use(scope: string, nonce: string, nowMs: number): boolean {
    this.sweep(nowMs);
    const key = ownString(scope + '\u0000' + nonce);
    const expires = this.seen.get(key);
    if (expires !== undefined && expires > nowMs) return false;
    if (expires !== undefined) this.seen.delete(key);
    this.seen.set(key, nowMs + this.ttlMs);
    this.order.push(key);
    while (this.seen.size > this.maxEntries) {
      const oldest = this.order.shift();
      if (oldest === undefined) break;
      this.seen.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  clear(scope?: string): void {
    if (scope === undefined) {
      this.seen.clear();
      this.order.clear();
      return;
    }
    const prefix = scope + '\u0000';
    for (const key of this.seen.keys()) if (key.startsWith(prefix)) this.seen.delete(key);
  }

  /** Drops expired nonces from the front of the queue; keys cleared or re-used meanwhile are skipped. */
  private sweep(nowMs: number): void {
    for (let key = this.order.peek(); key !== undefined; key = this.order.peek()) {
      const expires = this.seen.get(key);
      if (expires !== undefined && expires > nowMs) break;
      this.order.shift();
      if (expires !== undefined) this.seen.delete(key);
    }
  }
}
