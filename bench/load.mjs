// Closed-loop load generator: N keep-alive connections, each sending a freshly signed face_verify init
// (new SignatureNonce, current Timestamp) as soon as its previous answer arrived. Usage:
//   node bench/load.mjs --url http://127.0.0.1:PORT [--connections 50] [--warmup 3] [--duration 10]
//                       [--server-pid PID] [--clk-tck 100]
//   node bench/load.mjs --url ... --requests N     (no warm-up: stops once N answers arrived)
// Prints one JSON line with the results on stdout. Every response must be HTTP 200 with body Code 200;
// anything else is counted as an error (never as throughput).
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { cloudauthInitFormFactory, initFormFactory } from './sign.mjs';
import { cpuTimes } from './proc.mjs';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    'server-pid': { type: 'string' },
    'clk-tck': { type: 'string', default: '100' },
    requests: { type: 'string' },
    // saf: ExecuteRequest face_verify init (Code 200); cloudauth: InitFaceVerify 2019-03-07 (Code "200").
    api: { type: 'string', default: 'saf' },
  },
});
if (!values.url) {
  process.stderr.write('load.mjs: --url is required\n');
  process.exit(2);
}
const target = new URL(values.url);
if (target.hostname !== '127.0.0.1') {
  process.stderr.write('load.mjs: only 127.0.0.1 targets are allowed\n');
  process.exit(2);
}
const CONNECTIONS = Number(values.connections);
const REQUESTS = values.requests ? Number(values.requests) : undefined;
const WARMUP_MS = REQUESTS ? 0 : Number(values.warmup) * 1000;
const DURATION_MS = REQUESTS ? 600_000 : Number(values.duration) * 1000;
const SERVER_PID = values['server-pid'] ? Number(values['server-pid']) : undefined;
const CLK_TCK = Number(values['clk-tck']);

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS, maxFreeSockets: CONNECTIONS, keepAliveMsecs: 10_000 });
if (values.api !== 'saf' && values.api !== 'cloudauth') {
  process.stderr.write('load.mjs: --api must be saf or cloudauth\n');
  process.exit(2);
}
const nextForm = values.api === 'cloudauth' ? cloudauthInitFormFactory() : initFormFactory();
/** SAF answers a numeric Code, Cloudauth a string one. */
const SUCCESS_CODE = values.api === 'cloudauth' ? '200' : 200;
const port = Number(target.port);
const hostHeader = target.host;

/** Server CPU seconds (user + system) from /proc/<pid>/stat, or undefined. */
function serverCpuSeconds() {
  if (SERVER_PID === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${SERVER_PID}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return undefined;
  }
}


const latencies = new Float64Array(4_000_000);
let measured = 0;
let total = 0;
let httpErrors = 0;
let codeErrors = 0;
let netErrors = 0;
const errorSamples = [];
let inFlight = 0;

const t0 = performance.now();
const warmEnd = t0 + WARMUP_MS;
const end = warmEnd + DURATION_MS;
let running = true;
let windowStart; // { wall, cpu, server }
let windowEnd;

function sample(note) {
  if (errorSamples.length < 5) errorSamples.push(note.slice(0, 300));
}

function record(started, finished) {
  total++;
  if (REQUESTS !== undefined && total >= REQUESTS && running) stop();
  if (finished >= warmEnd && finished <= end && measured < latencies.length) latencies[measured++] = finished - started;
}

function fire() {
  if (!running) return;
  const { body } = nextForm();
  const started = performance.now();
  inFlight++;
  const req = http.request(
    {
      agent,
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/',
      headers: { host: hostHeader, 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length },
    },
    (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (data += chunk));
      res.on('end', () => {
        inFlight--;
        const finished = performance.now();
        if (res.statusCode !== 200) {
          httpErrors++;
          sample(`HTTP ${res.statusCode}: ${data}`);
        } else {
          let code;
          try {
            code = JSON.parse(data).Code;
          } catch {
            code = undefined;
          }
          if (code !== SUCCESS_CODE) {
            codeErrors++;
            sample(`Code ${code}: ${data}`);
          } else {
            record(started, finished);
          }
        }
        fire();
      });
    },
  );
  req.on('error', (err) => {
    inFlight--;
    netErrors++;
    sample(`network: ${err.code ?? err.message}`);
    // Back off a little so a dead server does not spin the loop.
    if (running) setTimeout(fire, 10);
  });
  req.end(body);
}

setTimeout(() => {
  windowStart = { wall: performance.now(), cpu: process.cpuUsage(), server: serverCpuSeconds(), cores: cpuTimes() };
}, Math.max(0, warmEnd - performance.now()));

function stop() {
  if (!running) return;
  windowEnd = { wall: performance.now(), cpu: process.cpuUsage(), server: serverCpuSeconds(), cores: cpuTimes() };
  running = false;
  clearTimeout(endTimer);
  const deadline = performance.now() + 5_000;
  const waitDrain = () => {
    if (inFlight === 0 || performance.now() > deadline) finish();
    else setTimeout(waitDrain, 5);
  };
  waitDrain();
}
const endTimer = setTimeout(stop, Math.max(0, end - performance.now()));

for (let i = 0; i < CONNECTIONS; i++) fire();

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const idx = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, idx)];
}

function finish() {
  const lat = latencies.slice(0, measured).sort();
  const windowMs = windowEnd.wall - windowStart.wall;
  const cpuUs = windowEnd.cpu.user - windowStart.cpu.user + (windowEnd.cpu.system - windowStart.cpu.system);
  const serverCpu =
    windowStart.server !== undefined && windowEnd.server !== undefined ? (windowEnd.server - windowStart.server) / (windowMs / 1000) : null;
  const round = (x, d = 2) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);
  // Whole-core utilisation (user + system + softirq of every process on it), e.g. {"0": 0.97, "1": 0.99}.
  const coreBusy = {};
  if (windowStart.cores && windowEnd.cores) {
    for (const [cpu, [busy1, total1]] of Object.entries(windowEnd.cores)) {
      const [busy0, total0] = windowStart.cores[cpu] ?? [0, 0];
      coreBusy[cpu] = total1 > total0 ? round((busy1 - busy0) / (total1 - total0), 3) : null;
    }
  }
  const result = {
    url: values.url,
    connections: CONNECTIONS,
    warmupS: WARMUP_MS / 1000,
    durationS: round(windowMs / 1000, 3),
    requests: measured,
    totalRequests: total,
    rps: round(measured / (windowMs / 1000), 0),
    latencyMs: {
      p50: round(percentile(lat, 50), 3),
      p90: round(percentile(lat, 90), 3),
      p99: round(percentile(lat, 99), 3),
      max: round(lat.length ? lat[lat.length - 1] : null, 3),
      mean: round(lat.length ? lat.reduce((a, b) => a + b, 0) / lat.length : null, 3),
    },
    errors: { http: httpErrors, code: codeErrors, network: netErrors, samples: errorSamples },
    generatorCpu: round(cpuUs / 1000 / windowMs, 3),
    serverCpu: round(serverCpu, 3),
    coreBusy,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
  agent.destroy();
  process.exit(0);
}
