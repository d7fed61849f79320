import { Agent } from 'node:http';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { serverMock } from '../helpers/mock.js';
import { cloudauthCall, extraParams, format, mockHeaders, service, serviceParameters, transport, version } from './arbitraries.js';
import { buildRequest, send, type FuzzAnswer, type FuzzRequest } from './client.js';
import { signedV1, signedV3 } from '../helpers/sign.js';

/** Requests per run (SAF_FUZZ_RUNS overrides): ~10 s on a shared 2-core machine, well under CI's minute. */
const RUNS = Number(process.env.SAF_FUZZ_RUNS ?? 1500);

let server: RunningServer;
const agent = new Agent({ keepAlive: true, maxSockets: 8 });
const stats = { requests: 0, unrequested500: 0, resets: 0 };
/** What answered, by HTTP status and Code: printed so a generator that only ever hits one error shows. */
const outcomes = new Map<string, number>();

beforeAll(async () => {
  server = await serverMock({ accessKeys: [{ id: 'testAccessKeyId', secret: 'testAccessKeySecret' }], completeAfterMs: 0 });
  // Rules with literal and regex matchers, so rule matching sees every odd value too.
  const rules = [
    { id: 'fuzz.regex', match: { params: { name: { regex: '^(a+)+$' } } }, scenario: '400' },
    { id: 'fuzz.literal', match: { params: { certNumber: '110105194912310029' } }, body: { Code: 200, Message: 'custom', Data: { n: 1 } } },
    { id: 'fuzz.number', match: { service: 'face_verify', params: { returnImage: 0 } }, fault: 'throttle' },
  ];
  const put = await fetch(`${server.url}/__saf/fixtures`, { method: 'PUT', body: JSON.stringify(rules) });
  expect(put.status).toBe(200);
});
afterAll(async () => {
  agent.destroy();
  await server.close();
  console.log(`fuzz: ${stats.requests} signed requests, ${stats.unrequested500} unrequested 500s, ${stats.resets} connections reset on request`);
  console.log(`fuzz outcomes: ${[...outcomes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}×${n}`).join(' ')}`);
});

/** The Format the answer must be in: Format in any case; absent → XML (v1) / JSON (ACS3); unknown → JSON. */
function expectedFormat(r: FuzzRequest): 'JSON' | 'XML' {
  const f = r.format?.toUpperCase();
  if (f === 'JSON' || f === 'XML') return f;
  if (f === undefined || f === '') return r.transport.startsWith('v3') ? 'JSON' : 'XML';
  return 'JSON';
}

function checkAnswer(r: FuzzRequest, a: FuzzAnswer): void {
  const fault = r.headers['x-saf-mock-fault'];
  if (a.status === 500 && fault !== '5xx') {
    stats.unrequested500++;
    throw new Error(`unrequested 500: ${a.body.slice(0, 300)}`);
  }
  // empty and malformed are broken 200 bodies by request (a request refused earlier is still well formed).
  if ((fault === 'empty' || fault === 'malformed') && a.status === 200) return;
  const want = expectedFormat(r);
  if (want === 'JSON') {
    expect(a.contentType).toMatch(/json/);
    const body = JSON.parse(a.body) as { RequestId?: unknown; Code?: unknown };
    expect(typeof body.RequestId).toBe('string');
    expect(body.Code).toBeDefined();
  } else {
    expect(a.contentType).toMatch(/xml/);
    expect(XMLValidator.validate(a.body)).toBe(true);
    expect(a.body).toMatch(/<RequestId>[^<]+<\/RequestId>/);
  }
}

const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.record({
  transport,
  service,
  serviceParameters,
  format,
  version,
  headers: mockHeaders,
  extra: extraParams,
});

describe('signed requests with arbitrary values (fast-check)', () => {
  it('Cloudauth 2019-03-07 actions: odd values in every parameter never answer a 500 and stay well formed', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(cloudauthCall, format, mockHeaders, async (call, fmt, mock) => {
        const headers = mock as Record<string, string>;
        stats.requests++;
        const params = fmt === undefined ? call.params : { ...call.params, Format: fmt };
        const signed = call.acs3
          ? signedV3({ action: call.action, version: call.version, query: params, headers })
          : signedV1(params, { action: call.action, version: call.version, format: null, headers });
        const r: FuzzRequest = { transport: call.acs3 ? 'v3-query' : 'v1-post-body', service: '', serviceParameters: '', format: fmt, version: call.version, headers, extra: {} };
        let answer: FuzzAnswer;
        try {
          answer = await send(server.url, agent, { path: signed.path, method: 'POST', headers: signed.init.headers as Record<string, string>, body: signed.init.body as string | undefined });
        } catch (e) {
          if (headers['x-saf-mock-fault'] === 'reset') return;
          throw e;
        }
        const code = /"Code":"?([^",]*)|<Code>([^<]*)/.exec(answer.body);
        const key = `${call.action}:${answer.status}/${code?.[1] ?? code?.[2] ?? '-'}`;
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        checkAnswer(r, answer);
      }),
      { numRuns: Math.ceil(RUNS / 3), verbose: 1 },
    );
  });

  it('never answer an unrequested 500, always in the requested Format, and the server keeps answering', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fuzzRequest, async (r) => {
        stats.requests++;
        let answer: FuzzAnswer;
        try {
          answer = await send(server.url, agent, buildRequest(r));
        } catch (e) {
          // Only the reset fault may drop the connection.
          if (r.headers['x-saf-mock-fault'] === 'reset') {
            stats.resets++;
            return;
          }
          throw e;
        }
        const code = /"Code":"?([^",]*)|<Code>([^<]*)/.exec(answer.body);
        const key = `${answer.status}/${code?.[1] ?? code?.[2] ?? '-'}`;
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        checkAnswer(r, answer);
      }),
      { numRuns: RUNS, verbose: 1 },
    );
    // Still answering after everything above.
    const health = await fetch(`${server.url}/__saf/health`);
    expect(health.status).toBe(200);
  });
});
