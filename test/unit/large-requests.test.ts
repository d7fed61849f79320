// Requests of megabytes are worked through in slices (src/gateway/slices.ts and its users): each sliced
// variant must give exactly what the one-go function gives, errors included.
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { percentEncode } from '../../src/gateway/encode.js';
import { GatewayError } from '../../src/gateway/errors.js';
import { decodeForm, decodeFormInSlices } from '../../src/gateway/params.js';
import { signV1, signV1Large, stringToSignV1, STRING_TO_SIGN_HEAD } from '../../src/gateway/signature-v1.js';
import { canonicalRequestV3, hashCanonicalRequestV3Large, sha256Hex } from '../../src/gateway/signature-v3.js';
import { SLICE_CHARS } from '../../src/gateway/slices.js';
import { elideParams, hideValues, type Hidden } from '../../src/journal-elide.js';
import { parseJson } from '../../src/json-large.js';
import { decodeUtf8InSlices, type LargeTexts } from '../../src/large-text.js';
import { checkPhoto, checkPhotoInSlices } from '../../src/saf/photos.js';
import { serverMock } from '../helpers/mock.js';
import { signedV1 } from '../helpers/sign.js';

/** A value of a few slices with what encoders care about at and around the slice boundaries. */
function awkwardValue(): string {
  let text = '';
  for (let s = 1; s <= 3; s++) {
    text += 'A'.repeat(SLICE_CHARS * s - text.length - 3);
    // A surrogate pair, a CJK character, and characters RFC 3986 escapes, straddling the boundary.
    text += '🙂张+/ =&%*!~';
  }
  return text;
}

/** `text` decoded as the large path keeps it: in pieces, looked up in `large` (a fresh one by default). */
async function inPieces(text: string, large: LargeTexts = new Map()): Promise<{ text: string; large: LargeTexts }> {
  return { text: await decodeUtf8InSlices(Buffer.from(text, 'utf8'), large), large };
}

describe('signing a request of megabytes in slices', () => {
  it('signV1Large gives signV1 over stringToSignV1, and the head of that string-to-sign', async () => {
    const params = new Map([
      ['AccessKeyId', 'ak'],
      ['ServiceParameters', JSON.stringify({ name: '张三', imgbase64: awkwardValue() })],
      ['Signature', 'ignored'],
      ['Zeta', 'a b'],
    ]);
    const sts = stringToSignV1('GET', params);
    const large = await signV1Large('secret', 'get', params);
    expect(large.signature).toBe(signV1('secret', sts));
    expect(large.stringToSign).toBe(`${sts.slice(0, STRING_TO_SIGN_HEAD)}…<${sts.length - STRING_TO_SIGN_HEAD} more chars>`);
    const small = new Map([['A', 'b c'], ['B', '张']]);
    expect(await signV1Large('s', 'POST', small)).toEqual({ signature: signV1('s', stringToSignV1('POST', small)), stringToSign: stringToSignV1('POST', small) });
  });

  it('a value kept in pieces is signed from its bytes: the same signature and string-to-sign head', async () => {
    const plain = JSON.stringify({ name: '张三', imgbase64: awkwardValue() });
    const { text, large } = await inPieces(plain);
    expect(large.has(text)).toBe(true);
    const params = (value: string) => new Map([['AccessKeyId', 'ak'], ['ServiceParameters', value]]);
    expect(await signV1Large('secret', 'GET', params(text), large)).toEqual(await signV1Large('secret', 'GET', params(plain)));
    const input = { method: 'GET', path: '/', headers: () => undefined, signedHeaders: [], body: Buffer.alloc(0) };
    expect(await hashCanonicalRequestV3Large({ ...input, query: params(text), large })).toEqual(await hashCanonicalRequestV3Large({ ...input, query: params(plain) }));
  });

  it('hashCanonicalRequestV3Large gives the hash of canonicalRequestV3 with the body hash, long query and header values included', async () => {
    const headerValues: Record<string, string[]> = { 'x-acs-action': ['X'], 'x-big': ['  ' + 'h'.repeat(SLICE_CHARS * 2 + 5) + ' ', 'b'] };
    const input = {
      method: 'post',
      path: '/',
      query: new Map([['Big', awkwardValue()], ['a', '1']]),
      headers: (name: string) => headerValues[name],
      signedHeaders: ['x-big', 'x-acs-action'],
    };
    const body = Buffer.from('z'.repeat(SLICE_CHARS * 5));
    const canonical = canonicalRequestV3({ ...input, payloadHash: sha256Hex(body) });
    const large = await hashCanonicalRequestV3Large({ ...input, body });
    expect(large.hash).toBe(sha256Hex(canonical));
    expect(large.head.startsWith(canonical.slice(0, 1000))).toBe(true);
    expect(large.head).toContain(`…<${canonical.length - STRING_TO_SIGN_HEAD} more chars>`);
  });
});

describe('decoding a form of megabytes in slices', () => {
  const forms = [
    `v=${percentEncode(awkwardValue())}&w=1`,
    // An escape cut by every possible slice end, and a multi-byte character's escapes across one.
    `v=${'a'.repeat(SLICE_CHARS - 1)}%41${'b'.repeat(SLICE_CHARS - 3)}%E5%BC%A0+x`,
    `v=${'a'.repeat(SLICE_CHARS - 2)}%41%42`,
    `v=${'a'.repeat(70_000)}+张${'é'.repeat(SLICE_CHARS)}%C3%A9`,
    `=${'%zz'.repeat(30_000)}&v=1`,
  ];
  it.each(forms.map((f, i) => [i, f]))('form %i decodes as decodeForm does', async (_i, form) => {
    expect(await decodeFormInSlices(form as string)).toEqual(decodeForm(form as string));
  });

  it('refuses what decodeForm refuses', async () => {
    for (const bad of ['%zz', '%E4%B8', '%ED%A0%80', '%', '%4', '%FF', '%C0%AF']) {
      const form = `v=${'a'.repeat(SLICE_CHARS + 10)}${bad}`;
      expect(() => decodeForm(form), bad).toThrow(GatewayError);
      await expect(decodeFormInSlices(form), bad).rejects.toThrow(GatewayError);
      await expect(decodeFormInSlices(form, new Map(), new Map()), bad).rejects.toThrow(GatewayError);
    }
  });

  it('values past a slice are kept in pieces, each read back as the value itself', async () => {
    const value = `{"name":"张三🙂","imgbase64":"${'ab+/'.repeat(SLICE_CHARS)}"}`;
    const large: LargeTexts = new Map();
    const form = `v=${percentEncode(value)}&w=${percentEncode(awkwardValue())}&s=short`;
    const decoded = await decodeFormInSlices(form, new Map(), large);
    expect(decoded).toEqual(decodeForm(form));
    expect([...large.keys()]).toEqual([decoded.get('v'), decoded.get('w')]);
    const pieces = large.get(decoded.get('v')!)!;
    expect(pieces.utf8.equals(Buffer.from(value))).toBe(true);
    for (const [start, end] of [[0, 20], [SLICE_CHARS - 3, SLICE_CHARS + 3], [SLICE_CHARS * 2 - 1, SLICE_CHARS * 3 + 7], [value.length - 5, value.length]]) {
      expect(pieces.slice(start!, end), `${start}-${end}`).toBe(value.slice(start, end));
    }
    const photoStart = Buffer.byteLength(value.slice(0, value.indexOf('ab+/')));
    expect(pieces.sub(photoStart, pieces.utf8.length - 2).text).toBe('ab+/'.repeat(SLICE_CHARS));
  });
});

/**
 * Deep equality of parsed JSON, keys in the same order, without recursion: vitest's toEqual (and
 * JSON.stringify) recurse once per level and run out of stack on a 5000-deep array.
 */
function sameJson(a: unknown, b: unknown): boolean {
  const stack: Array<[unknown, unknown]> = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (typeof x !== 'object' || x === null || typeof y !== 'object' || y === null) {
      if (x !== y) return false;
      continue;
    }
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    const kx = Object.keys(x);
    const ky = Object.keys(y);
    if (kx.length !== ky.length || kx.some((k, i) => k !== ky[i])) return false;
    for (const k of kx) stack.push([(x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]]);
  }
  return true;
}

describe('parsing JSON of megabytes', () => {
  const long = 'Q'.repeat(300_000);
  const texts = [
    JSON.stringify({ method: 'match', name: '张三', imgbase64: long, nested: [{ a: long + 'x' }, long], __proto__x: 1 }),
    `{"__proto__": "${long}", "k": 1}`,
    JSON.stringify(long),
    JSON.stringify({ [long]: 'key', v: long }),
    JSON.stringify({ escaped: long + '\\/' + long }),
    JSON.stringify({ v: long, w: 'has \\u0000 escape' }),
    `{"v": "${long}\t"}`,
    `{"v": "${long}"`,
    `{"v": "${long}" "w": 1}`,
    `["${long}", ${'['.repeat(5000)}${']'.repeat(5000)}]`,
    // Kept in pieces: a literal of CJK text, a control character or a backslash slices deep, a stand-in.
    JSON.stringify({ name: '张三', imgbase64: 'Q'.repeat(SLICE_CHARS * 2), text: '张'.repeat(SLICE_CHARS) }),
    `{"name":"张三","v":"${'Q'.repeat(SLICE_CHARS * 2)}${long}"}`,
    `{"name":"张三","v":"${'Q'.repeat(SLICE_CHARS * 2)}\\${long}"}`,
    `{"name":"张三\u0000","v":"${'Q'.repeat(SLICE_CHARS * 2)}"}`,
    `{"name":"张三","v":"${'Q'.repeat(SLICE_CHARS * 2)}"`,
  ];
  it.each(texts.map((t, i) => [i, t]))('text %i parses (or throws) as JSON.parse does, also from pieces', async (_i, text) => {
    const { text: inPiecesText, large } = await inPieces(text as string);
    let expected: unknown;
    try {
      expected = JSON.parse(text as string);
    } catch {
      expect(() => parseJson(text as string)).toThrow(SyntaxError);
      expect(() => parseJson(inPiecesText, large)).toThrow(SyntaxError);
      return;
    }
    for (const parsed of [parseJson(text as string), parseJson(inPiecesText, large)]) expect(sameJson(parsed, expected)).toBe(true);
  });
});

describe('checking a photo of megabytes in slices', () => {
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(SLICE_CHARS * 2, 7)]);
  const photos = [
    jpeg.toString('base64'),
    Buffer.concat([jpeg, Buffer.from([1])]).toString('base64'),
    Buffer.concat([jpeg, Buffer.from([1, 2])]).toString('base64'),
    jpeg.toString('base64') + '=AAA',
    jpeg.toString('base64').slice(0, -4) + '====',
    'A' + jpeg.toString('base64').slice(1, SLICE_CHARS + 8) + '-' + jpeg.toString('base64').slice(SLICE_CHARS + 9),
    Buffer.alloc(SLICE_CHARS * 2, 1).toString('base64'),
    'data:' + jpeg.toString('base64').slice(5),
    jpeg.toString('base64').slice(0, -4) + '\nAAA',
    jpeg.toString('base64').slice(1),
    // One character replaced: outside the alphabet, URL-safe, padding in the middle, not ASCII (the pieces'
    // bytes no longer line up with the characters), at and around slice boundaries.
    ...([[10, '_'], [SLICE_CHARS - 1, ' '], [SLICE_CHARS + 3, '='], [SLICE_CHARS + 100, 'é'], [SLICE_CHARS * 2 + 1, '%'], [SLICE_CHARS * 2 + 2, '张']] as const).map(
      ([at, ch]) => jpeg.toString('base64').slice(0, at) + ch + jpeg.toString('base64').slice(at + 1),
    ),
  ];
  /** A check's answer, its bytes as one string (a deep comparison of megabyte Buffers takes seconds). */
  const answer = (checked: ReturnType<typeof checkPhoto>) => (checked.ok ? checked.bytes.toString('base64') : checked.problem);

  it.each(photos.map((p, i) => [i, p]))('photo %i gets checkPhoto’s answer, also read from pieces', async (_i, photo) => {
    const expected = answer(checkPhoto(photo as string, true));
    expect(answer(await checkPhotoInSlices(photo as string, true))).toBe(expected);
    const { text, large } = await inPieces(photo as string);
    expect(answer(await checkPhotoInSlices(text, true, large.get(text)))).toBe(expected);
    // As ServiceParameters' literal: pieces that start inside the parent's first piece.
    const parsed = parseJson((await inPieces(JSON.stringify({ name: '张三', imgbase64: photo }), large)).text, large) as { imgbase64: string };
    expect(large.has(parsed.imgbase64) || /[\r\n]/.test(photo as string)).toBe(true);
    expect(answer(await checkPhotoInSlices(parsed.imgbase64, true, large.get(parsed.imgbase64)))).toBe(expected);
  });
});

describe('the journal hides a photo cut short with its string-to-sign', () => {
  it('the head of a long string-to-sign shows no part of the photo, in any of its encodings', () => {
    const photo = 'ab+/'.repeat(40_000);
    const sts = 'GET&%2F&ServiceParameters%3D' + percentEncode(percentEncode(photo));
    const head = `${sts.slice(0, 1000)}…<${sts.length - 1000} more chars>`;
    const shown = hideValues(head, new Map([[photo, '<photo>']]));
    expect(shown).toBe('GET&%2F&ServiceParameters%3D<photo>' + head.slice(head.indexOf('…')));
  });
});

describe('values kept in pieces in the journal', () => {
  it('elideParams and hideValues show what they show for the whole strings', async () => {
    const photo = 'ab+/'.repeat(SLICE_CHARS);
    // An ID number straddling the journal's 512-character cut of a long free text.
    const free = '张'.repeat(500) + ' 11010519491231002X ' + 'x'.repeat(SLICE_CHARS * 2);
    const sp = JSON.stringify({ method: 'match', name: '张三', certNumber: '11010519491231002X', imgbase64: photo });
    const large: LargeTexts = new Map();
    const pieced = new Map([['ServiceParameters', (await inPieces(sp, large)).text], ['Free', (await inPieces(free, large)).text]]);
    const plain = new Map([['ServiceParameters', sp], ['Free', free]]);
    const [hiddenPieced, hiddenPlain]: Hidden[] = [new Map(), new Map()];
    const shown = elideParams(pieced, undefined, hiddenPieced, large);
    expect(shown).toEqual(elideParams(plain, undefined, hiddenPlain));
    expect(JSON.stringify(shown)).toContain('110105********002X');
    const sts = 'GET&%2F&ServiceParameters%3D' + percentEncode(percentEncode(sp));
    const head = `${sts.slice(0, 5000)}…<${sts.length - 5000} more chars>`;
    expect(hideValues(head, hiddenPieced, large)).toBe(hideValues(head, hiddenPlain));
    expect(hideValues(head, hiddenPieced, large)).not.toContain('ab%252B%252F');
  });
});

describe('the large path never turns a whole value of megabytes into one string', () => {
  afterEach(() => vi.restoreAllMocks());

  it('decoding, signing, parsing, checking the photo and journalling read at most a slice at a time', async () => {
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(SLICE_CHARS * 6, 9)]).toString('base64');
    const sp = JSON.stringify({ method: 'match', name: '张三', certNumber: '11010519491231002X', imgbase64: photo });
    const form = `AccessKeyId=ak&ServiceParameters=${percentEncode(sp)}`;
    const decodedBytes: number[] = [];
    const parsedChars: number[] = [];
    const toString = Buffer.prototype.toString;
    vi.spyOn(Buffer.prototype, 'toString').mockImplementation(function (this: Buffer, ...args: unknown[]) {
      const [encoding, start, end] = args as [BufferEncoding | undefined, number | undefined, number | undefined];
      decodedBytes.push((end ?? this.length) - (start ?? 0));
      return toString.call(this, encoding, start, end);
    });
    const parse = JSON.parse;
    vi.spyOn(JSON, 'parse').mockImplementation((text: string, reviver?: (key: string, value: unknown) => unknown) => {
      parsedChars.push(text.length);
      return parse(text, reviver) as unknown;
    });
    const large: LargeTexts = new Map();
    const params = await decodeFormInSlices(form, new Map(), large);
    const signed = await signV1Large('secret', 'GET', params, large);
    const call = parseJson(params.get('ServiceParameters')!, large) as { imgbase64: string };
    const checked = await checkPhotoInSlices(call.imgbase64, true, large.get(call.imgbase64));
    const hidden: Hidden = new Map();
    elideParams(params, undefined, hidden, large);
    hideValues(signed.stringToSign, hidden, large);
    vi.restoreAllMocks();
    expect(checked.ok).toBe(true);
    expect(signed.signature).toBe(signV1('secret', stringToSignV1('GET', new Map([['AccessKeyId', 'ak'], ['ServiceParameters', sp]]))));
    expect(sp.length).toBeGreaterThan(SLICE_CHARS * 8);
    expect(Math.max(...decodedBytes)).toBeLessThanOrEqual(SLICE_CHARS);
    expect(Math.max(...parsedChars)).toBeLessThan(1000);
  });
});

describe('a megabyte request line on a kept-alive connection', () => {
  it('a 2 MB signed GET sent in small reads as the second request of a connection is answered like any other', async () => {
    const server = await serverMock();
    try {
      const { path } = signedV1({ Service: 'face_verify', ServiceParameters: JSON.stringify({ method: 'init', name: '张三', certNumber: '11010519491231002X', metainfo: '{}' }), Padding: 'p'.repeat(2 * 1024 * 1024) }, { method: 'GET' });
      const socket = connect(server.port, '127.0.0.1');
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      socket.write(`GET /__saf/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      await new Promise<void>((resolve) => socket.once('data', () => resolve()));
      const request = Buffer.from(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      for (let i = 0; i < request.length; i += 16 * 1024) {
        socket.write(request.subarray(i, i + 16 * 1024));
        await new Promise((r) => setImmediate(r));
      }
      await closed;
      const second = text.slice(text.indexOf('HTTP/1.1', 1));
      expect(second).toMatch(/^HTTP\/1\.1 200 /);
      expect(second).toContain('"Code":200');
    } finally {
      await server.close();
    }
  });

  it('pipelined requests with bodies, split anywhere, are each answered', async () => {
    const server = await serverMock();
    try {
      const one = (n: number): string => `POST /__saf/echo-does-not-exist-${n} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello`;
      const all = Buffer.from(one(1) + one(2) + one(3).replace('HTTP/1.1\r\n', 'HTTP/1.1\r\nConnection: close\r\n'));
      const socket = connect(server.port, '127.0.0.1');
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      for (let i = 0; i < all.length; i += 7) {
        socket.write(all.subarray(i, i + 7));
        await new Promise((r) => setTimeout(r, 1));
      }
      await closed;
      expect(text.match(/HTTP\/1\.1 \d{3} /g)).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it('a later request that trickles its headers is still answered 408 when the headers timeout is up', async () => {
    const server = await serverMock({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
    try {
      const socket = connect(server.port, '127.0.0.1');
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      socket.on('error', () => {});
      const started = Date.now();
      const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - started)));
      socket.write(`GET /__saf/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      await new Promise<void>((resolve) => socket.once('data', () => resolve()));
      socket.write(`GET /?Format=JSON&a=${'a'.repeat(1000)}`);
      const timer = setInterval(() => socket.destroyed || socket.write('a'), 20);
      const afterMs = await closed;
      clearInterval(timer);
      expect(text).toMatch(/HTTP\/1\.1 408 /);
      expect(afterMs).toBeLessThan(5_000);
    } finally {
      await server.close();
    }
  });
});

describe('the sliced variants stay exact on hashes too', () => {
  it('the photo digest used by match is the SHA-256 of the decoded photo', async () => {
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(SLICE_CHARS * 2, 3)]);
    const checked = await checkPhotoInSlices(photo.toString('base64'), true);
    expect(checked.ok && createHash('sha256').update(checked.bytes).digest('hex')).toBe(createHash('sha256').update(photo).digest('hex'));
  });
});

describe('a query of megabytes set aside before Node’s parser', () => {
  /** Sends raw request bytes on a fresh connection (after a small request when `keepAlive`); resolves with the last answer. */
  async function sendRaw(port: number, request: Buffer, keepAlive: boolean): Promise<string> {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString()));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    if (keepAlive) {
      socket.write(`GET /__saf/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      await new Promise<void>((resolve) => socket.once('data', () => resolve()));
    }
    socket.write(request);
    await closed;
    return text.slice(text.lastIndexOf('HTTP/1.1 '));
  }
  const business = (photo: string) => ({ Service: 'face_verify', ServiceParameters: JSON.stringify({ method: 'match', name: '张三', certNumber: '11010519491231002X', imgbase64: photo }) });
  const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(600_000, 0xfb)]).toString('base64');

  it.each([false, true])('a signed 1 MB GET is answered as a small one would be (kept alive: %s), in the Format asked for', async (keepAlive) => {
    const server = await serverMock();
    try {
      for (const format of ['JSON', 'XML']) {
        const { path } = signedV1(business(photo), { method: 'GET', format });
        expect(path.length).toBeGreaterThan(800_000);
        const answer = await sendRaw(server.port, Buffer.from(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`), keepAlive);
        expect(answer).toMatch(/^HTTP\/1\.1 200 /);
        expect(answer).toContain(format === 'XML' ? '<Code>200</Code>' : '"Code":200');
        expect(answer).toMatch(/"passed":"true"|<passed>true<\/passed>/);
      }
    } finally {
      await server.close();
    }
  });

  it('a bad escape, a bad signature and a fragment get the answers they get in a small request; the journal shows no photo', async () => {
    const server = await serverMock();
    try {
      const malformed = signedV1(business(photo), { method: 'GET', format: 'XML' }).path.replace('%2B', '%G1');
      expect(await sendRaw(server.port, Buffer.from(`GET ${malformed} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`), false)).toContain('<Code>RequestParameterMalformed</Code>');
      const notUtf8 = signedV1(business(photo), { method: 'GET', format: 'XML' }).path.replace('%2B', '%FF');
      expect(await sendRaw(server.port, Buffer.from(`GET ${notUtf8} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`), false)).toContain('<Code>RequestParameterMalformed</Code>');
      const forged = signedV1(business(photo), { method: 'GET', secret: 'not-the-secret' }).path;
      const answer = await sendRaw(server.port, Buffer.from(`GET ${forged} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`), true);
      expect(answer).toContain('"Code":"SignatureDoesNotMatch"');
      expect(answer).toMatch(/server string to sign is:GET&%2F&AccessKeyId%3D[^"]*…<\d+ more chars>"/);
      const journal = (await (await fetch(`${server.url}/__saf/requests?limit=1`)).json()) as { requests: Array<{ stringToSign: string; responseBody: string }> };
      expect(journal.requests[0]!.stringToSign).toMatch(/<photo: \d+ base64 chars>…<\d+ more chars>$/);
      expect(journal.requests[0]!.stringToSign).not.toContain(photo.slice(0, 64));
      const withFragment = signedV1(business(photo), { method: 'GET' }).path + '#frag';
      expect(await sendRaw(server.port, Buffer.from(`GET ${withFragment} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`), false)).toContain('"passed":"true"');
    } finally {
      await server.close();
    }
  });
});
