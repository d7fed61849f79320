#!/usr/bin/env node
// `npm run bench`: in one run, the mock against two references on the same signed load:
//   - the minimal verifier (bench/verify-server.mjs: form decode, HMAC-SHA1 check, timestamp window, nonce map,
//     JSON reply): the mock's CPU per request and cold start as ratios to it;
//   - a bare node:http server answering fixed JSON (bench/bare-server.mjs): throughput ratio, for scale;
// plus the in-process start (import + startSafMock() + first signed init, median of 10 fresh processes) and
// the mock's RSS after 100 000 requests, and the same mock under Cloudauth InitFaceVerify (next to SAF init).
// Node built-ins only; talks only to 127.0.0.1; stops every process it started (also on error and Ctrl-C).
//
//   node bench/run.mjs [--warmup 3] [--duration 10] [--connections 50] [--cold-runs 5] [--inproc-runs 10]
//                      [--rss-requests 100000] [--rounds 4] [--profile]
//
// --profile runs the loaded mock under `node --cpu-prof` and prints its hottest functions afterwards
// (the profiler costs throughput: use it to find costs, not for the headline figures).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { initFormFactory } from './sign.mjs';
import { summarizeProfile, formatSummary } from './profile-summary.mjs';
import { cpuTimes } from './proc.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = join(ROOT, '.bench');
// The mock runs as `npm start` runs it (package.json scripts.start: its node flags and its script, the
// bundled CLI), so the bench measures exactly what the README's start command runs.
const [START_NODE_FLAGS, CLI] = (() => {
  const start = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start;
  const m = /^node\s+((?:--\S+\s+)*)(\S+)/.exec(start);
  if (!m) throw new Error(`bench: cannot read the script of scripts.start (${start})`);
  return [m[1].trim().split(/\s+/).filter(Boolean), join(ROOT, m[2])];
})();

const { values: opts } = parseArgs({
  options: {
    warmup: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    'cold-runs': { type: 'string', default: '5' },
    'inproc-runs': { type: 'string', default: '10' },
    'rss-requests': { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '4' },
    profile: { type: 'boolean', default: false },
  },
});
const WARMUP_S = Number(opts.warmup);
const DURATION_S = Number(opts.duration);
const CONNECTIONS = Number(opts.connections);
const COLD_RUNS = Number(opts['cold-runs']);
const INPROC_RUNS = Number(opts['inproc-runs']);
const RSS_REQUESTS = Number(opts['rss-requests']);
/** Alternating short loads of the mock and the minimal verifier, after the main ones (see interleavedRatios). */
const ROUNDS = Number(opts.rounds);
const PROFILE = opts.profile;
const OVERALL_TIMEOUT_MS = 240_000;

/** The issue's targets: CPU per request and cold start as ratios to the minimal verifier, in the same run. */
const TARGETS = { cpuRatio: 1.5, coldRatio: 1.3, inprocMs: 100, rssMb: 100 };

// ---------------------------------------------------------------------------------------------------------
// Processes: every child is tracked and stopped on exit, error, SIGINT and SIGTERM.

const children = new Set();
const HAS_TASKSET = spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' }).status === 0;
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** The environment for children: no SAF_MOCK_* settings from the caller's shell, bound to 127.0.0.1. */
function childEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SAF_MOCK_')) env[k] = v;
  env.SAF_MOCK_HOST = '127.0.0.1';
  return env;
}

/** Spawns `node ...args`, pinned to `core` with taskset when available (taskset execs, so the pid is node's). */
function startNode(name, core, nodeArgs) {
  const [cmd, args] = HAS_TASKSET ? ['taskset', ['-c', String(core), process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const child = spawn(cmd, args, { cwd: ROOT, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  child.benchName = name;
  child.stderrText = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => (child.stderrText = (child.stderrText + d).slice(-4000)));
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Stops a child (signal, then SIGKILL after `graceMs`) and resolves once it has exited. */
function stopChild(child, signal = 'SIGTERM', graceMs = 3000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

async function stopAll() {
  await Promise.all([...children].map((c) => stopChild(c)));
}

process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    process.stderr.write(`\nbench: ${sig}, stopping ${children.size} process(es)\n`);
    void stopAll().finally(() => process.exit(130));
  });
}

/** Resolves with the URL a child prints (`listening on http://127.0.0.1:PORT`). */
function waitForListening(child, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => fail(new Error(`${child.benchName} did not start within ${timeoutMs} ms`)), timeoutMs);
    const onData = (d) => {
      buf += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(buf);
      if (m) {
        cleanup();
        resolve(m[1]);
      }
    };
    const onExit = (code, signal) => fail(new Error(`${child.benchName} exited (${code ?? signal}) before listening: ${child.stderrText.trim()}`));
    const fail = (err) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Per-CPU busy fraction over `ms` from /proc/stat (idle and iowait excluded); {} when unavailable. */
async function coreBusyOver(ms) {
  const read = () => cpuTimes() ?? {};
  const a = read();
  await sleep(ms);
  const b = read();
  const busy = {};
  for (const [cpu, [b1, t1]] of Object.entries(b)) {
    const [b0, t0] = a[cpu] ?? [0, 0];
    if (t1 > t0) busy[cpu] = (b1 - b0) / (t1 - t0);
  }
  return busy;
}

// ---------------------------------------------------------------------------------------------------------
// One signed init over a fresh connection.

const nextInit = initFormFactory();

function signedInit(url) {
  const { port } = new URL(url);
  const { body } = nextInit();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent: false,
        host: '127.0.0.1',
        port: Number(port),
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length, connection: 'close' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          let code;
          try {
            code = JSON.parse(text).Code;
          } catch {
            code = undefined;
          }
          resolve({ status: res.statusCode, code, text });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function ok(res) {
  return res.status === 200 && res.code === 200;
}

// ---------------------------------------------------------------------------------------------------------
// 1. Cold start: spawn → first HTTP 200 (Code 200) of a signed init.

async function coldStartOnce(name, nodeArgs) {
  const t0 = performance.now();
  const child = startNode(`${name} (cold start)`, 0, nodeArgs);
  try {
    const url = await waitForListening(child);
    for (;;) {
      try {
        const res = await signedInit(url);
        if (ok(res)) return { ms: performance.now() - t0, body: res.text };
        throw new Error(`cold start (${name}): unexpected answer HTTP ${res.status}: ${res.text.slice(0, 300)}`);
      } catch (e) {
        if (e.code !== 'ECONNREFUSED' && e.code !== 'ECONNRESET') throw e;
        if (performance.now() - t0 > 10_000) throw new Error('cold start: no answer within 10 s');
        await sleep(1);
      }
    }
  } finally {
    await stopChild(child);
  }
}

// ---------------------------------------------------------------------------------------------------------
// 2. In-process start: a fresh node per run (module caches are per process), pinned to core 0.

function inprocStartOnce() {
  return new Promise((resolve, reject) => {
    const child = startNode('in-process start', 0, [join(ROOT, 'bench', 'inproc-start.mjs')]);
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => (out += d));
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`in-process start exited ${code}: ${child.stderrText.trim()}`));
      resolve(JSON.parse(out.trim().split('\n').pop()));
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// 3. Load: bench/load.mjs on core 1, one target at a time.

function runLoad(name, url, serverPid, { requests, api = 'saf', warmup = WARMUP_S, duration = DURATION_S } = {}) {
  return new Promise((resolve, reject) => {
    const child = startNode(`load (${name})`, 1, [
      join(ROOT, 'bench', 'load.mjs'),
      '--url', url,
      '--connections', String(CONNECTIONS),
      ...(requests ? ['--requests', String(requests)] : ['--warmup', String(warmup), '--duration', String(duration)]),
      '--server-pid', String(serverPid),
      '--clk-tck', String(CLK_TCK),
      '--api', api,
    ]);
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => (out += d));
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator (${name}) exited ${code}: ${child.stderrText.trim()}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()));
      } catch (e) {
        reject(new Error(`load generator (${name}) printed no result: ${out.slice(0, 300)} ${child.stderrText}`));
      }
    });
  });
}

/**
 * The CPU ratio again, from short loads of the mock and the minimal verifier in turn (1 s warm-up, 3 s
 * measured, ROUNDS times each): on a shared machine whose speed drifts during the run, the two long loads
 * above can land in different conditions; alternating windows see nearly the same ones.
 */
async function interleavedRatios(mockUrl, mockPid, verifierUrl, verifierPid) {
  const ratios = [];
  for (let i = 1; i <= ROUNDS; i++) {
    const m = cpuFigures(await runLoad(`mock, round ${i}`, mockUrl, mockPid, { warmup: 1, duration: 3 }));
    const v = cpuFigures(await runLoad(`verifier, round ${i}`, verifierUrl, verifierPid, { warmup: 1, duration: 3 }));
    if (m.cpuUsPerRequest && v.cpuUsPerRequest) ratios.push({ mock: m.cpuUsPerRequest, verifier: v.cpuUsPerRequest, ratio: m.cpuUsPerRequest / v.cpuUsPerRequest });
  }
  if (ratios.length > 0) process.stdout.write(`  interleaved rounds, CPU µs/request mock / verifier: ${ratios.map((r) => `${r.mock.toFixed(0)}/${r.verifier.toFixed(0)}`).join(', ')}\n`);
  return ratios;
}

function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

// ---------------------------------------------------------------------------------------------------------

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const r1 = (x) => Math.round(x * 10) / 10;
const r2 = (x) => Math.round(x * 100) / 100;

/** Load results of one server: requests per second of its own CPU and CPU microseconds per request. */
function cpuFigures(load) {
  if (!load.serverCpu || !load.rps) return { perCpuSecond: null, cpuUsPerRequest: null };
  return { perCpuSecond: load.rps / load.serverCpu, cpuUsPerRequest: (load.serverCpu / load.rps) * 1e6 };
}

/** Notes on a load run: a saturated generator, or other processes on the pinned cores. */
function loadNotes(name, load) {
  const notes = [];
  const errs = load.errors.http + load.errors.code + load.errors.network;
  if (errs > 0) notes.push(`${name}: ${errs} failed responses (HTTP ${load.errors.http}, Code ${load.errors.code}, network ${load.errors.network}); first: ${load.errors.samples[0]}`);
  const genCore = load.coreBusy?.['1'];
  const srvCore = load.coreBusy?.['0'];
  // The generator is the bottleneck when it (with its share of the kernel's loopback work) fills core 1
  // while the server still has room on core 0: its req/s is then a lower bound (CPU per request still holds).
  if (load.generatorCpu >= 0.75 && (genCore ?? load.generatorCpu) >= 0.9 && (load.serverCpu ?? 1) < 0.85) {
    notes.push(
      `${name}: the one load generator saturates core 1 (generator ${Math.round(load.generatorCpu * 100)}%, core ${Math.round((genCore ?? load.generatorCpu) * 100)}% busy) ` +
        `while the server uses ${Math.round((load.serverCpu ?? 0) * 100)}% of core 0: its req/s is a lower bound; CPU per request is unaffected`,
    );
  }
  // Core time not spent by our process on it (allowing ~15% for loopback softirq): someone else's load.
  const foreign = [];
  if (HAS_TASKSET && srvCore !== undefined && load.serverCpu !== null && srvCore - load.serverCpu > 0.15) foreign.push(`~${Math.round((srvCore - load.serverCpu) * 100)}% of core 0`);
  if (HAS_TASKSET && genCore !== undefined && genCore - load.generatorCpu > 0.25) foreign.push(`~${Math.round((genCore - load.generatorCpu) * 100)}% of core 1`);
  if (foreign.length) notes.push(`${name}: other processes (or kernel work) took ${foreign.join(' and ')} during the run: figures are disturbed, re-run on a quiet machine`);
  return notes;
}

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n');
}

async function main() {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm run bench does)`);
  mkdirSync(OUT_DIR, { recursive: true });
  const startedAt = new Date();
  const cores = (await import('node:os')).availableParallelism();
  process.stdout.write(
    `saf-mock bench · node ${process.version} · ${cores} CPU(s) · ${HAS_TASKSET ? 'servers pinned to core 0, load generator to core 1' : 'taskset not found: processes NOT pinned'}` +
      `${PROFILE ? ' · PROFILING (figures are not representative)' : ''}\n`,
  );
  if (cores < 2) process.stdout.write('warning: fewer than 2 CPUs; server and load generator share a core\n');

  // Is the machine quiet? Other processes on the pinned cores distort every figure below.
  const idle = await coreBusyOver(500);
  const busyCores = Object.entries(idle).filter(([, b]) => b > 0.2);
  if (busyCores.length) {
    process.stdout.write(`warning: the machine is not idle before the bench (${busyCores.map(([c, b]) => `core ${c} ${Math.round(b * 100)}% busy`).join(', ')}); figures will be noisy\n`);
  }

  // 1. Cold start, the mock and the minimal verifier alternately (so both see the same machine).
  const VERIFIER = join(ROOT, 'bench', 'verify-server.mjs');
  const cold = { mock: [], verifier: [] };
  let initBody = '';
  for (let i = 0; i < COLD_RUNS; i++) {
    const m = await coldStartOnce('mock', [...START_NODE_FLAGS, CLI, '--port', '0']);
    const v = await coldStartOnce('verifier', [VERIFIER, '--port', '0']);
    cold.mock.push(m.ms);
    cold.verifier.push(v.ms);
    initBody = m.body;
    process.stdout.write(`  cold start ${i + 1}/${COLD_RUNS}: mock ${m.ms.toFixed(1)} ms, minimal verifier ${v.ms.toFixed(1)} ms\n`);
  }
  const coldMock = median(cold.mock);
  const coldVerifier = median(cold.verifier);
  const coldRatio = coldMock / coldVerifier;

  // 2. In-process start.
  const inproc = [];
  for (let i = 0; i < INPROC_RUNS; i++) inproc.push(await inprocStartOnce());
  const inprocMedian = median(inproc.map((r) => r.totalMs));
  const inprocImport = median(inproc.map((r) => r.importMs));
  process.stdout.write(`  in-process start (import + startSafMock() + first signed init), ${INPROC_RUNS} runs: ${inproc.map((r) => r.totalMs.toFixed(0)).join(', ')} ms\n`);

  // 3. Servers: the mock and both references, all on core 0.
  const bodyFile = join(OUT_DIR, 'init-body.json');
  writeFileSync(bodyFile, initBody);
  const profDir = join(OUT_DIR, 'profiles');
  if (PROFILE) {
    rmSync(profDir, { recursive: true, force: true });
    mkdirSync(profDir, { recursive: true });
  }
  const mockArgs = PROFILE ? ['--cpu-prof', '--cpu-prof-dir', profDir, ...START_NODE_FLAGS, CLI, '--port', '0'] : [...START_NODE_FLAGS, CLI, '--port', '0'];
  const mock = startNode('mock', 0, mockArgs);
  const verifier = startNode('verify-server', 0, [VERIFIER, '--port', '0']);
  const bare = startNode('bare-server', 0, [join(ROOT, 'bench', 'bare-server.mjs'), '--port', '0', '--body-file', bodyFile]);
  const [mockUrl, verifierUrl, bareUrl] = await Promise.all([waitForListening(mock), waitForListening(verifier), waitForListening(bare)]);
  for (const [name, url] of [['mock', mockUrl], ['verifier', verifierUrl], ['bare', bareUrl]]) {
    const res = await signedInit(url);
    if (!ok(res)) throw new Error(`${name} did not answer a signed init with 200/Code 200: HTTP ${res.status} ${res.text.slice(0, 300)}`);
  }
  const rssBefore = rssOf(mock.pid);

  // 4. Load, one target at a time; the mock's RSS once it has served RSS_REQUESTS requests.
  process.stdout.write(`  load: ${CONNECTIONS} keep-alive connections, ${WARMUP_S} s warm-up + ${DURATION_S} s measured, per target\n`);
  const mockLoad = await runLoad('mock', mockUrl, mock.pid);
  process.stdout.write(`  mock: ${mockLoad.rps} req/s\n`);
  let served = mockLoad.totalRequests + 1;
  if (served < RSS_REQUESTS) {
    const topUp = await runLoad('mock, up to the RSS count', mockUrl, mock.pid, { requests: RSS_REQUESTS - served });
    served += topUp.totalRequests;
  }
  const rssAfter = rssOf(mock.pid);
  // The same mock, the same load, Cloudauth InitFaceVerify instead of SAF init (after the RSS figure, so it is unchanged).
  const cloudauthLoad = await runLoad('mock InitFaceVerify', mockUrl, mock.pid, { api: 'cloudauth' });
  process.stdout.write(`  mock, Cloudauth InitFaceVerify: ${cloudauthLoad.rps} req/s\n`);
  const verifierLoad = await runLoad('verifier', verifierUrl, verifier.pid);
  process.stdout.write(`  minimal verifier: ${verifierLoad.rps} req/s\n`);
  const bareLoad = await runLoad('bare', bareUrl, bare.pid);
  process.stdout.write(`  bare: ${bareLoad.rps} req/s\n`);
  const rounds = await interleavedRatios(mockUrl, mock.pid, verifierUrl, verifier.pid);

  // Stop the servers (SIGINT lets the profiled mock write its profile).
  await Promise.all([stopChild(mock, PROFILE ? 'SIGINT' : 'SIGTERM', 10_000), stopChild(verifier), stopChild(bare)]);

  const figures = { mock: cpuFigures(mockLoad), cloudauth: cpuFigures(cloudauthLoad), verifier: cpuFigures(verifierLoad), bare: cpuFigures(bareLoad) };
  const cloudauthVsSafPct = (cloudauthLoad.rps / mockLoad.rps) * 100;
  const cpuRatio = figures.mock.cpuUsPerRequest && figures.verifier.cpuUsPerRequest ? figures.mock.cpuUsPerRequest / figures.verifier.cpuUsPerRequest : null;
  const throughputVsBarePct = (mockLoad.rps / bareLoad.rps) * 100;
  const throughputVsVerifierPct = (mockLoad.rps / verifierLoad.rps) * 100;
  const notes = [...loadNotes('mock', mockLoad), ...loadNotes('mock InitFaceVerify', cloudauthLoad), ...loadNotes('verifier', verifierLoad), ...loadNotes('bare', bareLoad)];

  // 5. Report.
  const pass = (good) => (good ? 'PASS' : 'FAIL');
  const loads = [['mock (SAF init)', mockLoad, figures.mock], ['mock (Cloudauth InitFaceVerify)', cloudauthLoad, figures.cloudauth], ['minimal verifier', verifierLoad, figures.verifier], ['bare node:http', bareLoad, figures.bare]];
  const rows = [
    ['', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'server CPU', 'CPU µs/req', 'gen CPU', 'core0/core1 busy'],
    ...loads.map(([name, l, f]) => [
      name,
      String(l.rps),
      l.latencyMs.p50.toFixed(2),
      l.latencyMs.p99.toFixed(2),
      String(l.errors.http + l.errors.code + l.errors.network),
      l.serverCpu === null ? '-' : `${Math.round(l.serverCpu * 100)}%`,
      f.cpuUsPerRequest === null ? '-' : f.cpuUsPerRequest.toFixed(1),
      `${Math.round(l.generatorCpu * 100)}%`,
      l.coreBusy?.['0'] === undefined ? '-' : `${Math.round(l.coreBusy['0'] * 100)}%/${Math.round((l.coreBusy['1'] ?? 0) * 100)}%`,
    ]),
  ];
  const metrics = [
    ['metric', 'value', 'target', ''],
    ['CPU per request, mock / minimal verifier', cpuRatio === null ? '-' : `${cpuRatio.toFixed(2)}×`, `<= ${TARGETS.cpuRatio}×`, cpuRatio === null ? '-' : pass(cpuRatio <= TARGETS.cpuRatio)],
    [`  the same, interleaved (median of ${rounds.length} rounds)`, rounds.length ? `${median(rounds.map((r) => r.ratio)).toFixed(2)}× (${rounds.map((r) => r.ratio.toFixed(2)).join(', ')})` : '-', '', ''],
    [`cold start, mock / minimal verifier (medians of ${COLD_RUNS})`, `${coldRatio.toFixed(2)}×`, `<= ${TARGETS.coldRatio}×`, pass(coldRatio <= TARGETS.coldRatio)],
    [`  cold start mock / verifier`, `${coldMock.toFixed(0)} / ${coldVerifier.toFixed(0)} ms`, '', ''],
    [`in-process start (median of ${INPROC_RUNS})`, `${inprocMedian.toFixed(1)} ms`, `<= ${TARGETS.inprocMs} ms`, pass(inprocMedian <= TARGETS.inprocMs)],
    ['  of which import', `${inprocImport.toFixed(1)} ms`, '', ''],
    [`mock RSS after ${served} requests`, `${rssAfter.rssMb.toFixed(1)} MB`, `<= ${TARGETS.rssMb} MB`, pass(rssAfter.rssMb <= TARGETS.rssMb)],
    ['throughput mock / bare node:http (info)', `${throughputVsBarePct.toFixed(1)} %`, '', ''],
    ['throughput mock / minimal verifier (info)', `${throughputVsVerifierPct.toFixed(1)} %`, '', ''],
    ['throughput InitFaceVerify / SAF init (info)', `${cloudauthVsSafPct.toFixed(1)} %`, '', ''],
  ];
  process.stdout.write('\n' + table(rows) + '\n\n' + table(metrics) + '\n');
  process.stdout.write(
    `  (cold start runs, mock: ${cold.mock.map((x) => x.toFixed(1)).join(', ')} ms; verifier: ${cold.verifier.map((x) => x.toFixed(1)).join(', ')} ms; ` +
      `mock RSS before load ${rssBefore.rssMb.toFixed(1)} MB, peak ${rssAfter.hwmMb.toFixed(1)} MB, ${(((rssAfter.rssMb - rssBefore.rssMb) * 1024) / (served / 1000)).toFixed(0)} KB per 1000 requests served: ` +
      `each keeps a nonce until its Timestamp + 16 min and each init a verification, up to 20000)\n`,
  );
  for (const n of notes) process.stdout.write(`note: ${n}\n`);
  const passes = {
    cpuRatio: cpuRatio !== null && cpuRatio <= TARGETS.cpuRatio,
    coldRatio: coldRatio <= TARGETS.coldRatio,
    inproc: inprocMedian <= TARGETS.inprocMs,
    rss: rssAfter.rssMb <= TARGETS.rssMb,
  };
  const allPass = Object.values(passes).every(Boolean);
  process.stdout.write(
    `\nSUMMARY: CPU/request ${cpuRatio === null ? '-' : cpuRatio.toFixed(2)}× the minimal verifier (${figures.mock.cpuUsPerRequest?.toFixed(0) ?? '-'} vs ${figures.verifier.cpuUsPerRequest?.toFixed(0) ?? '-'} µs) · ` +
      `cold start ${coldRatio.toFixed(2)}× (${coldMock.toFixed(0)} vs ${coldVerifier.toFixed(0)} ms) · in-process start ${inprocMedian.toFixed(0)} ms · ` +
      `RSS ${rssAfter.rssMb.toFixed(0)} MB after ${served} requests · mock ${mockLoad.rps} req/s = ${throughputVsBarePct.toFixed(1)}% of bare · ` +
      `InitFaceVerify ${cloudauthLoad.rps} req/s vs SAF init ${mockLoad.rps} req/s (${cloudauthVsSafPct.toFixed(1)}%) · ${allPass ? 'all targets met' : 'TARGETS MISSED'}\n`,
  );

  const result = {
    time: startedAt.toISOString(),
    node: process.version,
    cpus: cores,
    pinned: HAS_TASKSET,
    profiled: PROFILE,
    settings: { connections: CONNECTIONS, warmupS: WARMUP_S, durationS: DURATION_S, coldRuns: COLD_RUNS, inprocRuns: INPROC_RUNS, rssRequests: RSS_REQUESTS },
    coldStartMs: { mock: { median: r1(coldMock), runs: cold.mock.map(r1) }, verifier: { median: r1(coldVerifier), runs: cold.verifier.map(r1) }, ratio: r2(coldRatio) },
    inprocStartMs: { median: r1(inprocMedian), importMedian: r1(inprocImport), runs: inproc },
    cpuPerRequestUs: { mock: figures.mock.cpuUsPerRequest && r1(figures.mock.cpuUsPerRequest), verifier: figures.verifier.cpuUsPerRequest && r1(figures.verifier.cpuUsPerRequest), bare: figures.bare.cpuUsPerRequest && r1(figures.bare.cpuUsPerRequest), ratio: cpuRatio === null ? null : r2(cpuRatio), interleaved: rounds.map((r) => ({ mock: r1(r.mock), verifier: r1(r.verifier), ratio: r2(r.ratio) })) },
    mock: { ...mockLoad, rssMb: r1(rssAfter.rssMb), rssAfterRequests: served, rssBeforeMb: r1(rssBefore.rssMb), peakRssMb: r1(rssAfter.hwmMb) },
    cloudauthInit: cloudauthLoad,
    cloudauthVsSafInitPct: r2(cloudauthVsSafPct),
    verifier: verifierLoad,
    bare: bareLoad,
    throughputVsBarePct: r2(throughputVsBarePct),
    throughputVsVerifierPct: r2(throughputVsVerifierPct),
    targets: TARGETS,
    pass: passes,
    idleCheck: idle,
    notes,
  };
  writeFileSync(join(OUT_DIR, 'latest.json'), JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(`wrote .bench/latest.json\n`);

  if (PROFILE) {
    const files = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'));
    if (files.length === 0) process.stdout.write('no .cpuprofile was written\n');
    for (const f of files) {
      process.stdout.write(`\nprofile ${join('.bench', 'profiles', f)}:\n`);
      process.stdout.write(formatSummary(summarizeProfile(JSON.parse(readFileSync(join(profDir, f), 'utf8')), ROOT)) + '\n');
    }
  }
}

const watchdog = setTimeout(() => {
  process.stderr.write(`bench: still running after ${OVERALL_TIMEOUT_MS / 1000} s, giving up\n`);
  void stopAll().finally(() => process.exit(1));
}, OVERALL_TIMEOUT_MS);
watchdog.unref();

main().then(
  async () => {
    await stopAll();
    process.exit(0);
  },
  async (e) => {
    process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
    await stopAll();
    process.exit(1);
  },
);
