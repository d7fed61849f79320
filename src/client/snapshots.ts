import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { percentEncode } from '../gateway/encode.js';
import { CLIENT_KINDS, type ClientKind, type ExecuteResult } from './adapter.js';
import type { BodyFormat } from './body.js';
import { keyIdAsParameter, type Credentials } from './credentials.js';
import type { CaseRun, SuiteReport } from './runner.js';
import type { Target } from './targets.js';

/**
 * Parity snapshots: what live answered to each live-safe case, normalised (RequestId, ids, times, hosts and
 * keys replaced), with the date it was last validated against live. A live run writes them; a mock run
 * compares with them and says, field by field, where the mock differs.
 */

/** contracts/snapshots/ of this package (beside src/ and dist/). */
export const DEFAULT_SNAPSHOT_DIR = fileURLToPath(new URL('../../contracts/snapshots/', import.meta.url));

export type JsonLike = string | number | boolean | null | JsonLike[] | { [key: string]: JsonLike };

export interface NormalisedExchange {
  readonly status: number;
  readonly contentType: string | null;
  readonly format: BodyFormat;
  /** XML only. */
  readonly xmlRoot?: string;
  /** Data arrived as an object or as a JSON string (its parsed, normalised form is in body.Data). */
  readonly dataEncoding?: 'object' | 'string';
  readonly body: JsonLike;
  /** What the SDK raised: its name and code (the message carries the URL and is left out). */
  readonly sdkError: { readonly name: string; readonly code: string | number | null } | null;
}

/** Where a snapshot came from: real live SAF, or a saf-mock standing in for it (detected by its x-saf-mock-scenario header). */
export type SnapshotSource = 'live' | 'stand-in';

export interface SnapshotFile {
  readonly case: string;
  readonly title: string;
  readonly source: SnapshotSource;
  /** The endpoint host that answered (live), or "saf-mock stand-in". */
  readonly recordedFrom: string;
  /** YYYY-MM-DD of the last run against live that wrote this case; null for a stand-in recording. */
  readonly lastValidated: string | null;
  /** YYYY-MM-DD of the recording. */
  readonly recordedAt: string;
  /** client → step → exchange. */
  readonly exchanges: Record<string, Record<string, NormalisedExchange>>;
}

const ID_FIELDS = new Set(['queryId', 'zimId', 'bizId', 'certifyId']);
const KEY_ID_FIELD = /^access_?key_?id$/i;
const TIME = /\d{4}-\d{2}-\d{2}T\d{2}(?::|%3A|%253A|%25253A)\d{2}(?::|%3A|%253A|%25253A)\d{2}(?:\.\d+)?Z/g;
const UUID = /\b[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\b/g;
const NONCE_V1 = /(SignatureNonce(?:=|%3D|%253D))[A-Za-z0-9._~-]+/g;
const NONCE_V3 = /(x-acs-signature-nonce:)[^\n]+/g;
const LONG_BASE64 = /[A-Za-z0-9+/_-]{200,}={0,2}/g;
/** An ACS3 string-to-sign: the hash of a canonical request that holds the date and nonce of each call. */
const ACS3_STRING_TO_SIGN = /(ACS3-HMAC-SHA256\n)[0-9a-f]{64}/g;

interface Scrubber {
  /** Secrets, STS tokens, hosts and RequestIds: replaced wherever they occur (a secret is better over-scrubbed). */
  readonly replacements: ReadonlyArray<readonly [string, string]>;
  /** AccessKeyIds, only where they stand as a parameter's value (`AccessKeyId%3DID%26`): a short id such as `a` is in every word. */
  readonly keyIds: readonly RegExp[];
}

function spellings(value: string): string[] {
  const once = percentEncode(value);
  return [value, once, percentEncode(once)];
}

/** The exact values to replace, longest first, so a host with its port goes before the bare host. */
export function scrubberFor(credentials: readonly Credentials[], endpoints: readonly string[], requestIds: readonly string[]): Scrubber {
  const pairs: Array<[string, string]> = [];
  const keyIds: RegExp[] = [];
  for (const c of credentials) {
    if (c.accessKeySecret.length >= 4) for (const s of spellings(c.accessKeySecret)) pairs.push([s, '<AccessKeySecret>']);
    if (c.securityToken) for (const s of spellings(c.securityToken)) pairs.push([s, '<SecurityToken>']);
    if (c.accessKeyId.length > 0) keyIds.push(keyIdAsParameter(c.accessKeyId));
  }
  for (const e of endpoints) {
    const url = new URL(e);
    pairs.push([url.host, '<host>'], [url.hostname, '<host>']);
  }
  for (const id of requestIds) pairs.push([id, '<RequestId>']);
  pairs.sort((a, b) => b[0].length - a[0].length);
  return { replacements: pairs.filter(([from]) => from.length > 0), keyIds };
}

export function scrubText(text: string, scrubber: Scrubber): string {
  let out = text;
  for (const [from, to] of scrubber.replacements) out = out.split(from).join(to);
  for (const pattern of scrubber.keyIds) out = out.replace(pattern, '$1<AccessKeyId>');
  return out
    .replace(TIME, '<time>')
    .replace(NONCE_V1, '$1<nonce>')
    .replace(NONCE_V3, '$1<nonce>')
    .replace(ACS3_STRING_TO_SIGN, '$1<sha256>')
    .replace(LONG_BASE64, '<base64>')
    .replace(UUID, '<uuid>');
}

function normaliseValue(value: unknown, key: string | undefined, scrubber: Scrubber): JsonLike {
  if (key === 'RequestId' && typeof value === 'string') return '<RequestId>';
  if (key === 'HostId' && typeof value === 'string') return '<host>';
  // A field holding a key id, whole; elsewhere a value equal to a short id ("400") is just a value.
  if (key !== undefined && KEY_ID_FIELD.test(key) && typeof value === 'string' && value !== '') return '<AccessKeyId>';
  if (key !== undefined && ID_FIELDS.has(key) && typeof value === 'string') return value === '' ? '' : '<id>';
  if (key === 'image' && typeof value === 'string') return '<image>';
  if (key === 'score' && (typeof value === 'string' || typeof value === 'number')) return '<score>';
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return scrubText(value, scrubber);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v) => normaliseValue(v, undefined, scrubber));
  if (typeof value === 'object') {
    const out: { [k: string]: JsonLike } = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = normaliseValue(v, k, scrubber);
    return out;
  }
  return String(value);
}

/** One answer, with everything that differs between two identical calls replaced by a placeholder. */
export function normaliseExchange(result: ExecuteResult, credentials: readonly Credentials[], endpoints: readonly string[]): NormalisedExchange {
  const requestIds = result.requestId ? [result.requestId] : [];
  const scrubber = scrubberFor(credentials, endpoints, requestIds);
  let body: JsonLike;
  if (result.parsed) {
    const parsed: Record<string, unknown> = { ...result.parsed };
    if (result.dataEncoding === 'string' && result.data !== null && typeof result.data === 'object') parsed.Data = result.data;
    body = normaliseValue(parsed, undefined, scrubber);
  } else {
    body = scrubText(result.body, scrubber);
  }
  return {
    status: result.status,
    contentType: result.contentType ?? null,
    format: result.format,
    ...(result.xmlRoot ? { xmlRoot: result.xmlRoot } : {}),
    ...(result.dataEncoding ? { dataEncoding: result.dataEncoding } : {}),
    body,
    sdkError: result.error ? { name: scrubText(result.error.name, scrubber), code: result.error.code ?? null } : null,
  };
}

function targetEndpoints(target: Target): string[] {
  return [...new Set([target.endpointFor('face_verify'), target.endpointFor('intl_face_verify')])];
}

/** client → step → exchange, for the steps that got an answer. */
export function exchangesOf(runs: readonly CaseRun[], target: Target): Record<string, Record<string, NormalisedExchange>> {
  const out: Record<string, Record<string, NormalisedExchange>> = {};
  const endpoints = targetEndpoints(target);
  for (const run of [...runs].sort((a, b) => CLIENT_KINDS.indexOf(a.client) - CLIENT_KINDS.indexOf(b.client))) {
    const steps: Record<string, NormalisedExchange> = {};
    for (const step of run.steps) if (step.result && step.result.status > 0) steps[step.name] = normaliseExchange(step.result, [target.credentials], endpoints);
    if (Object.keys(steps).length > 0) out[run.client] = steps;
  }
  return out;
}

function isStandIn(runs: readonly CaseRun[]): boolean {
  return runs.some((r) => r.steps.some((s) => s.result?.headers['x-saf-mock-scenario'] !== undefined));
}

function groupByCase(runs: readonly CaseRun[]): Map<string, CaseRun[]> {
  const groups = new Map<string, CaseRun[]>();
  for (const run of runs) {
    if (run.outcome === 'skipped') continue;
    const list = groups.get(run.case.id) ?? [];
    list.push(run);
    groups.set(run.case.id, list);
  }
  return groups;
}

export function snapshotPath(dir: string, caseId: string): string {
  return join(dir, `${caseId}.json`);
}

export function readSnapshot(dir: string, caseId: string): SnapshotFile | undefined {
  const file = snapshotPath(dir, caseId);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as SnapshotFile;
}

export function listSnapshots(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

export interface WriteOptions {
  readonly dir: string;
  /** Today, as YYYY-MM-DD (injectable for tests). */
  readonly date?: string;
  /** Let a stand-in recording replace a snapshot validated against live. */
  readonly force?: boolean;
}

export interface WriteOutcome {
  readonly written: string[];
  /** Live-validated snapshots a stand-in run did not overwrite. */
  readonly kept: string[];
  readonly source: SnapshotSource | undefined;
}

/** After a live run: one file per live-safe case that got answers. */
export function writeSnapshots(report: SuiteReport, target: Target, options: WriteOptions): WriteOutcome {
  const date = options.date ?? new Date().toISOString().slice(0, 10);
  mkdirSync(options.dir, { recursive: true });
  const written: string[] = [];
  const kept: string[] = [];
  let source: SnapshotSource | undefined;
  for (const [caseId, runs] of groupByCase(report.runs)) {
    const c = runs[0]!.case;
    if (c.live !== 'safe') continue;
    const exchanges = exchangesOf(runs, target);
    if (Object.keys(exchanges).length === 0) continue;
    const standIn = isStandIn(runs);
    source = standIn ? 'stand-in' : 'live';
    const previous = readSnapshot(options.dir, caseId);
    if (standIn && previous?.source === 'live' && !options.force) {
      kept.push(caseId);
      continue;
    }
    // Clients not run this time keep their answers, as long as they came from the same kind of source.
    const merged = previous && previous.source === source ? { ...previous.exchanges, ...exchanges } : exchanges;
    const ordered: Record<string, Record<string, NormalisedExchange>> = {};
    for (const client of CLIENT_KINDS) if (merged[client]) ordered[client] = merged[client];
    const firstService = c.steps.find((s) => s.kind === 'call');
    const host = firstService && firstService.kind === 'call' ? new URL(target.endpointFor(firstService.service)).host : '';
    const file: SnapshotFile = {
      case: caseId,
      title: c.title,
      source,
      recordedFrom: standIn ? 'saf-mock stand-in' : host,
      lastValidated: standIn ? null : date,
      recordedAt: date,
      exchanges: ordered,
    };
    const path = snapshotPath(options.dir, caseId);
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(file, null, 2) + '\n');
    renameSync(tmp, path);
    written.push(caseId);
  }
  return { written, kept, source };
}

export interface Difference {
  readonly path: string;
  /** undefined: absent on that side. */
  readonly live: JsonLike | undefined;
  readonly mock: JsonLike | undefined;
}

export interface ParityDiff {
  readonly caseId: string;
  readonly client: ClientKind;
  /** A difference from a live-validated snapshot fails the run; from a stand-in one it is a warning. */
  readonly severity: 'failure' | 'warning';
  readonly snapshot: Pick<SnapshotFile, 'source' | 'recordedFrom' | 'lastValidated' | 'recordedAt'>;
  readonly differences: readonly Difference[];
}

export interface ParityReport {
  readonly compared: number;
  readonly diffs: readonly ParityDiff[];
  /** Live-safe cases that ran but have no snapshot yet. */
  readonly missing: readonly string[];
}

export function diffValues(live: JsonLike | undefined, mock: JsonLike | undefined, path = ''): Difference[] {
  if (live === undefined && mock === undefined) return [];
  const bothObjects = live !== null && mock !== null && typeof live === 'object' && typeof mock === 'object' && !Array.isArray(live) && !Array.isArray(mock);
  if (bothObjects) {
    const out: Difference[] = [];
    const keys = [...new Set([...Object.keys(live), ...Object.keys(mock)])];
    for (const key of keys) out.push(...diffValues(live[key], mock[key], path ? `${path}.${key}` : key));
    return out;
  }
  if (Array.isArray(live) && Array.isArray(mock) && live.length === mock.length) {
    return live.flatMap((item, i) => diffValues(item, mock[i], `${path}[${i}]`));
  }
  return JSON.stringify(live) === JSON.stringify(mock) ? [] : [{ path: path || '(whole)', live, mock }];
}

/** After a mock run: each live-safe case's answers against its snapshot. */
export function compareSnapshots(report: SuiteReport, target: Target, dir: string): ParityReport {
  const diffs: ParityDiff[] = [];
  const missing: string[] = [];
  let compared = 0;
  for (const [caseId, runs] of groupByCase(report.runs)) {
    if (runs[0]!.case.live !== 'safe') continue;
    const snapshot = readSnapshot(dir, caseId);
    if (!snapshot) {
      missing.push(caseId);
      continue;
    }
    const exchanges = exchangesOf(runs, target);
    for (const run of runs) {
      const expected = snapshot.exchanges[run.client];
      if (!expected) continue;
      compared++;
      const differences = diffValues(expected as unknown as JsonLike, (exchanges[run.client] ?? {}) as unknown as JsonLike);
      if (differences.length === 0) continue;
      diffs.push({
        caseId,
        client: run.client,
        severity: snapshot.source === 'live' ? 'failure' : 'warning',
        snapshot: { source: snapshot.source, recordedFrom: snapshot.recordedFrom, lastValidated: snapshot.lastValidated, recordedAt: snapshot.recordedAt },
        differences,
      });
    }
  }
  return { compared, diffs, missing };
}

/** A long string shown around its first difference from the other side. */
function excerpt(value: JsonLike | undefined, other: JsonLike | undefined): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  const otherText = other === undefined ? '' : JSON.stringify(other);
  if (text.length <= 120) return text;
  let at = 0;
  while (at < text.length && text[at] === otherText[at]) at++;
  const start = Math.max(0, at - 40);
  return `${start > 0 ? '…' : ''}${text.slice(start, start + 120)}${start + 120 < text.length ? '…' : ''}`;
}

/** The diff as a person reads it: one block per case and client, one line pair per differing field. */
export function formatDiff(diff: ParityDiff): string {
  const s = diff.snapshot;
  const against = s.source === 'live' ? `live ${s.recordedFrom}, last validated ${s.lastValidated ?? '?'}` : `a saf-mock stand-in recording of ${s.recordedAt} (not validated against live)`;
  const lines = [`${diff.severity === 'failure' ? 'PARITY' : 'parity'} ${diff.caseId} [${diff.client}] differs from ${against}:`];
  const width = Math.min(40, Math.max(...diff.differences.map((d) => d.path.length)));
  for (const d of diff.differences) {
    lines.push(`    ${d.path.padEnd(width)}  live: ${excerpt(d.live, d.mock)}`);
    lines.push(`    ${''.padEnd(width)}  mock: ${excerpt(d.mock, d.live)}`);
  }
  return lines.join('\n');
}
