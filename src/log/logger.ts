import type { Logger as PinoLogger } from 'pino';
import { maskKeyId } from '../client/credentials.js';
import { scrub } from './scrub.js';

export type LogFormat = 'text' | 'json';

/** Where finished lines go (one line, no newline); default stdout. Tests pass their own. */
export type LineSink = (line: string) => void;

/** What a request leaves in the log, once answered. */
export interface RequestLogRecord {
  readonly requestId: string;
  readonly accessKeyId: string | null;
  readonly service: string | null;
  readonly method: string | null;
  readonly status: number;
  readonly code: string | number | null;
  /** The catalog id, fixture rule or `default` that decided the answer. */
  readonly scenario: string;
  readonly durationMs: number;
}

type Fields = Readonly<Record<string, string | number | boolean | null>>;

/** The mock's log, in the chosen format. Messages are scrubbed of ID numbers, photos and signatures. */
export interface Log {
  readonly format: LogFormat;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  /** An unexpected exception, with the RequestId the client saw when there is one. */
  error(msg: string, err?: unknown, fields?: Fields): void;
  request(r: RequestLogRecord): void;
}

/** Pino's `redact` paths: a second guard for any structured field that could carry a secret or personal data. */
export const REDACT_PATHS: readonly string[] = [
  'secret',
  'accessKeySecret',
  'AccessKeySecret',
  'signature',
  'Signature',
  'SecurityToken',
  'authorization',
  'callbackToken',
  'certNumber',
  'certNo',
  'CertNo',
  'imgbase64',
  '*.secret',
  '*.accessKeySecret',
  '*.AccessKeySecret',
  '*.Signature',
  '*.SecurityToken',
  '*.authorization',
  '*.certNumber',
  '*.certNo',
  '*.CertNo',
  '*.imgbase64',
];

export function maskedKey(id: string | null): string | null {
  return id === null ? null : maskKeyId(id);
}

function errorText(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

function textLine(fields: Fields | undefined): string {
  if (!fields) return '';
  let out = '';
  for (const [k, v] of Object.entries(fields)) out += ` ${k}=${typeof v === 'string' ? scrub(v) : String(v)}`;
  return out;
}

/** Plain lines, as saf-mock always printed them (requests: time, RequestId, key, call, status, Code, scenario). */
export function textLog(sink: LineSink, now: () => number): Log {
  return {
    format: 'text',
    info: (msg, fields) => sink(scrub(msg) + textLine(fields)),
    warn: (msg, fields) => sink(`WARN ${scrub(msg)}${textLine(fields)}`),
    error: (msg, err, fields) => sink(`ERROR ${scrub(msg)}${textLine(fields)}${err === undefined ? '' : ' ' + scrub(errorText(err))}`),
    request: (r) => {
      const what = r.method ? `${r.service}.${r.method}` : (r.service ?? '-');
      sink(`${new Date(now()).toISOString()} ${r.requestId} ${maskedKey(r.accessKeyId) ?? '-'} ${what} → ${r.status} ${String(r.code ?? '-')} [${r.scenario}] ${r.durationMs} ms`);
    },
  };
}

type Pino = typeof import('pino').pino;
let pinoModule: Pino | undefined;
let loading: Promise<void> | undefined;

/** pino is loaded only when JSON logs are asked for: the text log costs no start-up time for it. */
export function loadPino(): Promise<void> {
  loading ??= import('pino').then((m) => {
    pinoModule = m.pino;
  });
  return loading;
}

/** One JSON object a line through pino: time, level, msg and the fields. */
export function jsonLog(sink: LineSink): Log {
  if (!pinoModule) throw new Error('pino is not loaded yet: await loadPino() first');
  const pino = pinoModule;
  const stream = { write: (s: string) => sink(s.endsWith('\n') ? s.slice(0, -1) : s) };
  const logger: PinoLogger = pino(
    {
      base: { name: 'saf-mock' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...REDACT_PATHS], censor: '***' },
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
  return {
    format: 'json',
    info: (msg, fields) => logger.info(fields ?? {}, scrub(msg)),
    warn: (msg, fields) => logger.warn(fields ?? {}, scrub(msg)),
    error: (msg, err, fields) =>
      logger.error({ ...fields, ...(err === undefined ? {} : { error: { type: err instanceof Error ? err.name : typeof err, message: scrub(err instanceof Error ? err.message : String(err)), stack: scrub(errorText(err)) } }) }, scrub(msg)),
    request: (r) =>
      logger.info(
        {
          requestId: r.requestId,
          accessKeyId: maskedKey(r.accessKeyId),
          service: r.service,
          method: r.method,
          status: r.status,
          code: r.code,
          scenario: r.scenario,
          durationMs: r.durationMs,
        },
        `${r.method ? `${r.service}.${r.method}` : (r.service ?? '-')} → ${r.status} ${String(r.code ?? '-')}`,
      ),
  };
}

/** The log of a running mock. JSON needs `loadPino()` first (startServer does it). */
export function createLog(format: LogFormat, sink: LineSink, now: () => number): Log {
  return format === 'json' ? jsonLog(sink) : textLog(sink, now);
}
