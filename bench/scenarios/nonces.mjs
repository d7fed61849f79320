// Replay protection under a million unique requests: sends N (default 1 000 000) correctly signed requests,
// each with a fresh SignatureNonce, printing the mock's RSS along the way, then replays the very first
// request: it must be refused with SignatureNonceUsed (its Timestamp is still inside the window).
//   npm run bench:nonces [-- --count 1000000 --connections 32 --every 100000]
import http from 'node:http';
import { parseArgs } from 'node:util';
import { signedFormFactory } from '../sign.mjs';
import { rssMb, send, startMock } from './common.mjs';

const { values } = parseArgs({ options: { count: { type: 'string', default: '1000000' }, connections: { type: 'string', default: '32' }, every: { type: 'string', default: '100000' } } });
const COUNT = Number(values.count);
const CONNECTIONS = Number(values.connections);
const EVERY = Number(values.every);

// A cheap answer after the nonce is claimed (SAF's 参数method不合法), so the run measures the gateway's state.
const next = signedFormFactory({ business: { Service: 'face_verify', ServiceParameters: '{"method":"none"}' } });
const { child, port } = await startMock();
const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
const started = performance.now();
const first = next();
let sent = 0;
let done = 1;
let failures = 0;
let throttled = 0;
const firstAnswer = await send(agent, port, { body: first.body });
if (firstAnswer.status !== 200) throw new Error(`first request refused: ${firstAnswer.text}`);
sent = 1;
console.log(`nonces: ${COUNT} unique signed requests over ${CONNECTIONS} connections; RSS of the mock at start ${rssMb(child.pid).toFixed(1)} MB`);
console.log('requests     RSS MB   elapsed s   req/s');
let lastMark = 0;
async function worker() {
  while (sent < COUNT) {
    sent++;
    const r = await send(agent, port, { body: next().body });
    if (r.status !== 200) {
      failures++;
      if (r.text.includes('Throttling.User')) throttled++;
      if (failures <= 3) console.log(`  unexpected answer ${r.status}: ${r.text.slice(0, 200)}`);
    }
    done++;
    if (done - lastMark >= EVERY || done === COUNT) {
      lastMark = done;
      const s = (performance.now() - started) / 1000;
      console.log(`${String(done).padStart(8)}  ${rssMb(child.pid).toFixed(1).padStart(7)}  ${s.toFixed(1).padStart(10)}  ${(done / s).toFixed(0).padStart(6)}`);
    }
  }
}
await Promise.all(Array.from({ length: CONNECTIONS }, worker));
const replay = await send(agent, port, { body: first.body });
const code = /"Code":"([^"]+)"/.exec(replay.text)?.[1] ?? replay.status;
const rejected = replay.status === 400 && code === 'SignatureNonceUsed';
const seconds = (performance.now() - started) / 1000;
console.log(`replay of the first request (Timestamp ${first.timestamp}, ${seconds.toFixed(0)} s and ${sent} requests later): HTTP ${replay.status} ${code} → ${rejected ? 'REJECTED (as it must be)' : 'ACCEPTED: replay protection forgot'}`);
console.log(`SUMMARY: ${sent} requests, ${failures} failures (${throttled} Throttling.User), final RSS ${rssMb(child.pid).toFixed(1)} MB, replay ${rejected ? 'rejected' : 'ACCEPTED'}`);
agent.destroy();
child.kill();
process.exit(rejected && failures === 0 ? 0 : 1);
