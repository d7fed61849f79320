// Soak: a mixed load for N minutes against a mock on 127.0.0.1 (one it starts, or --url), printing per
// interval the requests, the unexpected answers, p50/p99 and the mock's RSS, then the RSS drift.
// Mixed: every face_verify method (init → query, initH5 → queryH5, match with a photo), intl verify with two
// photos, JSON and XML, GET and POST, SAF errors, gateway errors (bad signature, replayed nonce), scenarios
// and faults (5xx, 503, throttle, empty, malformed). Each kind knows the answer it must get; anything else is
// counted as an error and the first few are printed.
//   npm run soak -- [--minutes 5] [--connections 16] [--interval 10] [--url http://127.0.0.1:PORT --pid PID]
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { signedFormFactory } from './sign.mjs';
import { onlyLoopback, percentile, rssMb, send, startMock } from './scenarios/common.mjs';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    connections: { type: 'string', default: '16' },
    interval: { type: 'string', default: '10' },
    url: { type: 'string' },
    pid: { type: 'string' },
  },
});
const MINUTES = Number(values.minutes);
const CONNECTIONS = Number(values.connections);
const INTERVAL_S = Number(values.interval);
if (!(MINUTES > 0 && MINUTES <= 24 * 60) || !(CONNECTIONS >= 1 && CONNECTIONS <= 512) || !(INTERVAL_S >= 1)) {
  process.stderr.write('soak: --minutes 0<N<=1440, --connections 1..512, --interval >= 1\n');
  process.exit(2);
}

let mock;
if (values.url) {
  onlyLoopback(values.url);
  mock = { port: Number(new URL(values.url).port), child: values.pid ? { pid: Number(values.pid), kill() {} } : undefined };
} else {
  mock = await startMock();
}
const { port } = mock;
const pid = mock.child?.pid;

const photo = readFileSync(new URL('../fixtures/images/face-1.jpg', import.meta.url)).toString('base64');
const photo2 = readFileSync(new URL('../fixtures/images/face-2.jpg', import.meta.url)).toString('base64');
const person = { name: '张三', certNumber: '11010519491231002X' };
const factory = (sp, extra = {}) => signedFormFactory({ business: { Service: extra.service ?? 'face_verify', ServiceParameters: JSON.stringify(sp) }, format: extra.format ?? 'JSON', version: extra.version ?? '2017-03-31' });

const codeOf = (text) => /"Code":"?([^",]*)|<Code>([^<]*)<\/Code>/.exec(text)?.slice(1).find((x) => x !== undefined);
const idOf = (text, field) => new RegExp(`"${field}":"([^"]+)"`).exec(text)?.[1];
const recentQueryIds = [];
const recentZimIds = [];
const remember = (list, id) => {
  if (id) list.push(id);
  if (list.length > 200) list.shift();
};
const pick = (list) => list[Math.floor(Math.random() * list.length)];

const signers = {
  init: factory({ method: 'init', ...person, metainfo: '{}' }),
  initH5: factory({ method: 'initH5', ...person, metainfo: '{}' }),
  initXml: factory({ method: 'init', ...person, metainfo: '{}' }, { format: 'XML' }),
  match: factory({ method: 'match', ...person, imgbase64: photo }),
  intl: factory({ refFaceContent: photo, authFaceContent: photo2, resourceCode: '00840000' }, { service: 'intl_face_verify', version: '2019-05-21' }),
  badParams: factory({ method: 'init', name: '张三' }),
  badMethod: factory({ method: { toString: 1 } }),
  forged: signedFormFactory({ business: { Service: 'face_verify', ServiceParameters: '{"method":"init"}' }, secret: 'not-the-secret' }),
};

/** Each kind: how to send it, and whether the answer is the one it must get. */
const KINDS = [
  { name: 'init', weight: 10, send: () => signers.init().body, ok: (r) => r.status === 200 && codeOf(r.text) === '200', after: (r) => remember(recentQueryIds, idOf(r.text, 'queryId')) },
  { name: 'initH5', weight: 5, send: () => signers.initH5().body, ok: (r) => r.status === 200 && codeOf(r.text) === '200', after: (r) => remember(recentZimIds, idOf(r.text, 'zimId')) },
  { name: 'init XML', weight: 3, send: () => signers.initXml().body, ok: (r) => r.status === 200 && r.text.startsWith('<?xml') && codeOf(r.text) === '200' },
  {
    name: 'query',
    weight: 8,
    send: () => {
      const id = pick(recentQueryIds);
      return id ? factory({ method: 'query', queryId: id, bizId: 'x' })().body : signers.init().body;
    },
    ok: (r) => r.status === 200 && /^(200|400|4\d\d|500)$/.test(codeOf(r.text) ?? ''),
  },
  {
    name: 'queryH5',
    weight: 4,
    send: () => {
      const id = pick(recentZimIds);
      return id ? factory({ method: 'queryH5', zimId: id, bizId: 'x' })().body : signers.initH5().body;
    },
    ok: (r) => r.status === 200 && codeOf(r.text) !== undefined,
  },
  { name: 'match (photo)', weight: 3, send: () => signers.match().body, ok: (r) => r.status === 200 && codeOf(r.text) === '200' },
  { name: 'intl verify (2 photos)', weight: 2, send: () => signers.intl().body, ok: (r) => r.status === 200 && codeOf(r.text) === '200' },
  { name: 'SAF 400', weight: 3, send: () => signers.badParams().body, ok: (r) => r.status === 200 && codeOf(r.text) === '400' },
  { name: 'method {toString}', weight: 1, send: () => signers.badMethod().body, ok: (r) => r.status === 200 && codeOf(r.text) === '400' },
  { name: 'forged signature', weight: 2, send: () => signers.forged().body, ok: (r) => r.status === 400 && codeOf(r.text) === 'SignatureDoesNotMatch' },
  { name: 'scenario Z1146', weight: 2, headers: { 'x-saf-mock-scenario': 'Z1146' }, send: () => factory({ method: 'query', queryId: 'q', bizId: 'b' })().body, ok: (r) => r.status === 200 && codeOf(r.text) === '500' },
  { name: 'fault 5xx', weight: 1, headers: { 'x-saf-mock-fault': '5xx' }, send: () => signers.init().body, ok: (r) => r.status === 500 && codeOf(r.text) === 'InternalError' },
  { name: 'fault 503', weight: 1, headers: { 'x-saf-mock-fault': '503' }, send: () => signers.init().body, ok: (r) => r.status === 503 },
  { name: 'fault throttle', weight: 1, headers: { 'x-saf-mock-fault': 'throttle' }, send: () => signers.init().body, ok: (r) => r.status === 400 && codeOf(r.text) === 'Throttling.User' },
  { name: 'fault empty', weight: 1, headers: { 'x-saf-mock-fault': 'empty' }, send: () => signers.init().body, ok: (r) => r.status === 200 && r.text === '' },
  { name: 'fault malformed', weight: 1, headers: { 'x-saf-mock-fault': 'malformed' }, send: () => signers.init().body, ok: (r) => r.status === 200 && r.text.startsWith('{') && !r.text.endsWith('}') },
];
const bag = KINDS.flatMap((k) => Array(k.weight).fill(k));

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
const started = performance.now();
const endAt = started + MINUTES * 60_000;
let interval = { latencies: [], errors: 0 };
const totals = { requests: 0, errors: 0, byKind: new Map() };
const rssSeries = [];
let printedErrors = 0;

async function worker() {
  while (performance.now() < endAt) {
    const kind = bag[Math.floor(Math.random() * bag.length)];
    const r = await send(agent, port, { body: kind.send(), headers: kind.headers ?? {} });
    totals.requests++;
    interval.latencies.push(r.ms);
    const stat = totals.byKind.get(kind.name) ?? { n: 0, errors: 0 };
    stat.n++;
    if (!kind.ok(r)) {
      stat.errors++;
      totals.errors++;
      interval.errors++;
      if (printedErrors++ < 5) console.log(`  unexpected answer to ${kind.name}: HTTP ${r.status} ${r.text.slice(0, 160)}`);
    } else kind.after?.(r);
    totals.byKind.set(kind.name, stat);
  }
}

console.log(`soak: ${MINUTES} min, ${CONNECTIONS} connections, 127.0.0.1:${port}, ${KINDS.length} kinds of request; RSS at start ${pid ? rssMb(pid).toFixed(1) : '-'} MB`);
console.log(' elapsed   requests   req/s   errors    p50 ms    p99 ms   RSS MB');
const ticker = setInterval(() => {
  const l = interval.latencies.sort((a, b) => a - b);
  const rss = pid ? rssMb(pid) : NaN;
  rssSeries.push(rss);
  const elapsed = (performance.now() - started) / 1000;
  console.log(
    `${elapsed.toFixed(0).padStart(7)}s ${String(l.length).padStart(10)} ${(l.length / INTERVAL_S).toFixed(0).padStart(7)} ${String(interval.errors).padStart(8)} ${percentile(l, 50).toFixed(2).padStart(9)} ${percentile(l, 99).toFixed(2).padStart(9)} ${rss.toFixed(1).padStart(8)}`,
  );
  interval = { latencies: [], errors: 0 };
}, INTERVAL_S * 1000);
await Promise.all(Array.from({ length: CONNECTIONS }, worker));
clearInterval(ticker);

const kinds = [...totals.byKind].map(([name, s]) => `${name} ${s.n}${s.errors ? ` (${s.errors} unexpected)` : ''}`).join(', ');
console.log(`kinds: ${kinds}`);
const firstRss = rssSeries.find((x) => !Number.isNaN(x));
const lastRss = rssSeries.at(-1);
const drift = firstRss !== undefined && lastRss !== undefined ? `${firstRss.toFixed(1)} → ${lastRss.toFixed(1)} MB (${(lastRss - firstRss >= 0 ? '+' : '') + (lastRss - firstRss).toFixed(1)} MB)` : 'n/a';
console.log(`SUMMARY: ${totals.requests} requests in ${MINUTES} min, ${totals.errors} unexpected answers, RSS drift first→last interval ${drift}`);
agent.destroy();
mock.child?.kill?.('SIGINT');
process.exit(totals.errors === 0 ? 0 : 1);
