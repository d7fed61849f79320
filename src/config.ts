import { DEMO_ACCESS_KEY, parseAccessKey, type AccessKey } from './gateway/credentials.js';
import type { CodeMode } from './saf/catalog.js';
import type { LogFormat } from './log/logger.js';
import type { DataShape } from './saf/types.js';
import { checkStoreSpec } from './store/url.js';

export const DEFAULT_PORT = 8931;
export const DEFAULT_HOST = '127.0.0.1';

export interface SafMockConfig {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly accessKeys: readonly AccessKey[];
  /** Largest allowed difference between the request's timestamp and the server clock (gateway: 15 min). */
  readonly timestampWindowMs: number;
  /** How long after its request's Timestamp a nonce is remembered; must exceed the window. */
  readonly nonceTtlMs: number;
  /** Nonces inside their window at most; past it new requests get Throttling.User (fail closed). */
  readonly nonceMaxEntries: number;
  readonly bodyLimitBytes: number;
  /** Node's limit on the request line plus headers: SDKs put base64 photos in the URL. */
  readonly maxHeaderBytes: number;
  /** Time allowed to receive the request line and headers (a slow-loris socket is closed after it). */
  readonly headersTimeoutMs: number;
  /** Time allowed to receive the whole request, body included; at least headersTimeoutMs. */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests. */
  readonly keepAliveTimeoutMs: number;
  /** Open connections at most; more are closed as they arrive. */
  readonly maxConnections: number;
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
  /** text: plain lines; json: one JSON object a line (pino), for log collectors. */
  readonly logFormat: LogFormat;
  /** Forward every ExecuteRequest to this live endpoint (re-signed with ALIBABA_CLOUD_* credentials). */
  readonly proxy?: string;
  /** With proxy: write each live answer as a fixture rule into this directory. */
  readonly recordDir?: string;
  /** `memory` (default) or a redis:// URL: where verifications, nonces, the journal, API fixture rules and counters live. */
  readonly store: string;
  /** Prefix of every Redis key, so several mocks can share one Redis. */
  readonly storePrefix: string;
  /** Longest a store command may take before the request answers ServiceUnavailable. */
  readonly storeTimeoutMs: number;
}

export const DEFAULT_CONFIG: SafMockConfig = {
  host: DEFAULT_HOST,
  port: DEFAULT_PORT,
  accessKeys: [DEMO_ACCESS_KEY],
  timestampWindowMs: 15 * 60_000,
  // The window plus a margin: past Timestamp + window a replay fails the timestamp check anyway.
  nonceTtlMs: 16 * 60_000,
  // 2^21 slots of 14 bytes (~29 MB preallocated, touched as it fills).
  nonceMaxEntries: 1_200_000,
  bodyLimitBytes: 12 * 1024 * 1024,
  maxHeaderBytes: 16 * 1024 * 1024,
  headersTimeoutMs: 30_000,
  // A 12 MB body at 100 KB/s, a slow mobile uplink.
  requestTimeoutMs: 120_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1024,
  codes: 'detailed',
  dataShape: 'docs',
  completeAfterMs: 0,
  sessionTtlMs: 24 * 3_600_000,
  sessionMaxEntries: 20_000,
  journalMaxEntries: 1_000,
  logRequests: false,
  store: 'memory',
  storePrefix: 'saf-mock:',
  storeTimeoutMs: 2_000,
  logFormat: 'text',
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Builds a config from partial settings, checking each; throws ConfigError with a one-line reason. */
export function resolveConfig(partial: Partial<SafMockConfig> = {}): SafMockConfig {
  const config: SafMockConfig = { ...DEFAULT_CONFIG, ...stripUndefined(partial) };
  const int = (name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): void => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
    }
  };
  const text = (name: string, value: unknown): void => {
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) throw new ConfigError(`${name} must be a non-empty string, got ${JSON.stringify(value)}`);
  };
  int('port', config.port, 0, 65535);
  text('host', config.host);
  if (!Array.isArray(config.accessKeys) || config.accessKeys.length === 0) throw new ConfigError('at least one access key is required (an array of ID:SECRET)');
  for (const key of config.accessKeys) {
    if (typeof key !== 'object' || key === null || typeof key.id !== 'string' || !/^[\w.-]+$/.test(key.id) || typeof key.secret !== 'string' || key.secret === '') {
      throw new ConfigError(`invalid access key ${JSON.stringify(key)}: expected an id of letters, digits, "_", "." or "-" and a non-empty secret`);
    }
    if (key.codes !== undefined && key.codes !== 'unified' && key.codes !== 'detailed') throw new ConfigError(`code mode for "${key.id}" must be unified or detailed`);
  }
  int('timestamp window (ms)', config.timestampWindowMs, 1000);
  int('nonce TTL (ms)', config.nonceTtlMs, 1000);
  if (config.nonceTtlMs <= config.timestampWindowMs) throw new ConfigError('nonce TTL must be longer than the timestamp window');
  int('nonce store size', config.nonceMaxEntries, 1, 100_000_000);
  int('body limit (bytes)', config.bodyLimitBytes, 1024);
  int('header limit (bytes)', config.maxHeaderBytes, 16 * 1024);
  int('headers timeout (ms)', config.headersTimeoutMs, 10, 3_600_000);
  int('request timeout (ms)', config.requestTimeoutMs, 10, 24 * 3_600_000);
  if (config.requestTimeoutMs < config.headersTimeoutMs) throw new ConfigError('the request timeout must be at least the headers timeout');
  int('keep-alive timeout (ms)', config.keepAliveTimeoutMs, 10, 3_600_000);
  int('max connections', config.maxConnections, 1, 1_000_000);
  if (config.codes !== 'detailed' && config.codes !== 'unified') throw new ConfigError(`codes must be detailed or unified, got ${JSON.stringify(config.codes)}`);
  if (config.dataShape !== 'docs' && config.dataShape !== 'sdk') throw new ConfigError(`data shape must be docs or sdk, got ${JSON.stringify(config.dataShape)}`);
  if (config.completeAfterMs !== null) int('complete-after (ms)', config.completeAfterMs, 0, 24 * 3_600_000);
  if (config.seed !== undefined) int('seed', config.seed, 0, 2 ** 31 - 1);
  text('fixtures directory', config.fixturesDir);
  text('admin token', config.adminToken);
  int('session TTL (ms)', config.sessionTtlMs, 1000);
  int('session store size', config.sessionMaxEntries, 1);
  int('journal size', config.journalMaxEntries, 0, 1_000_000);
  if (typeof config.logRequests !== 'boolean') throw new ConfigError(`logRequests must be true or false, got ${JSON.stringify(config.logRequests)}`);
  if (config.logFormat !== 'text' && config.logFormat !== 'json') throw new ConfigError(`log format must be text or json, got ${JSON.stringify(config.logFormat)}`);
  text('proxy endpoint', config.proxy);
  text('record directory', config.recordDir);
  if (config.proxy !== undefined) checkEndpoint(config.proxy);
  if (config.recordDir && !config.proxy) throw new ConfigError('--record needs --proxy');
  text('store', config.store);
  const storeProblem = checkStoreSpec(config.store);
  if (storeProblem) throw new ConfigError(storeProblem);
  text('store prefix', config.storePrefix);
  int('store timeout (ms)', config.storeTimeoutMs, 10, 60_000);
  return config;
}

/** A live endpoint: a host name (HTTPS) or an http(s) URL. */
function checkEndpoint(endpoint: string): void {
  let url: URL;
  try {
    url = new URL(endpoint.includes('://') ? endpoint : `https://${endpoint}`);
  } catch {
    throw new ConfigError(`proxy endpoint "${endpoint}" is neither a host name nor an http(s) URL`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new ConfigError(`proxy endpoint "${endpoint}" is neither a host name nor an http(s) URL`);
  }
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
