import { ConfigError, DEFAULT_HOST, parseAccessKeys, resolveConfig, type SafMockConfig } from '../config.js';
import { DEMO_ACCESS_KEY, type AccessKey } from '../gateway/credentials.js';
import type { CodeMode } from '../saf/catalog.js';
import type { DataShape } from '../saf/types.js';
import { startServer } from '../server.js';
import type { LogFormat } from '../log/logger.js';

/** The settings of the `saf-mock` command, as options (times in the CLI's units). */
export interface SafMockOptions {
  /** Port to listen on; default 0 (a free port). */
  readonly port?: number;
  /** Address to bind; default 127.0.0.1. */
  readonly host?: string;
  /** Accepted keys as `ID:SECRET[:unified|detailed]` or objects; default the demo key. The first is the one returned. */
  readonly accessKeys?: ReadonlyArray<string | AccessKey>;
  /** detailed (default) or unified codes. */
  readonly codes?: CodeMode;
  /** docs (default) or sdk: how Data is shaped. */
  readonly dataShape?: DataShape;
  /** A new verification passes by itself after this many ms (default 0); 'never' holds it pending until completed. */
  readonly completeAfter?: number | 'never';
  /** Seed for generated ids and data: the same calls give the same answers in every run. */
  readonly seed?: number;
  /** Directory of fixture rule files (JSON/YAML), watched for changes. */
  readonly fixtures?: string;
  /** Require this token on the control API. */
  readonly adminToken?: string;
  /** Accepted clock difference of a request, in seconds (default 900). */
  readonly timestampWindow?: number;
  /** How long after its request's Timestamp a SignatureNonce is remembered, in seconds (default 960). */
  readonly nonceTtl?: number;
  /** Largest request body accepted, in bytes. */
  readonly bodyLimit?: number;
  /** Requests kept in the journal. */
  readonly journalSize?: number;
  /** Print one line per request (to `log`). */
  readonly logRequests?: boolean;
  /** text (default) or json: one JSON object a line (pino), for log collectors. */
  readonly logFormat?: LogFormat;
  /** Forward every ExecuteRequest to this live endpoint, re-signed with the ALIBABA_CLOUD_* credentials of `env`. */
  readonly proxy?: string;
  /** With proxy: write each live answer as a fixture rule into this directory. */
  readonly record?: string;
  /** Where proxy credentials (ALIBABA_CLOUD_*) come from; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where state lives: 'memory' (default) or a redis:// URL shared by several mocks. */
  readonly store?: string;
  /** Prefix of every Redis key (default saf-mock:). */
  readonly storePrefix?: string;
  /** Receives the mock's log lines; default: discarded, or stdout with logRequests. */
  readonly log?: (line: string) => void;
}

/** A running in-process mock. Point an SDK at `endpoint` (pop-core) or `host:port` with protocol http (Tea clients). */
export interface SafMock {
  /** e.g. http://127.0.0.1:40123 */
  readonly endpoint: string;
  /** The address listened on, e.g. 127.0.0.1. */
  readonly host: string;
  readonly port: number;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** The control API's base URL: `${endpoint}/__saf`. */
  readonly controlUrl: string;
  /** Forgets verifications, journal, nonces, counters and API fixture rules (of one AccessKeyId, or all). */
  reset(accessKeyId?: string): Promise<void>;
  /** Stops the server and ends every open connection. */
  close(): Promise<void>;
}

function toConfig(options: SafMockOptions): SafMockConfig {
  if (options.accessKeys !== undefined && !Array.isArray(options.accessKeys)) {
    throw new ConfigError(`accessKeys must be an array of 'ID:SECRET' strings or {id, secret} objects, got ${JSON.stringify(options.accessKeys)}`);
  }
  const keys: AccessKey[] = (options.accessKeys ?? [DEMO_ACCESS_KEY]).map((key) => (typeof key === 'string' ? parseAccessKeys([key])[0]! : key));
  const seconds = (value: number | undefined): number | undefined => (value === undefined ? undefined : value * 1000);
  if (options.completeAfter !== undefined && options.completeAfter !== 'never' && (!Number.isInteger(options.completeAfter) || options.completeAfter < 0)) {
    throw new ConfigError(`completeAfter must be a whole number of ms or 'never', got ${String(options.completeAfter)}`);
  }
  return resolveConfig({
    host: options.host ?? DEFAULT_HOST,
    port: options.port ?? 0,
    accessKeys: keys,
    codes: options.codes,
    dataShape: options.dataShape,
    completeAfterMs: options.completeAfter === undefined ? undefined : options.completeAfter === 'never' ? null : options.completeAfter,
    seed: options.seed,
    fixturesDir: options.fixtures,
    adminToken: options.adminToken,
    timestampWindowMs: seconds(options.timestampWindow),
    nonceTtlMs: seconds(options.nonceTtl),
    bodyLimitBytes: options.bodyLimit,
    journalMaxEntries: options.journalSize,
    logRequests: options.logRequests,
    logFormat: options.logFormat,
    proxy: options.proxy,
    recordDir: options.record,
    store: options.store,
    storePrefix: options.storePrefix,
  });
}

/**
 * Starts the mock in this process on a free port (by default) and resolves once it listens:
 * no separate process for a test suite. Throws ConfigError for an invalid option.
 */
export async function startSafMock(options: SafMockOptions = {}): Promise<SafMock> {
  const config = toConfig(options);
  const log = options.log ?? (options.logRequests ? (line: string) => process.stdout.write(line + '\n') : () => {});
  // Loaded only with proxy: the live client is not on the plain mock's start-up path.
  const proxy = config.proxy ? (await import('../proxy-live.js')).createProxyFromEnv(config, options.env ?? process.env, log) : undefined;
  const server = await startServer(config, { log, proxy });
  const key = config.accessKeys[0]!;
  return {
    endpoint: server.url,
    host: server.host,
    port: server.port,
    accessKeyId: key.id,
    accessKeySecret: key.secret,
    controlUrl: `${server.url}/__saf`,
    reset: (accessKeyId) => server.runtime.reset(accessKeyId),
    close: () => server.close(),
  };
}
