// The second reference: a minimal node:http server doing the irreducible work of a verifying gateway for the
// bench's signed init (form decode, RPC v1 HMAC-SHA1 check in constant time, timestamp window, nonce map,
// JSON reply with fresh ids), and nothing else. The mock's CPU per request and cold start are measured
// against it. Node built-ins only; it knows the bench's one AccessKey. Usage:
//   node bench/verify-server.mjs [--port N]
// Prints `listening on http://127.0.0.1:PORT` once ready.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } } });

const SECRETS = new Map([['testAccessKeyId', 'testAccessKeySecret&']]);
const WINDOW_MS = 15 * 60_000;
const NONCE_TTL_MS = 16 * 60_000; // as the mock: Timestamp + --nonce-ttl (960 s)
/** SignatureNonce → expiry; insertion order is expiry order, so expired nonces are dropped from the front. */
const nonces = new Map();

const percentEncode = (v) => encodeURIComponent(v).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

function reply(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': Buffer.byteLength(text), 'x-acs-request-id': body.RequestId });
  res.end(text);
}

function handle(method, body) {
  const params = new URLSearchParams(body);
  const signature = params.get('Signature');
  const secret = SECRETS.get(params.get('AccessKeyId'));
  if (!signature || !secret) return [400, 'MissingParameter'];
  const pairs = [];
  for (const [k, v] of params) if (k !== 'Signature') pairs.push(percentEncode(k) + '=' + percentEncode(v));
  pairs.sort();
  const expected = createHmac('sha1', secret).update(method + '&%2F&' + percentEncode(pairs.join('&'))).digest();
  const given = Buffer.from(signature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return [400, 'SignatureDoesNotMatch'];
  const now = Date.now();
  const ts = Date.parse(params.get('Timestamp') ?? '');
  if (!(Math.abs(now - ts) <= WINDOW_MS)) return [400, 'InvalidTimeStamp.Expired'];
  for (const [n, expiry] of nonces) {
    if (expiry > now) break;
    nonces.delete(n);
  }
  const nonce = params.get('SignatureNonce') ?? '';
  if (!nonce || nonces.has(nonce)) return [400, 'SignatureNonceUsed'];
  nonces.set(nonce, now + NONCE_TTL_MS);
  const sp = JSON.parse(params.get('ServiceParameters') ?? '{}');
  if (sp.method !== 'init') return [400, 'InvalidParameter'];
  return [200, { queryId: randomBytes(16).toString('hex'), bizId: 'ZSTP' + Date.now() + randomBytes(8).toString('hex') }];
}

const server = createServer({ keepAliveTimeout: 5_000, requestTimeout: 0 }, (req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const requestId = randomUUID().toUpperCase();
    const [status, result] = handle(req.method, Buffer.concat(chunks).toString('utf8'));
    if (status === 200) reply(res, 200, { Data: result, Message: 'OK', Code: 200, RequestId: requestId });
    else reply(res, status, { RequestId: requestId, HostId: 'verify-server', Code: result, Message: result });
  });
});

server.listen(Number(values.port), '127.0.0.1', () => {
  process.stdout.write(`verify-server listening on http://127.0.0.1:${server.address().port}\n`);
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
