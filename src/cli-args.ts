import { parseArgs } from 'node:util';
import { ConfigError, DEFAULT_CONFIG, DEFAULT_PORT, parseAccessKeys, resolveConfig, type SafMockConfig } from './config.js';
import type { CodeMode } from './saf/catalog.js';
import type { DataShape } from './saf/types.js';
import type { LogFormat } from './log/logger.js';

/** Every flag, its env name and its help line: the one table that --help and the parser read. */
export const FLAGS = [
  { flag: 'port', env: 'SAF_MOCK_PORT', arg: 'N', help: `port to listen on; 0 picks a free one (default ${DEFAULT_PORT})` },
  { flag: 'host', env: 'SAF_MOCK_HOST', arg: 'ADDR', help: `address to bind (default ${DEFAULT_CONFIG.host})` },
  { flag: 'access-key', env: 'SAF_MOCK_ACCESS_KEYS', arg: 'ID:SECRET[:MODE]', help: 'an accepted AccessKey; repeatable (env: comma-separated). MODE unified|detailed overrides --codes for that key. Default: the demo key' },
  { flag: 'codes', env: 'SAF_MOCK_CODES', arg: 'MODE', help: 'detailed (default: every documented code and Z-subcode) or unified (the six unified codes only, as for a customer who did not opt in)' },
  { flag: 'data-shape', env: 'SAF_MOCK_DATA_SHAPE', arg: 'SHAPE', help: 'docs (default: Data as the product docs show it) or sdk (as the typed SDK models declare it)' },
  { flag: 'complete-after', env: 'SAF_MOCK_COMPLETE_AFTER', arg: 'MS|never', help: 'a new verification passes by itself after MS ms (default 0); never holds it pending until completed through the control API' },
  { flag: 'seed', env: 'SAF_MOCK_SEED', arg: 'N', help: 'seed for generated ids and data, repeatable across runs (default: random)' },
  { flag: 'fixtures', env: 'SAF_MOCK_FIXTURES', arg: 'DIR', help: 'load fixture rules from the JSON/YAML files in DIR; reloaded when they change' },
  { flag: 'admin-token', env: 'SAF_MOCK_ADMIN_TOKEN', arg: 'TOKEN', help: 'require this token on the control API (/__saf/*, health excepted)' },
  { flag: 'timestamp-window', env: 'SAF_MOCK_TIMESTAMP_WINDOW', arg: 'SECONDS', help: 'accepted clock difference of a request (default 900)' },
  { flag: 'nonce-ttl', env: 'SAF_MOCK_NONCE_TTL', arg: 'SECONDS', help: `how long after its request's Timestamp a SignatureNonce is remembered; must exceed the window (default ${DEFAULT_CONFIG.nonceTtlMs / 1000})` },
  { flag: 'nonce-capacity', env: 'SAF_MOCK_NONCE_CAPACITY', arg: 'N', help: `nonces remembered at most (14 bytes each, at most ~29 MB for the default ${DEFAULT_CONFIG.nonceMaxEntries}); when full, new requests get Throttling.User until older ones leave the window` },
  { flag: 'body-limit', env: 'SAF_MOCK_BODY_LIMIT', arg: 'BYTES', help: `largest request body accepted (default ${DEFAULT_CONFIG.bodyLimitBytes})` },
  { flag: 'headers-timeout', env: 'SAF_MOCK_HEADERS_TIMEOUT', arg: 'SECONDS', help: `time to receive the request line and headers; slower sockets are answered 408 and closed (default ${DEFAULT_CONFIG.headersTimeoutMs / 1000})` },
  { flag: 'request-timeout', env: 'SAF_MOCK_REQUEST_TIMEOUT', arg: 'SECONDS', help: `time to receive a whole request, body included (default ${DEFAULT_CONFIG.requestTimeoutMs / 1000}: the body limit at 100 KB/s)` },
  { flag: 'keep-alive-timeout', env: 'SAF_MOCK_KEEP_ALIVE_TIMEOUT', arg: 'SECONDS', help: `idle time before a keep-alive connection is closed (default ${DEFAULT_CONFIG.keepAliveTimeoutMs / 1000})` },
  { flag: 'max-connections', env: 'SAF_MOCK_MAX_CONNECTIONS', arg: 'N', help: `open connections at most; more are closed on arrival (default ${DEFAULT_CONFIG.maxConnections})` },
  { flag: 'journal-size', env: 'SAF_MOCK_JOURNAL_SIZE', arg: 'N', help: `requests kept in the journal (default ${DEFAULT_CONFIG.journalMaxEntries})` },
  { flag: 'log-requests', env: 'SAF_MOCK_LOG_REQUESTS', arg: '', help: 'print one line per request (env: 1/true/yes/on)' },
  { flag: 'log-format', env: 'SAF_MOCK_LOG_FORMAT', arg: 'FORMAT', help: 'text (default: plain lines) or json (one JSON object a line, pino: time, level, requestId, masked accessKeyId, service, method, status, code, scenario, durationMs)' },
  { flag: 'proxy', env: 'SAF_MOCK_PROXY', arg: 'URL', help: 'forward every ExecuteRequest to this live endpoint, re-signed with ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET' },
  { flag: 'record', env: 'SAF_MOCK_RECORD', arg: 'DIR', help: 'with --proxy: write each live answer as a fixture rule into DIR' },
  { flag: 'store', env: 'SAF_MOCK_STORE', arg: 'memory|URL', help: 'where state lives: memory (default) or redis://[user:password@]host:port[/db], shared by every replica pointed at it' },
  { flag: 'store-prefix', env: 'SAF_MOCK_STORE_PREFIX', arg: 'PREFIX', help: `prefix of every Redis key, so several mocks can share one Redis (default ${DEFAULT_CONFIG.storePrefix})` },
  { flag: 'store-timeout', env: 'SAF_MOCK_STORE_TIMEOUT', arg: 'MS', help: `longest a Redis command may take before the request answers ServiceUnavailable (default ${DEFAULT_CONFIG.storeTimeoutMs})` },
  { flag: 'help', env: '', arg: '', help: 'show this help' },
] as const;

export function helpText(): string {
  const lines = FLAGS.map((f) => {
    const left = `  --${f.flag}${f.arg ? ' ' + f.arg : ''}`;
    return `${left.padEnd(38)}${f.help}${f.env ? ` [env ${f.env}]` : ''}`;
  });
  return [
    'saf-mock: a local Alibaba Cloud SAF face-verification (ExecuteRequest) emulator',
    '',
    'Usage: saf-mock [options]',
    '       saf-mock contract [--target mock|url|live] [options]   (run the contract suite; see saf-mock contract --help)',
    '',
    'Options:',
    ...lines,
  ].join('\n');
}

function intArg(name: string, text: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(text.trim())) throw new ConfigError(`--${name} must be a whole number, got "${text}"`);
  const n = Number(text);
  if (n < min || n > max) throw new ConfigError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** 1/true/yes/on or 0/false/no/off (any case); anything else is refused rather than read as false. */
function booleanEnv(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(`${name} must be 1/true/yes/on or 0/false/no/off, got "${value}"`);
}

export type CliResult = { kind: 'help' } | { kind: 'run'; config: SafMockConfig };

/** Flags win over env; both are checked, and a bad one throws ConfigError with a one-line reason. */
export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv): CliResult {
  const options = Object.fromEntries(
    FLAGS.map((f) => [f.flag, f.flag === 'access-key' ? { type: 'string' as const, multiple: true } : f.arg === '' ? { type: 'boolean' as const } : { type: 'string' as const }]),
  );
  let values: Record<string, string | boolean | string[] | undefined>;
  // `--port -1` would read as an unknown option: glue a value that starts with '-' to its flag, so the
  // flag's own check names the problem.
  const valued = new Set(FLAGS.filter((f) => f.arg !== '').map((f) => `--${f.flag}`));
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (valued.has(arg) && next !== undefined && next.startsWith('-') && !next.startsWith('--')) {
      args.push(`${arg}=${next}`);
      i++;
    } else {
      args.push(arg);
    }
  }
  try {
    values = parseArgs({ args, options, strict: true, allowPositionals: false }).values as typeof values;
  } catch (e) {
    throw new ConfigError((e as Error).message.split('\n')[0] ?? 'invalid arguments');
  }
  if (values.help) return { kind: 'help' };
  const get = (flag: string, envName: string): string | undefined => {
    const v = values[flag];
    if (typeof v === 'string') return v;
    const e = env[envName];
    return e === undefined || e === '' ? undefined : e;
  };
  const port = get('port', 'SAF_MOCK_PORT');
  const keysFlag = values['access-key'] as string[] | undefined;
  const keysEnv = env.SAF_MOCK_ACCESS_KEYS;
  const keys = keysFlag ?? (keysEnv ? keysEnv.split(',').map((s) => s.trim()).filter(Boolean) : undefined);
  const completeAfter = get('complete-after', 'SAF_MOCK_COMPLETE_AFTER');
  const codes = get('codes', 'SAF_MOCK_CODES');
  const shape = get('data-shape', 'SAF_MOCK_DATA_SHAPE');
  const seconds = (flag: string, envName: string): number | undefined => {
    const v = get(flag, envName);
    return v === undefined ? undefined : intArg(flag, v, 1, 7 * 24 * 3600) * 1000;
  };
  const numeric = (flag: string, envName: string, min: number, max: number): number | undefined => {
    const v = get(flag, envName);
    return v === undefined ? undefined : intArg(flag, v, min, max);
  };
  if (codes !== undefined && codes !== 'detailed' && codes !== 'unified') throw new ConfigError(`--codes must be detailed or unified, got "${codes}"`);
  if (shape !== undefined && shape !== 'docs' && shape !== 'sdk') throw new ConfigError(`--data-shape must be docs or sdk, got "${shape}"`);
  const logFormat = get('log-format', 'SAF_MOCK_LOG_FORMAT');
  if (logFormat !== undefined && logFormat !== 'text' && logFormat !== 'json') throw new ConfigError(`--log-format must be text or json, got "${logFormat}"`);
  const config = resolveConfig({
    host: get('host', 'SAF_MOCK_HOST'),
    port: port === undefined ? undefined : intArg('port', port, 0, 65535),
    accessKeys: keys === undefined ? undefined : parseAccessKeys(keys),
    codes: codes as CodeMode | undefined,
    dataShape: shape as DataShape | undefined,
    completeAfterMs: completeAfter === undefined ? undefined : completeAfter === 'never' ? null : intArg('complete-after', completeAfter, 0, 24 * 3_600_000),
    seed: numeric('seed', 'SAF_MOCK_SEED', 0, 2 ** 31 - 1),
    fixturesDir: get('fixtures', 'SAF_MOCK_FIXTURES'),
    adminToken: get('admin-token', 'SAF_MOCK_ADMIN_TOKEN'),
    timestampWindowMs: seconds('timestamp-window', 'SAF_MOCK_TIMESTAMP_WINDOW'),
    nonceTtlMs: seconds('nonce-ttl', 'SAF_MOCK_NONCE_TTL'),
    nonceMaxEntries: numeric('nonce-capacity', 'SAF_MOCK_NONCE_CAPACITY', 1, 100_000_000),
    bodyLimitBytes: numeric('body-limit', 'SAF_MOCK_BODY_LIMIT', 1024, 1024 ** 3),
    headersTimeoutMs: seconds('headers-timeout', 'SAF_MOCK_HEADERS_TIMEOUT'),
    requestTimeoutMs: seconds('request-timeout', 'SAF_MOCK_REQUEST_TIMEOUT'),
    keepAliveTimeoutMs: seconds('keep-alive-timeout', 'SAF_MOCK_KEEP_ALIVE_TIMEOUT'),
    maxConnections: numeric('max-connections', 'SAF_MOCK_MAX_CONNECTIONS', 1, 1_000_000),
    journalMaxEntries: numeric('journal-size', 'SAF_MOCK_JOURNAL_SIZE', 0, 1_000_000),
    logRequests: values['log-requests'] === true ? true : booleanEnv('SAF_MOCK_LOG_REQUESTS', env.SAF_MOCK_LOG_REQUESTS),
    logFormat: logFormat as LogFormat | undefined,
    proxy: get('proxy', 'SAF_MOCK_PROXY'),
    recordDir: get('record', 'SAF_MOCK_RECORD'),
    store: get('store', 'SAF_MOCK_STORE'),
    storePrefix: get('store-prefix', 'SAF_MOCK_STORE_PREFIX'),
    storeTimeoutMs: numeric('store-timeout', 'SAF_MOCK_STORE_TIMEOUT', 10, 60_000),
  });
  return { kind: 'run', config };
}
