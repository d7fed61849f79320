import type { JournalEntry, JournalFilter, JournalInput } from '../journal.js';
import type { Verification } from '../saf/sessions.js';

/**
 * The state a mock shares, behind one asynchronous interface: in this process's memory (the default), or in
 * Redis so that several replicas behave as one mock and a restart loses nothing. Every record is scoped by
 * AccessKeyId, so parallel CI jobs with different keys never meet.
 */
export type StoreKind = 'memory' | 'redis';

export interface StoreStatus {
  readonly kind: StoreKind;
  readonly connected: boolean;
  /** Redis only: the URL with its password masked. */
  readonly url?: string;
}

/** The store cannot answer (Redis down or too slow): the request gets the gateway's ServiceUnavailable. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

export interface VerificationStore {
  /** Stores a new verification; false (nothing written) when its id is already taken in its scope. */
  create(v: Verification): Promise<boolean>;
  get(scope: string, id: string): Promise<Verification | undefined>;
  /** Replaces a stored verification in one write, keeping its expiry; false when it is gone. */
  update(v: Verification): Promise<boolean>;
  /** Verifications of one scope, or of every scope, newest first. */
  list(scope?: string): Promise<Verification[]>;
  clear(scope?: string): Promise<void>;
  /** Verifications held now, of every scope (the metrics' gauge). */
  count(): Promise<number>;
}

export interface NonceClaims {
  /**
   * Claims a SignatureNonce: true the first time, false when it was already used. The claim lasts until the
   * request's own timestamp has left the window (timestampMs + nonce TTL), so a replay is caught while the
   * timestamp would still be accepted.
   */
  claim(scope: string, nonce: string, timestampMs: number, nowMs: number): Promise<boolean>;
  clear(scope?: string): Promise<void>;
  /** Nonces remembered now, of every scope (the metrics' gauge). */
  count(): Promise<number>;
}

/** The request journal's seam: add, list (newest first) and clear, bounded. */
export interface JournalStore {
  /** A draft may be kept as it is until read (memory) or built at once (a shared store). */
  add(entry: JournalInput): Promise<number>;
  list(filter?: JournalFilter): Promise<JournalEntry[]>;
  clear(accessKeyId?: string): Promise<void>;
  /** Entries held now, of every key (the metrics' gauge). */
  count(): Promise<number>;
}

/** A fixture document put through the control API, with the generation it was put at. */
export interface StoredRules {
  readonly doc: unknown;
  readonly generation: number;
}

/** Fixture rules put through the control API ('' = global scope). Fixture files stay per process. */
export interface RuleStore {
  /** True when only this process changes the rules (memory): nothing to bring up to date per request. */
  readonly local: boolean;
  /** Changes whenever any scope's rules change: a replica reloads when it differs from what it compiled. */
  revision(): Promise<number>;
  load(): Promise<Map<string, StoredRules>>;
  /** Replaces the rules of a scope; returns their generation (fresh `times` counters). */
  put(scope: string, doc: unknown): Promise<number>;
  delete(scope?: string): Promise<void>;
}

/** The `times` counters of fixture rules, per AccessKeyId; `counter` names the rule (source and id). */
export interface CounterStore {
  /** Takes one of `times` uses, atomically across replicas; false when all are used. */
  take(accessKeyId: string, counter: string, times: number): Promise<boolean>;
  used(accessKeyId: string, counter: string): Promise<number>;
  /** Forgets the counters of one AccessKeyId, or all. */
  clear(accessKeyId?: string): Promise<void>;
  /** Forgets every counter whose name starts with `prefix` (rules replaced or deleted). */
  forget(prefix: string): Promise<void>;
}

export interface StateStore {
  readonly kind: StoreKind;
  readonly verifications: VerificationStore;
  readonly nonces: NonceClaims;
  readonly journal: JournalStore;
  readonly rules: RuleStore;
  readonly counters: CounterStore;
  /** Whether the store answers now (Redis: a PING within the command timeout). */
  status(): Promise<StoreStatus>;
  close(): Promise<void>;
}
