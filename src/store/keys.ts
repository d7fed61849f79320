import { createHash } from 'node:crypto';

/** Nonces longer than this are keyed by their SHA-256 (a client may send a very long one). */
const MAX_NONCE_KEY = 128;

/** Escapes Redis glob characters, for SCAN patterns built from a prefix or scope. */
function glob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/**
 * The Redis key layout, all under one prefix (default `saf-mock:`), documented in the README:
 *   v:<key>:<id>        a verification (JSON), TTL = session TTL
 *   v#index             sorted set of <key>:<id> by creation time, at most --session-max entries, TTL = session TTL
 *   n:<key>:<nonce>     a claimed SignatureNonce, TTL = request Timestamp + nonce TTL − now
 *   j:<key> / j:~       journal list per AccessKeyId (j:~ for unknown or missing keys), newest N, TTL = session TTL
 *   j#seq, j#buckets    journal entry ids; the journal lists in use (TTL = session TTL)
 *   rules, rules#rev    fixture documents put through the control API (one per scope), and their revision
 *   t:<key>:<counter>   `times` counter of a fixture rule, TTL = session TTL
 */
export function redisKeys(prefix: string) {
  const p = prefix;
  return {
    verificationPrefix: `${p}v:`,
    verification: (scope: string, id: string) => `${p}v:${scope}:${id}`,
    verificationMember: (scope: string, id: string) => `${scope}:${id}`,
    memberScope: (member: string) => member.slice(0, member.lastIndexOf(':')),
    verificationIndex: `${p}v#index`,
    nonce: (scope: string, nonce: string) =>
      `${p}n:${scope}:${nonce.length > MAX_NONCE_KEY ? '#' + createHash('sha256').update(nonce).digest('hex') : nonce}`,
    noncePattern: (scope?: string) => `${glob(p)}n:${scope === undefined ? '' : glob(scope) + ':'}*`,
    journal: (bucket: string) => `${p}j:${bucket}`,
    journalSeq: `${p}j#seq`,
    journalBuckets: `${p}j#buckets`,
    rules: `${p}rules`,
    rulesRevision: `${p}rules#rev`,
    counter: (accessKeyId: string, counter: string) => `${p}t:${accessKeyId}:${counter}`,
    counterPattern: (accessKeyId?: string, counterPrefix = '') =>
      `${glob(p)}t:${accessKeyId === undefined ? '*:' : glob(accessKeyId) + ':'}${glob(counterPrefix)}*`,
    pattern: glob,
    /** Every key of this mock (a full reset). */
    all: `${glob(p)}*`,
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;
