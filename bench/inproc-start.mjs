// In-process start, as a test suite pays it: `await import('saf-mock')` (the built package entry, dist/bundle/index.js),
// `startSafMock()`, then the first signed init answered (over node:http, so no client library is loaded on
// the clock). Run in a fresh process each time (bench/run.mjs does, 10 times). Prints one JSON line:
//   {"importMs":..,"startMs":..,"firstRequestMs":..,"totalMs":..}
import http from 'node:http';
import { initFormFactory } from './sign.mjs';

const { body } = initFormFactory()();

function post(endpoint) {
  const { port } = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: Number(port), method: 'POST', path: '/', agent: false, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const t0 = performance.now();
const { startSafMock } = await import(new URL('../dist/bundle/index.js', import.meta.url).href);
const t1 = performance.now();
const saf = await startSafMock();
const t2 = performance.now();
const res = await post(saf.endpoint);
const t3 = performance.now();
await saf.close();
if (res.status !== 200 || JSON.parse(res.text).Code !== 200) {
  process.stderr.write(`inproc-start: unexpected answer HTTP ${res.status}: ${res.text.slice(0, 300)}\n`);
  process.exit(1);
}
const ms = (x) => Math.round(x * 10) / 10;
process.stdout.write(JSON.stringify({ importMs: ms(t1 - t0), startMs: ms(t2 - t1), firstRequestMs: ms(t3 - t2), totalMs: ms(t3 - t0) }) + '\n');
