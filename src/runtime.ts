import type { SafMockConfig } from './config.js';
import { CredentialStore } from './gateway/credentials.js';
import type { CodeMode } from './saf/catalog.js';
import { DataGenerator } from './saf/data-gen.js';
import { loadPhotos } from './saf/photos.js';
import { Verifications } from './saf/sessions.js';
import { FixtureRegistry } from './scenarios/registry.js';
import { createMemoryState } from './store/memory.js';
import type { JournalStore, NonceClaims, StateStore } from './store/types.js';
import { createLog, type Log } from './log/logger.js';
import { Callbacks } from './lifecycle/callbacks.js';
import { Lifecycle } from './lifecycle/lifecycle.js';
import { RequestMetrics } from './metrics/recorder.js';

export type Logger = (line: string) => void;

/** Everything a running mock holds: configuration, state (behind the store), and the clock (injected for tests). */
export interface Runtime {
  readonly config: SafMockConfig;
  readonly credentials: CredentialStore;
  /** Where every piece of shared state lives: memory or Redis. */
  readonly store: StateStore;
  readonly nonces: NonceClaims;
  readonly verifications: Verifications;
  readonly data: DataGenerator;
  readonly photos: readonly Buffer[];
  readonly journal: JournalStore;
  readonly fixtures: FixtureRegistry;
  /** Completion of verifications of every product, and their callbacks. */
  readonly lifecycle: Lifecycle;
  readonly now: () => number;
  /** A plain message at level info (text or JSON, as configured). */
  readonly log: Logger;
  /** The structured log: levels, errors, one record per request. */
  readonly logger: Log;
  /** This process's request counters and latency histogram (GET /__saf/metrics). */
  readonly metrics: RequestMetrics;
  readonly version: string;
  readonly startedAt: number;
  codesFor(accessKeyId: string): CodeMode;
  /** Forgets the state of one AccessKeyId, or of everything. Fixture files stay loaded. */
  reset(accessKeyId?: string): Promise<void>;
  /** Stops watching files and closes the store's connection. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  readonly now?: () => number;
  /** Where finished log lines go (text or JSON lines); default stdout. */
  readonly log?: Logger;
  readonly version?: string;
  /** The state store; default a new in-memory one. */
  readonly store?: StateStore;
}

export function createRuntime(config: SafMockConfig, options: RuntimeOptions = {}): Runtime {
  const now = options.now ?? Date.now;
  const logger = createLog(config.logFormat, options.log ?? ((line: string) => process.stdout.write(line + '\n')), now);
  const log: Logger = (line) => logger.info(line);
  const store = options.store ?? createMemoryState(config, now, log);
  const credentials = new CredentialStore(config.accessKeys);
  const verifications = new Verifications(store.verifications, config.completeAfterMs, now);
  const data = new DataGenerator(config.seed);
  const fixtures = new FixtureRegistry(config.fixturesDir, log, store.rules, store.counters);
  const lifecycle = new Lifecycle(verifications, new Callbacks(store.journal, now, log), now);
  return {
    config,
    credentials,
    store,
    nonces: store.nonces,
    verifications,
    data,
    photos: loadPhotos(),
    journal: store.journal,
    fixtures,
    lifecycle,
    now,
    log,
    logger,
    metrics: new RequestMetrics(),
    version: options.version ?? '0.0.0',
    startedAt: now(),
    codesFor(accessKeyId) {
      return credentials.find(accessKeyId)?.codes ?? config.codes;
    },
    async reset(accessKeyId) {
      data.clear(accessKeyId);
      await Promise.all([
        verifications.clear(accessKeyId),
        store.journal.clear(accessKeyId),
        store.nonces.clear(accessKeyId),
        fixtures.resetUsage(accessKeyId),
        fixtures.delete(accessKeyId),
      ]);
    },
    async close() {
      fixtures.close();
      lifecycle.close();
      await store.close();
    },
  };
}
