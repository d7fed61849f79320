import type { SafMockConfig } from './config.js';
import { CredentialStore } from './gateway/credentials.js';
import { NonceStore } from './gateway/replay.js';
import { Journal } from './journal.js';
import type { CodeMode } from './saf/catalog.js';
import { DataGenerator } from './saf/data-gen.js';
import { loadPhotos } from './saf/photos.js';
import { Verifications, type Verification } from './saf/sessions.js';
import { FixtureRegistry } from './scenarios/registry.js';
import { MemoryStore } from './store/store.js';
import { Callbacks } from './lifecycle/callbacks.js';
import { Lifecycle } from './lifecycle/lifecycle.js';

export type Logger = (line: string) => void;

/** Everything a running mock holds: configuration, state stores, and the clock (injected for tests). */
export interface Runtime {
  readonly config: SafMockConfig;
  readonly credentials: CredentialStore;
  readonly nonces: NonceStore;
  readonly verifications: Verifications;
  readonly data: DataGenerator;
  readonly photos: readonly Buffer[];
  readonly journal: Journal;
  readonly fixtures: FixtureRegistry;
  /** Completion of verifications of every product, and their callbacks. */
  readonly lifecycle: Lifecycle;
  readonly now: () => number;
  readonly log: Logger;
  readonly version: string;
  readonly startedAt: number;
  codesFor(accessKeyId: string): CodeMode;
  /** Forgets the state of one AccessKeyId, or of everything. Fixture files stay loaded. */
  reset(accessKeyId?: string): void;
}

export interface RuntimeOptions {
  readonly now?: () => number;
  readonly log?: Logger;
  readonly version?: string;
}

export function createRuntime(config: SafMockConfig, options: RuntimeOptions = {}): Runtime {
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => process.stdout.write(line + '\n'));
  const credentials = new CredentialStore(config.accessKeys);
  const nonces = new NonceStore(config.nonceTtlMs, config.nonceMaxEntries, log);
  const verifications = new Verifications(new MemoryStore<Verification>(config.sessionTtlMs, config.sessionMaxEntries, now), config.completeAfterMs, now);
  const data = new DataGenerator(config.seed);
  const journal = new Journal(config.journalMaxEntries);
  const fixtures = new FixtureRegistry(config.fixturesDir, log);
  const lifecycle = new Lifecycle(verifications, new Callbacks(journal, now, log), now);
  return {
    config,
    credentials,
    nonces,
    verifications,
    data,
    photos: loadPhotos(),
    journal,
    fixtures,
    lifecycle,
    now,
    log,
    version: options.version ?? '0.0.0',
    startedAt: now(),
    codesFor(accessKeyId) {
      return credentials.find(accessKeyId)?.codes ?? config.codes;
    },
    reset(accessKeyId) {
      verifications.clear(accessKeyId);
      journal.clear(accessKeyId);
      nonces.clear(accessKeyId);
      data.clear(accessKeyId);
      fixtures.resetUsage(accessKeyId);
      if (accessKeyId === undefined) fixtures.delete();
      else fixtures.delete(accessKeyId);
    },
  };
}
