import type { SafMockConfig } from '../config.js';
import { createMemoryState } from './memory.js';
import type { StateStore } from './types.js';

export type { StateStore, StoreKind, StoreStatus } from './types.js';
export { StoreUnavailableError } from './types.js';

/**
 * The configured store: memory (default), or Redis, whose client is loaded only then (it is not on the
 * plain mock's start-up path). Rejects with StoreUnavailableError when Redis cannot be reached.
 */
export async function createStateStore(config: SafMockConfig, log: (line: string) => void, now: () => number = Date.now): Promise<StateStore> {
  if (config.store === 'memory') return createMemoryState(config, now, log);
  const { createRedisState } = await import('./redis.js');
  const keys = new Set(config.accessKeys.map((k) => k.id));
  return createRedisState({
    url: config.store,
    prefix: config.storePrefix,
    sessionTtlMs: config.sessionTtlMs,
    sessionMaxEntries: config.sessionMaxEntries,
    nonceTtlMs: config.nonceTtlMs,
    journalMaxEntries: config.journalMaxEntries,
    isKnownKey: (id) => keys.has(id),
    commandTimeoutMs: config.storeTimeoutMs,
    log,
  });
}
