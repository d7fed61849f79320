import { DEMO_ACCESS_KEY, parseAccessKey, type AccessKey } from './gateway/credentials.js';
import type { CodeMode } from './saf/catalog.js';
import type { DataShape } from './saf/types.js';

export const DEFAULT_PORT = 8931;
export const DEFAULT_HOST = '127.0.0.1';

export interface SafMockConfig {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly accessKeys: readonly AccessKey[];
  /** Largest allowed difference between the request's timestamp and the server clock (gateway: 15 min). */
  readonly timestampWindowMs: number;
  /** How long a nonce may not repeat (gateway: 31 min); must exceed the window. */
  readonly nonceTtlMs: number;
  readonly nonceMaxEntries: number;
  readonly bodyLimitBytes: number;
  /** Node's limit on the request line plus headers: SDKs put base64 photos in the URL. */
  readonly maxHeaderBytes: number;
  readonly codes: CodeMode;
  readonly dataShape: DataShape;
  /** A new verification passes by itself after this many ms; null holds it pending until completed by hand. */
  readonly completeAfterMs: number | null;
  readonly seed?: number;
  readonly fixturesDir?: string;
  readonly adminToken?: string;
  readonly sessionTtlMs: number;
  readonly sessionMaxEntries: number;
  readonly journalMaxEntries: number;
  /** One line per request on stdout. */
  readonly logRequests: boolean;
  /** Forward every ExecuteRequest to this live endpoint (re-signed with ALIBABA_CLOUD_* credentials). */
  readonly proxy?: string;
  /** With proxy: write each live answer as a fixture rule into this directory. */
  readonly recordDir?: string;
}

export const DEFAULT_CONFIG: SafMockConfig = {
  host: DEFAULT_HOST,
  port: DEFAULT_PORT,
  accessKeys: [DEMO_ACCESS_KEY],
  timestampWindowMs: 15 * 60_000,
  nonceTtlMs: 31 * 60_000,
  nonceMaxEntries: 500_000,
  bodyLimitBytes: 12 * 1024 * 1024,
  maxHeaderBytes: 16 * 1024 * 1024,
  codes: 'detailed',
  dataShape: 'docs',
  completeAfterMs: 0,
  sessionTtlMs: 24 * 3_600_000,
  sessionMaxEntries: 20_000,
  journalMaxEntries: 1_000,
  logRequests: false,
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Builds a config from partial settings, checking each; throws ConfigError with a one-line reason. */
export function resolveConfig(partial: Partial<SafMockConfig> = {}): SafMockConfig {
  const config: SafMockConfig = { ...DEFAULT_CONFIG, ...stripUndefined(partial) };
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) throw new ConfigError(`port must be 0-65535, got ${config.port}`);
  if (config.accessKeys.length === 0) throw new ConfigError('at least one access key is required');
  if (config.nonceTtlMs <= config.timestampWindowMs) throw new ConfigError('nonce TTL must be longer than the timestamp window');
  if (config.bodyLimitBytes < 1) throw new ConfigError('body limit must be positive');
  if (config.codes !== 'detailed' && config.codes !== 'unified') throw new ConfigError(`codes must be detailed or unified, got ${String(config.codes)}`);
  if (config.dataShape !== 'docs' && config.dataShape !== 'sdk') throw new ConfigError(`data shape must be docs or sdk, got ${String(config.dataShape)}`);
  if (config.recordDir && !config.proxy) throw new ConfigError('--record needs --proxy');
  return config;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function parseAccessKeys(list: readonly string[]): AccessKey[] {
  return list.map((text) => {
    const key = parseAccessKey(text);
    if (typeof key === 'string') throw new ConfigError(`invalid access key: ${key}`);
    return key;
  });
}
