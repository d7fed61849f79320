import { createHash, randomBytes } from 'node:crypto';
import { gatewayError } from './errors.js';

/** Open addressing stays fast up to this load; the table is sized so `maxEntries` never exceeds it. */
const MAX_LOAD = 0.6;
/** Slots the incremental sweep examines per claim (expired entries are removed as it passes). */
const SWEEP_STEPS = 8;
/** A full sweep when the store is at its bound, at most this often (it walks every slot). */
const FULL_SWEEP_EVERY_MS = 1000;
/** The "store full" log line, at most this often. */
const FULL_LOG_EVERY_MS = 10_000;
/** Bytes per slot: 64-bit fingerprint, 32-bit expiry (seconds), 16-bit scope. */
export const NONCE_SLOT_BYTES = 4 + 4 + 4 + 2;
/** The table starts this small (~230 KB) and doubles as nonces arrive, up to the size the bound needs. */
const INITIAL_SLOTS = 1 << 14;

function nextPowerOfTwo(n: number): number {
  let p = 1024;
  while (p < n) p *= 2;
  return p;
}

/**
 * Remembers each SignatureNonce until the request's own Timestamp + `ttlMs` (the TTL exceeds the timestamp
 * window, so for as long as a replay could pass the timestamp check its nonce is known), however many
 * requests arrive: nothing is evicted early. When `maxEntries` nonces are inside their window the store
 * fails closed: claims throw Throttling.User (and a line is logged) until older ones expire; a replay is
 * never accepted.
 *
 * Compact: each nonce is a 64-bit keyed fingerprint (SHA-256 of a per-process salt, the scope and the
 * nonce) in typed arrays, an open-addressing table with linear probing. Expired entries are removed by
 * backward-shift deletion as an incremental sweep passes, so probe chains stay short without tombstones.
 * The table grows by doubling (one rehash of the live entries) as nonces arrive, so memory follows the
 * nonces actually held: 100 000 cost ~3.7 MB, the bound of 1 000 000 at most ~29 MB (2^21 slots × 14 bytes),
 * nothing on the JS heap per request.
 * Two different nonces share a fingerprint with probability ~n²/2^65 (1e-8 at a million): the later one
 * would be refused as used, never a replay accepted.
 */
export class NonceStore {
  /** The table's size once `maxEntries` nonces are held (at most MAX_LOAD full). */
  private readonly maxSlots: number;
  private mask: number;
  private fpHigh: Uint32Array;
  private fpLow: Uint32Array;
  /** Expiry in whole seconds after `baseSeconds`; 0 marks an empty slot. */
  private expires: Uint32Array;
  private scopes: Uint16Array;
  private readonly scopeIds = new Map<string, number>();
  private readonly salt = randomBytes(16);
  private readonly baseSeconds = Math.floor(Date.now() / 1000) - 1;
  private count = 0;
  private cursor = 0;
  private lastFullSweep = Number.NEGATIVE_INFINITY;
  private lastFullLog = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly log: (line: string) => void = () => {},
    initialSlots = INITIAL_SLOTS,
  ) {
    this.maxSlots = nextPowerOfTwo(Math.ceil(maxEntries / MAX_LOAD));
    const slots = Math.min(this.maxSlots, nextPowerOfTwo(initialSlots));
    this.mask = slots - 1;
    this.fpHigh = new Uint32Array(slots);
    this.fpLow = new Uint32Array(slots);
    this.expires = new Uint32Array(slots);
    this.scopes = new Uint16Array(slots);
  }

  /**
   * Claims a nonce of a request whose Timestamp is `timestampMs`: true the first time, false while it is
   * remembered. Throws Throttling.User when `maxEntries` nonces are inside their window.
   */
  claim(scope: string, nonce: string, timestampMs: number, nowMs: number): boolean {
    const now = this.seconds(nowMs);
    this.sweepSome(now);
    const expiry = Math.max(1, Math.ceil((timestampMs + this.ttlMs) / 1000) - this.baseSeconds);
    // Its Timestamp has already left the window: the timestamp check refuses any replay by itself.
    if (expiry <= now) return true;
    const scopeId = this.scopeId(scope);
    const digest = createHash('sha256').update(this.salt).update(scope).update('\u0000').update(nonce).digest();
    const high = digest.readUInt32LE(0);
    const low = digest.readUInt32LE(4);
    let i = low & this.mask;
    for (let e = this.expires[i]!; e !== 0; i = (i + 1) & this.mask, e = this.expires[i]!) {
      if (this.fpLow[i] !== low || this.fpHigh[i] !== high || this.scopes[i] !== scopeId) continue;
      if (e > now) return false;
      // The same nonce, remembered but expired: claimed again in place.
      this.expires[i] = expiry;
      return true;
    }
    if (this.count >= this.maxEntries && !this.makeRoom(now, nowMs)) {
      this.logFull(nowMs);
      throw gatewayError('ThrottlingUser');
    }
    if (this.count + 1 > (this.mask + 1) * MAX_LOAD && this.mask + 1 < this.maxSlots) {
      this.grow();
      i = this.emptySlotFor(low);
    }
    this.fpHigh[i] = high;
    this.fpLow[i] = low;
    this.scopes[i] = scopeId;
    this.expires[i] = expiry;
    this.count++;
    return true;
  }

  /** The claim of a request timestamped now (kept for callers without the request's Timestamp). */
  use(scope: string, nonce: string, nowMs: number): boolean {
    return this.claim(scope, nonce, nowMs, nowMs);
  }

  /** Nonces held (those inside their window, plus expired ones the sweep has not reached yet). */
  get size(): number {
    return this.count;
  }

  /** The table's size in bytes now. */
  get bytes(): number {
    return this.expires.length * NONCE_SLOT_BYTES;
  }

  /** The table's size in bytes once it holds `maxEntries` nonces (it never grows past it). */
  get maxBytes(): number {
    return this.maxSlots * NONCE_SLOT_BYTES;
  }

  get capacity(): number {
    return this.maxEntries;
  }

  clear(scope?: string): void {
    if (scope === undefined) {
      this.expires.fill(0);
      this.count = 0;
      return;
    }
    const id = this.scopeIds.get(scope);
    if (id !== undefined) this.deleteWhere((i) => this.scopes[i] === id);
  }

  private seconds(ms: number): number {
    return Math.floor(ms / 1000) - this.baseSeconds;
  }

  private scopeId(scope: string): number {
    let id = this.scopeIds.get(scope);
    if (id === undefined) {
      // Scopes are AccessKeyIds that verified; past 65 535 distinct ones they share the last id (a shared
      // id only makes clear(scope) forget more).
      id = Math.min(this.scopeIds.size + 1, 0xffff);
      this.scopeIds.set(scope, id);
    }
    return id;
  }

  /** The first empty slot of a fingerprint's probe chain. */
  private emptySlotFor(low: number): number {
    let i = low & this.mask;
    while (this.expires[i] !== 0) i = (i + 1) & this.mask;
    return i;
  }

  /** Doubles the table: every entry is placed again by its fingerprint (expired ones too; the sweep drops them). */
  private grow(): void {
    const { fpHigh, fpLow, expires, scopes } = this;
    const slots = expires.length * 2;
    this.mask = slots - 1;
    this.fpHigh = new Uint32Array(slots);
    this.fpLow = new Uint32Array(slots);
    this.expires = new Uint32Array(slots);
    this.scopes = new Uint16Array(slots);
    for (let j = 0; j < expires.length; j++) {
      if (expires[j] === 0) continue;
      const i = this.emptySlotFor(fpLow[j]!);
      this.fpHigh[i] = fpHigh[j]!;
      this.fpLow[i] = fpLow[j]!;
      this.scopes[i] = scopes[j]!;
      this.expires[i] = expires[j]!;
    }
    this.cursor = 0;
  }

  /** At the bound: a full sweep (at most once a second) may free expired slots the incremental one missed. */
  private makeRoom(now: number, nowMs: number): boolean {
    if (nowMs - this.lastFullSweep < FULL_SWEEP_EVERY_MS) return false;
    this.lastFullSweep = nowMs;
    this.deleteWhere((i) => this.expires[i]! <= now);
    return this.count < this.maxEntries;
  }

  private logFull(nowMs: number): void {
    if (nowMs - this.lastFullLog < FULL_LOG_EVERY_MS) return;
    this.lastFullLog = nowMs;
    this.log(
      `nonce store full: ${this.count} SignatureNonces are inside their window (bound ${this.maxEntries}); new requests get Throttling.User until older ones expire (raise --nonce-capacity)`,
    );
  }

  private sweepSome(now: number): void {
    for (let step = 0; step < SWEEP_STEPS && this.count > 0; step++) {
      const e = this.expires[this.cursor]!;
      // After a deletion the slot holds the entry shifted back into it: look at it again.
      if (e !== 0 && e <= now) this.deleteAt(this.cursor);
      else this.cursor = (this.cursor + 1) & this.mask;
    }
  }

  /** One pass over every slot; deletion shifts later entries back, so a slot is re-read after one. */
  private deleteWhere(doomed: (slot: number) => boolean): void {
    for (let i = 0; i <= this.mask; i++) {
      while (this.expires[i] !== 0 && doomed(i)) this.deleteAt(i);
    }
  }

  /** Backward-shift deletion (linear probing without tombstones): later entries of the chain move up. */
  private deleteAt(slot: number): void {
    let hole = slot;
    for (let j = (hole + 1) & this.mask; this.expires[j] !== 0; j = (j + 1) & this.mask) {
      const home = this.fpLow[j]! & this.mask;
      // Entry j may fill the hole only if its home is not cyclically within (hole, j].
      const stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (stays) continue;
      this.fpHigh[hole] = this.fpHigh[j]!;
      this.fpLow[hole] = this.fpLow[j]!;
      this.scopes[hole] = this.scopes[j]!;
      this.expires[hole] = this.expires[j]!;
      hole = j;
    }
    this.expires[hole] = 0;
    this.count--;
  }
}
