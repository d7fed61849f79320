import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/gateway/render.js';
import { parseAcs3Authorization } from '../../src/gateway/signature-v3.js';
import { capturedRequests, headerOf, replayHeaders, signedAt, type Language, type NamedRequest } from '../helpers/captures.js';
import { memoryMock } from '../helpers/mock.js';

/**
 * Every recorded request of every language (Node, Python, Java, Go, PHP), replayed through the whole gateway
 * with the clock set to when it was signed: it must reach the product with the parameters the application
 * gave its SDK, and be refused once any byte it signed is changed.
 */

/** A request as it goes on the wire: the raw URL and body, and the headers. */
interface Wire {
  url: string;
  body: string;
  headers: Record<string, string>;
}

interface Replayed {
  status: number;
  contentType: string;
  code: unknown;
  text: string;
  rt: ReturnType<typeof memoryMock>['rt'];
}

async function replay(request: NamedRequest['request'], wire: Wire): Promise<Replayed> {
  const at = signedAt(request);
  const { rt, app } = memoryMock({}, () => at);
  const res = await app.request(wire.url, { method: request.method, headers: wire.headers, body: request.method === 'GET' || wire.body === '' ? undefined : wire.body });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', code: codeOf(text), text, rt };
}

function codeOf(text: string): unknown {
  try {
    return (JSON.parse(text) as { Code?: unknown }).Code;
  } catch {
    const xml = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? null;
    return xml !== null && /^\d+$/.test(xml) ? Number(xml) : xml;
  }
}

function wireOf(request: NamedRequest['request']): Wire {
  return { url: request.url, body: request.body, headers: replayHeaders(request) };
}

/** The parameters the request carries, as the SDK meant them (the recorder decoded them: `+` is a space). */
function sentParams(request: NamedRequest['request']): Record<string, string> {
  return { ...request.query, ...(request.form ?? {}) };
}

const PHOTO_FIELDS = new Set(['imgbase64', 'refFaceContent', 'authFaceContent']);

/** The journal masks ID numbers: the shown value is the meant one, or the meant one with a middle of `*`. */
function sameOrMasked(shown: JsonValue | undefined, meant: string): boolean {
  if (shown === meant) return true;
  return typeof shown === 'string' && shown.length === meant.length && shown.includes('*') && [...shown].every((c, i) => c === '*' || c === meant[i]);
}

/** Checks the ServiceParameters the product received (as the journal shows them) against the meant ones. */
function expectProductParams(shown: JsonValue | undefined, meant: Record<string, JsonValue>): void {
  expect(shown !== null && typeof shown === 'object' && !Array.isArray(shown), 'ServiceParameters reached the product parsed').toBe(true);
  const got = shown as Record<string, JsonValue>;
  expect(Object.keys(got).sort()).toEqual(Object.keys(meant).sort());
  for (const [key, value] of Object.entries(meant)) {
    if (PHOTO_FIELDS.has(key) && typeof value === 'string') {
      // Photos are elided in the journal to their size; the signature already proved every byte arrived.
      expect(String(got[key]), key).toContain(String(value.length));
    } else if (key === 'certNumber' && typeof value === 'string') {
      expect(sameOrMasked(got[key], value), `certNumber ${String(got[key])}`).toBe(true);
    } else {
      expect(got[key], key).toEqual(value);
    }
  }
}

// ---- one byte changed ----

/** The value offsets of every `name=value` pair of a form-encoded text. */
function pairsOf(text: string): { name: string; start: number; end: number }[] {
  const out: { name: string; start: number; end: number }[] = [];
  let at = 0;
  for (const pair of text.split('&')) {
    const eq = pair.indexOf('=');
    if (pair.length > 0 && eq > 0) out.push({ name: decodeURIComponent(pair.slice(0, eq).replace(/\+/g, ' ')), start: at + eq + 1, end: at + pair.length });
    at += pair.length + 1;
  }
  return out;
}

/**
 * One byte of a raw (possibly percent-encoded) value changed, outside any `%XX` escape: the last digit, else
 * the last letter, moves to its neighbour; an empty value gets one byte. The decoded value then differs in
 * exactly one byte and stays as well formed as before (a timestamp one second later, a nonce one digit off).
 */
function changeOneByte(raw: string): string {
  if (raw === '') return 'x';
  let digit = -1;
  let letter = -1;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '%') {
      i += 2;
      continue;
    }
    if (/[0-9]/.test(raw[i]!)) digit = i;
    else if (/[A-Za-z]/.test(raw[i]!)) letter = i;
  }
  const i = digit >= 0 ? digit : letter;
  if (i < 0) throw new Error(`nothing to change in ${raw}`);
  const c = raw[i]!;
  const next = c === '9' ? '0' : c === 'z' ? 'a' : c === 'Z' ? 'A' : String.fromCharCode(c.charCodeAt(0) + 1);
  return raw.slice(0, i) + next + raw.slice(i + 1);
}

function changeValueAt(text: string, at: { start: number; end: number }): string {
  return text.slice(0, at.start) + changeOneByte(text.slice(at.start, at.end)) + text.slice(at.end);
}

interface Tamper {
  what: string;
  wire: Wire;
  /** The gateway's answer: its API lookup and parameter checks come before the signature. */
  expected: string;
}

const V1_CHECKED_FIRST: Record<string, string> = {
  Action: 'InvalidAction.NotFound',
  Version: 'InvalidVersion',
  AccessKeyId: 'InvalidAccessKeyId.NotFound',
  SignatureMethod: 'InvalidSignatureMethod',
  SignatureVersion: 'InvalidSignatureVersion',
  Format: 'InvalidParameter.Format',
};
const V3_HEADERS_CHECKED_FIRST: Record<string, string> = { 'x-acs-action': 'InvalidAction.NotFound', 'x-acs-version': 'InvalidVersion' };

/** Every signed thing of a request, each changed by one byte on its own. */
function tampers(r: NamedRequest): Tamper[] {
  const wire = wireOf(r.request);
  const q = wire.url.indexOf('?');
  const rawQuery = q === -1 ? '' : wire.url.slice(q + 1);
  const out: Tamper[] = [];
  const v3 = r.scheme === 'ACS3-HMAC-SHA256';
  for (const p of pairsOf(rawQuery)) {
    const url = wire.url.slice(0, q + 1) + changeValueAt(rawQuery, p);
    const expected = (v3 ? (p.name === 'Format' ? 'InvalidParameter.Format' : undefined) : V1_CHECKED_FIRST[p.name]) ?? 'SignatureDoesNotMatch';
    out.push({ what: `query ${p.name}`, wire: { ...wire, url }, expected });
  }
  const formBody = (wire.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
  if (!v3 && formBody) {
    for (const p of pairsOf(wire.body)) out.push({ what: `body ${p.name}`, wire: { ...wire, body: changeValueAt(wire.body, p) }, expected: V1_CHECKED_FIRST[p.name] ?? 'SignatureDoesNotMatch' });
  }
  if (v3) {
    const authorization = wire.headers.authorization ?? '';
    const auth = parseAcs3Authorization(authorization);
    if (!auth) throw new Error('ACS3 capture without a usable Authorization');
    for (const name of auth.signedHeaders) {
      const headers = { ...wire.headers, [name]: changeOneByte(wire.headers[name] ?? '') };
      out.push({ what: `signed header ${name}`, wire: { ...wire, headers }, expected: V3_HEADERS_CHECKED_FIRST[name] ?? 'SignatureDoesNotMatch' });
    }
    const sig = authorization.lastIndexOf('Signature=') + 'Signature='.length;
    const changed = authorization.slice(0, sig) + changeOneByte(authorization.slice(sig));
    out.push({ what: 'Authorization Signature', wire: { ...wire, headers: { ...wire.headers, authorization: changed } }, expected: 'SignatureDoesNotMatch' });
  }
  return out;
}

// ---- the tests ----

const all = capturedRequests();

describe('recorded requests of every language (captures/, clock injected)', () => {
  it('holds every language and client style: Node 10 files, Python 1, Java 9, Go 5, PHP 4; 72 Java/Go/PHP requests', () => {
    const files = (lang: Language): number => new Set(all.filter((r) => r.language === lang).map((r) => r.file)).size;
    const requests = (lang: Language): number => all.filter((r) => r.language === lang).length;
    expect([files('node'), files('python'), files('java'), files('go'), files('php')]).toEqual([10, 1, 9, 5, 4]);
    expect([requests('java'), requests('go'), requests('php')]).toEqual([36, 20, 16]);
    expect(all.filter((r) => r.language !== 'node' && r.language !== 'python' && r.scheme === 'ACS3-HMAC-SHA256').length).toBe(8);
  });

  for (const r of all) {
    const meant = r.call;
    it(`${r.name}: verifies and reaches the product with the parameters the SDK meant`, async () => {
      const sent = sentParams(r.request);
      const res = await replay(r.request, wireOf(r.request));
      expect(res.status, res.text.slice(0, 300)).toBe(200);
      expect(typeof res.code).toBe('number');
      // The answer comes in the Format asked (Java 4.1.1's typed class asks XML); ACS3 without one: JSON.
      const format = (sent.Format ?? (r.scheme === 'ACS3-HMAC-SHA256' ? 'JSON' : 'XML')).toUpperCase();
      expect(res.contentType).toContain(format === 'XML' ? 'xml' : 'json');

      const [entry] = await res.rt.journal.list();
      expect(entry?.signatureVerified).toBe(true);
      expect(entry?.scheme).toBe(r.scheme);
      expect(entry?.action).toBe('ExecuteRequest');
      // The signed Version wins over a stale x-acs-version header (Go typed requests send one).
      expect(entry?.version).toBe(meant?.version ?? sent.Version);
      expect(meant?.service).toBeDefined();
      expect(entry?.service).toBe(meant?.service);
      const meantParams = JSON.parse(meant?.serviceParameters ?? 'null') as Record<string, JsonValue>;
      expect(entry?.method).toBe(meant?.service === 'face_verify' ? meantParams.method : 'verify');
      expectProductParams(entry?.params.ServiceParameters, meantParams);
    });

    it(`${r.name}: refused with one byte of the signature or of any signed value changed`, async () => {
      const list = tampers(r);
      expect(list.length).toBeGreaterThanOrEqual(r.scheme === 'ACS3-HMAC-SHA256' ? 8 : 9);
      expect(list.some((t) => /Signature$/.test(t.what))).toBe(true);
      for (const t of list) {
        const res = await replay(r.request, t.wire);
        expect(res.status, t.what).toBeGreaterThanOrEqual(400);
        expect(res.code, `${t.what}: ${res.text.slice(0, 200)}`).toBe(t.expected);
      }
    });
  }

  it('the habits the README describes are all in the captures', () => {
    const raw = (r: NamedRequest): string => `${r.request.url}\n${r.request.body}`;
    const javaGoPhp = all.filter((r) => r.language === 'java' || r.language === 'go' || r.language === 'php');
    // `+` for a space, in the query and in a form body.
    expect(javaGoPhp.some((r) => /iOS\+17\.0\+/.test(r.request.url))).toBe(true);
    expect(javaGoPhp.some((r) => /iOS\+17\.0\+/.test(r.request.body))).toBe(true);
    // Everything, Signature included, in a form body with an empty query.
    expect(javaGoPhp.some((r) => r.request.url === '/' && r.request.body.includes('Signature='))).toBe(true);
    // An empty SignatureType signed; ServiceCode and RegionId signed.
    expect(javaGoPhp.some((r) => /(?:^|[?&])SignatureType=(?:&|$)/.test(r.request.url))).toBe(true);
    expect(javaGoPhp.some((r) => raw(r).includes('ServiceCode=saf'))).toBe(true);
    // A stale x-acs-version header that disagrees with the signed Version.
    expect(javaGoPhp.some((r) => r.scheme === 'HMAC-SHA1' && headerOf(r.request, 'x-acs-version') !== undefined && headerOf(r.request, 'x-acs-version') !== sentParams(r.request).Version)).toBe(true);
    // A nonce with a dot and a space.
    expect(javaGoPhp.some((r) => / /.test(sentParams(r.request).SignatureNonce ?? '') && /\./.test(sentParams(r.request).SignatureNonce ?? ''))).toBe(true);
    // ACS3 without a signed host, with a signed content-type on an empty body.
    const java3 = javaGoPhp.filter((r) => r.scheme === 'ACS3-HMAC-SHA256');
    for (const r of java3) {
      const signed = parseAcs3Authorization(headerOf(r.request, 'authorization') ?? '')?.signedHeaders ?? [];
      expect(signed).toContain('content-type');
      expect(signed).not.toContain('host');
      expect(r.request.body).toBe('');
    }
  });

  it('HMAC-SHA1 requests: x-acs-action and x-acs-version headers are unsigned and lose to the signed Action and Version', async () => {
    const withHeaders = all.filter((r) => r.scheme === 'HMAC-SHA1' && headerOf(r.request, 'x-acs-version') !== undefined);
    // Go's typed requests keep x-acs-version at 2019-05-21 after SetVersion("2017-03-31").
    expect(withHeaders.some((r) => r.language === 'go' && headerOf(r.request, 'x-acs-version') !== sentParams(r.request).Version)).toBe(true);
    for (const r of withHeaders) {
      const wire = wireOf(r.request);
      const res = await replay(r.request, { ...wire, headers: { ...wire.headers, 'x-acs-version': '1999-01-01', 'x-acs-action': 'DescribeNothing' } });
      expect(res.status, `${r.name}: ${res.text.slice(0, 200)}`).toBe(200);
      const [entry] = await res.rt.journal.list();
      expect(entry?.version).toBe(sentParams(r.request).Version);
    }
  });

  it('ACS3 requests that do not sign host verify whatever Host they reach', async () => {
    const unsignedHost = all.filter((r) => r.scheme === 'ACS3-HMAC-SHA256' && !(parseAcs3Authorization(headerOf(r.request, 'authorization') ?? '')?.signedHeaders ?? []).includes('host'));
    expect(unsignedHost.length).toBe(8);
    for (const r of unsignedHost) {
      const wire = wireOf(r.request);
      const res = await replay(r.request, { ...wire, headers: { ...wire.headers, host: 'saf.cn-shanghai.aliyuncs.com' } });
      expect(res.status, r.name).toBe(200);
    }
  });
});
