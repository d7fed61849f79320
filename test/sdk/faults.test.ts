/**
 * Faults (x-saf-mock-fault, fixture rules) as pop-core and openapi-client experience them, what Tea's
 * `autoretry` really does (nothing, in 0.4.15: the journal counts the attempts), and an application-level
 * "fail twice, then succeed" retry loop around each SDK.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { serverMock, VALID_CERT } from '../helpers/mock.js';
import { call, control, header, isPop, journal, resetMock, sleep, type SdkMode, type SdkResult } from './clients.js';

const INIT = { method: 'init', name: '张三', certNumber: VALID_CERT, metainfo: '{}' };
/** pop-core (both methods) and openapi-client in both signature algorithms. */
const MODES: readonly SdkMode[] = ['pop-get', 'pop-post', 'v2-query', 'acs3-body'];
const CLIENT_TIMEOUT_MS = 200;

let server: RunningServer;
let url: string;

beforeAll(async () => {
  server = await serverMock();
  url = server.url;
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  await resetMock(url);
});

function withFault(mode: SdkMode, fault: string, extra: { timeoutMs?: number; autoretry?: boolean; maxAttempts?: number } = {}): Promise<SdkResult> {
  return call(mode, url, { serviceParameters: INIT, headers: { 'x-saf-mock-fault': fault }, ...extra });
}

/** The journal once it holds `count` rows (a timed-out request is journaled when its socket closes). */
async function journalOf(count: number): Promise<Awaited<ReturnType<typeof journal>>> {
  for (let i = 0; i < 50; i++) {
    const rows = await journal(url);
    if (rows.length >= count) return rows;
    await sleep(20);
  }
  return journal(url);
}

describe.each(MODES)('faults via %s', (mode) => {
  const pop = isPop(mode);

  it('reset: the SDK rejects with ECONNRESET, nothing parsed', async () => {
    const r = await withFault(mode, 'reset');
    expect(r.body).toBeUndefined();
    expect(r.error!.code).toBe('ECONNRESET');
    expect(r.error!.message).toMatch(/^read ECONNRESET(GET|POST) http:\/\/127\.0\.0\.1:\d+\/.* failed\.$/);
    const rows = await journalOf(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ scenario: 'fault:reset', status: 0, outcome: 'fault' });
  });

  it(`timeout: the SDK gives up after its read timeout (${CLIENT_TIMEOUT_MS} ms)`, async () => {
    const started = Date.now();
    const r = await withFault(mode, 'timeout', { timeoutMs: CLIENT_TIMEOUT_MS });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(CLIENT_TIMEOUT_MS - 5);
    expect(elapsed).toBeLessThan(CLIENT_TIMEOUT_MS + 1500);
    expect(r.error!.name).toBe('RequestTimeoutError');
    expect(r.error!.message.startsWith(`ReadTimeout(${CLIENT_TIMEOUT_MS}).`)).toBe(true);
    const rows = await journalOf(1);
    expect(rows[0]).toMatchObject({ scenario: 'fault:timeout', status: 0, outcome: 'fault' });
  });

  it('empty: HTTP 200 with no body is a JSON parse error in the SDK', async () => {
    const r = await withFault(mode, 'empty');
    expect(r.error!.name).toBe('SyntaxError');
    if (pop) {
      // pop-core's json-bigint throws a plain object, not an Error.
      expect(r.error!.message).toBe("Unexpected ''");
      expect(r.error!.raw).not.toBeInstanceOf(Error);
    } else {
      expect(r.error!.raw).toBeInstanceOf(SyntaxError);
      expect(r.error!.message).toBe('Unexpected end of JSON input');
    }
    expect((await journalOf(1))[0]).toMatchObject({ scenario: 'fault:empty', status: 200, code: null, outcome: 'fault' });
  });

  it('malformed: a truncated JSON body is a JSON parse error in the SDK', async () => {
    const r = await withFault(mode, 'malformed');
    expect(r.error!.name).toBe('SyntaxError');
    if (pop) expect(r.error!.message).toBe('Bad string');
    else expect(r.error!.message).toMatch(/^Unterminated string in JSON at position \d+/);
    expect((await journalOf(1))[0]).toMatchObject({ scenario: 'fault:malformed', status: 200, outcome: 'fault' });
  });

  it('throttle: Throttling.User with HTTP 400 and x-acs-retry-after', async () => {
    const r = await withFault(mode, 'throttle');
    expect(r.error!.code).toBe('Throttling.User');
    expect(r.error!.statusCode).toBe(400);
    expect((r.error!.data as { Message: string }).Message).toBe('Request was denied due to user flow control.');
    if (pop) {
      expect(r.error!.name).toBe('Throttling.UserError');
      // pop-core keeps the response headers in err.entry: the retry hint is visible to the application.
      expect(header(r, 'x-acs-retry-after')).toBe('100');
    } else {
      // openapi-client 0.4.15 throws a plain Tea error: response headers are not exposed on it.
      expect(r.headers).toBeUndefined();
      expect(r.error!.message).toMatch(/^Throttling\.User: code: 400, Request was denied due to user flow control\. request id: [0-9A-F-]{36}$/);
    }
    expect((await journalOf(1))[0]).toMatchObject({ scenario: 'fault:throttle', status: 400, code: 'Throttling.User', outcome: 'fault' });
  });

  it('5xx: InternalError with HTTP 500', async () => {
    const r = await withFault(mode, '5xx');
    expect(r.error!.code).toBe('InternalError');
    expect(r.error!.statusCode).toBe(500);
    if (pop) expect(r.error!.name).toBe('InternalErrorError');
    expect((await journalOf(1))[0]).toMatchObject({ scenario: 'fault:5xx', status: 500, outcome: 'fault' });
  });

  it('503: ServiceUnavailable with HTTP 503', async () => {
    const r = await withFault(mode, '503');
    expect(r.error!.code).toBe('ServiceUnavailable');
    expect(r.error!.statusCode).toBe(503);
    if (pop) expect(r.error!.name).toBe('ServiceUnavailableError');
    expect((r.error!.data as { Message: string }).Message).toBe('The request has failed due to a temporary failure of the server.');
    expect((await journalOf(1))[0]).toMatchObject({ scenario: 'fault:503', status: 503, outcome: 'fault' });
  });

  it('x-saf-mock-delay holds the answer; a shorter client timeout gives up', async () => {
    const started = Date.now();
    const slow = await call(mode, url, { serviceParameters: INIT, headers: { 'x-saf-mock-delay': '150' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
    expect(slow.error).toBeUndefined();
    expect((slow.body as { Code: unknown }).Code).toBe(200);
    const tooSlow = await call(mode, url, { serviceParameters: INIT, headers: { 'x-saf-mock-delay': '300' }, timeoutMs: 100 });
    expect(tooSlow.error!.name).toBe('RequestTimeoutError');
    // The server does not notice the client left: it finishes the delay and journals a success.
    expect(await journal(url)).toHaveLength(1);
    const rows = await journalOf(2);
    expect(rows.map((r) => [r.scenario, r.status, r.outcome])).toEqual([
      ['default', 200, 'success'],
      ['default', 200, 'success'],
    ]);
    expect(rows[1]!.durationMs).toBeGreaterThanOrEqual(295);
  });
});

describe('openapi-client 0.4.15 autoretry', () => {
  // Tea's loop retries only a RetryError, which nothing in openapi-client 0.4.15 throws: autoretry is inert.
  it.each(['v2-query', 'v2-body', 'acs3-query', 'acs3-body'] as const)('%s with autoretry:true, maxAttempts:3 sends exactly one attempt per fault', async (mode) => {
    for (const fault of ['throttle', '5xx', '503', 'reset', 'empty']) {
      const r = await withFault(mode, fault, { autoretry: true, maxAttempts: 3 });
      expect(r.error, fault).toBeDefined();
    }
    const timedOut = await withFault(mode, 'timeout', { autoretry: true, maxAttempts: 3, timeoutMs: 100 });
    expect(timedOut.error!.name).toBe('RequestTimeoutError');
    const rows = await journalOf(6);
    await sleep(150);
    const settled = await journal(url);
    expect(settled).toHaveLength(6);
    expect(rows.map((r) => r.scenario)).toEqual(['fault:throttle', 'fault:5xx', 'fault:503', 'fault:reset', 'fault:empty', 'fault:timeout']);
    // No retry-attempt header either: this Tea core does not send x-acs-retry-attempts.
    expect(settled.every((r) => r.retryAttempts === null)).toBe(true);
  });
});

describe('fail twice, then succeed: a fixture rule and an application-level retry loop', () => {
  const RULE = { id: 'throttle-twice', match: { service: 'face_verify', method: 'init' }, times: 2, fault: 'throttle' };

  beforeEach(async () => {
    const put = await control(url, 'PUT', '/fixtures', { rules: [RULE] });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ scope: null, rules: ['throttle-twice'] });
  });

  /** What an application writes around an SDK that does not retry: wait the hint (or 100 ms), try again. */
  async function retrying(attempt: () => Promise<SdkResult>, maxAttempts: number): Promise<{ result: SdkResult; attempts: number; waits: number[] }> {
    const waits: number[] = [];
    for (let attempts = 1; ; attempts++) {
      const result = await attempt();
      const throttled = result.error?.code === 'Throttling.User';
      if (!throttled || attempts === maxAttempts) return { result, attempts, waits };
      const hint = Number(header(result, 'x-acs-retry-after') ?? '100');
      waits.push(hint);
      await sleep(hint);
    }
  }

  it.each(['pop-get', 'pop-post', 'v2-body', 'acs3-query'] as const)('%s: third attempt succeeds; journal shows throttle-twice, throttle-twice, default', async (mode) => {
    const { result, attempts, waits } = await retrying(() => call(mode, url, { serviceParameters: INIT }), 5);
    expect(attempts).toBe(3);
    expect(result.error).toBeUndefined();
    expect((result.body as { Code: unknown; Data: { queryId: string } }).Code).toBe(200);
    expect((result.body as { Data: { queryId: string } }).Data.queryId).toMatch(/^[0-9a-f]{32}$/);
    expect(header(result, 'x-saf-mock-scenario')).toBe('default');
    // pop-core can read the server's hint; Tea cannot, so the loop used its own 100 ms.
    expect(waits).toEqual([100, 100]);
    const rows = await journal(url);
    expect(rows.map((r) => r.scenario)).toEqual(['throttle-twice', 'throttle-twice', 'default']);
    expect(rows.map((r) => r.status)).toEqual([400, 400, 200]);
    expect(rows.map((r) => r.code)).toEqual(['Throttling.User', 'Throttling.User', 200]);
    // The rule is spent for this key (times are counted per AccessKeyId).
    const listed = await control(url, 'GET', '/fixtures?accessKeyId=testAccessKeyId');
    expect((listed.body as { rules: Array<{ id: string; remaining: number | null }> }).rules).toEqual([expect.objectContaining({ id: 'throttle-twice', remaining: 0 })]);
  });

  it('without the loop the application sees the first throttle; a query is not matched by the rule', async () => {
    const first = await call('pop-post', url, { serviceParameters: INIT });
    expect(first.error!.code).toBe('Throttling.User');
    const query = await call('v2-query', url, { serviceParameters: { method: 'query', queryId: 'a'.repeat(32), bizId: 'ZSTP1' } });
    expect(query.error).toBeUndefined();
    expect((await journal(url)).map((r) => r.scenario)).toEqual(['throttle-twice', 'Z8301']);
  });
});
