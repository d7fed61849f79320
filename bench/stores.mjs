#!/usr/bin/env node
// `npm run bench:store`: the same signed load (fresh nonce per request, bench/load.mjs) against one replica on
// the memory store, one on Redis, and two on the same Redis (the load's connections split between them).
// Prints req/s, p50/p99 and server-side CPU per request (replicas + redis-server) for each. Node built-ins and
// Debian's redis-server only; 127.0.0.1 only; stops every process it started.
//
//   node bench/stores.mjs [--warmup 2] [--duration 8] [--connections 50]
//
// Servers (replicas and redis-server) are pinned to core 0 and the load generators to core 1 when taskset is
// there, as in bench/run.mjs: on a 2-core machine two replicas share one core, so the two-replica row shows
// what sharing state costs, not scale-out.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli.js');
const { values: opts } = parseArgs({
  options: { warmup: { type: 'string', default: '2' }, duration: { type: 'string', default: '8' }, connections: { type: 'string', default: '50' } },
});
const WARMUP_S = Number(opts.warmup);
const DURATION_S = Number(opts.duration);
const CONNECTIONS = Number(opts.connections);
const HAS_TASKSET = spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' }).status === 0;
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

const children = new Set();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => process.exit(130));

function start(name, core, cmd, args) {
  const [bin, argv] = HAS_TASKSET ? ['taskset', ['-c', String(core), cmd, ...args]] : [cmd, args];
  const child = spawn(bin, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SAF_MOCK_HOST: '127.0.0.1' } });
  child.benchName = name;
  child.out = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (d) => (child.out += d));
  child.stderr.on('data', (d) => (child.out = (child.out + d).slice(-4000)));
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(child, regex, timeoutMs = 10_000) {
  const t0 = Date.now();
  for (;;) {
    const m = regex.exec(child.out);
    if (m) return m;
    if (child.exitCode !== null) throw new Error(`${child.benchName} exited: ${child.out.trim()}`);
    if (Date.now() - t0 > timeoutMs) throw new Error(`${child.benchName} did not start: ${child.out.trim()}`);
    await sleep(20);
  }
}

/** CPU seconds (user + system) of a process from /proc/<pid>/stat. */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK;
  } catch {
    return NaN;
  }
}

async function startRedis() {
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw new Error('redis-server is not installed (Debian: apt-get install redis-server, or run scripts/ensure-test-deps.sh as root)');
  }
  const dir = mkdtempSync(join(tmpdir(), 'saf-bench-redis-'));
  const port = await freePort();
  const child = start('redis-server', 0, 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--loglevel', 'notice']);
  await waitFor(child, /Ready to accept connections/);
  return { child, url: `redis://127.0.0.1:${port}/0`, dir };
}

function runLoad(url, connections, serverPid) {
  const child = start(`load ${url}`, 1, process.execPath, [
    join(ROOT, 'bench', 'load.mjs'), '--url', url, '--connections', String(connections), '--warmup', String(WARMUP_S),
    '--duration', String(DURATION_S), '--server-pid', String(serverPid), '--clk-tck', String(CLK_TCK),
  ]);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited ${code}: ${child.out}`));
      resolve(JSON.parse(child.out.trim().split('\n').pop()));
    });
  });
}

/** One scenario: `replicas` mock processes with `storeArgs`, the connections split between them. */
async function scenario(name, replicas, storeArgs, extraPids = []) {
  const mocks = [];
  for (let i = 0; i < replicas; i++) mocks.push(start(`${name} #${i + 1}`, 0, process.execPath, [CLI, '--port', '0', ...storeArgs]));
  const urls = await Promise.all(mocks.map(async (m) => (await waitFor(m, /listening on (http:\/\/127\.0\.0\.1:\d+)/))[1]));
  const pids = [...mocks.map((m) => m.pid), ...extraPids];
  const per = Math.floor(CONNECTIONS / replicas);
  const loads = urls.map((url, i) => runLoad(url, per + (i < CONNECTIONS % replicas ? 1 : 0), mocks[i].pid));
  // Server-side CPU over the measured window (the load generators measure after their warm-up).
  await sleep(WARMUP_S * 1000);
  const cpu0 = pids.map(cpuSeconds);
  const t0 = performance.now();
  await sleep(DURATION_S * 1000);
  const cpu1 = pids.map(cpuSeconds);
  const windowS = (performance.now() - t0) / 1000;
  const results = await Promise.all(loads);
  await Promise.all(mocks.map(stop));
  const rps = results.reduce((n, r) => n + r.rps, 0);
  const cpuS = cpu1.reduce((n, c, i) => n + (c - cpu0[i]), 0);
  const extraCpuS = extraPids.reduce((n, _, i) => n + (cpu1[mocks.length + i] - cpu0[mocks.length + i]), 0);
  const errors = results.reduce((n, r) => n + r.errors.http + r.errors.code + r.errors.network, 0);
  return {
    name,
    replicas,
    rps,
    p50: Math.max(...results.map((r) => r.latencyMs.p50)),
    p99: Math.max(...results.map((r) => r.latencyMs.p99)),
    // CPU time of every server-side process (replicas + redis-server) per request answered.
    cpuMsPerRequest: (cpuS * 1000) / (rps * windowS),
    redisCpuMsPerRequest: extraPids.length ? (extraCpuS * 1000) / (rps * windowS) : 0,
    serverCpuCores: cpuS / windowS,
    errors,
    firstError: results.flatMap((r) => r.errors.samples)[0],
  };
}

async function main() {
  process.stdout.write(`saf-mock store bench · node ${process.version} · ${HAS_TASKSET ? 'servers on core 0, load on core 1' : 'not pinned (no taskset)'} · ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s measured each\n`);
  const redis = await startRedis();
  const rows = [];
  try {
    rows.push(await scenario('1 replica, memory', 1, []));
    process.stdout.write(`  ${rows.at(-1).name}: ${rows.at(-1).rps} req/s\n`);
    rows.push(await scenario('1 replica, redis', 1, ['--store', redis.url, '--store-prefix', 'bench1:'], [redis.child.pid]));
    process.stdout.write(`  ${rows.at(-1).name}: ${rows.at(-1).rps} req/s\n`);
    rows.push(await scenario('2 replicas, redis', 2, ['--store', redis.url, '--store-prefix', 'bench2:'], [redis.child.pid]));
    process.stdout.write(`  ${rows.at(-1).name}: ${rows.at(-1).rps} req/s\n`);
  } finally {
    await stop(redis.child);
    rmSync(redis.dir, { recursive: true, force: true });
  }
  const table = [
    ['', 'req/s', 'p50 ms', 'p99 ms', 'server CPU ms/req', 'of which redis', 'server cores busy', 'errors'],
    ...rows.map((r) => [r.name, String(r.rps), r.p50.toFixed(2), r.p99.toFixed(2), r.cpuMsPerRequest.toFixed(3), r.redisCpuMsPerRequest.toFixed(3), r.serverCpuCores.toFixed(2), String(r.errors)]),
  ];
  const w = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  process.stdout.write('\n' + table.map((r) => r.map((c, i) => (i ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ')).join('\n') + '\n');
  const [mem, one, two] = rows;
  process.stdout.write(
    `\nSUMMARY: redis/memory ${((one.rps / mem.rps) * 100).toFixed(1)} % of the req/s at ${(one.cpuMsPerRequest / mem.cpuMsPerRequest).toFixed(2)}x the CPU per request; ` +
      `two replicas/one on redis ${((two.rps / one.rps) * 100).toFixed(1)} % of the req/s${HAS_TASKSET ? ' (both replicas share core 0 here)' : ''}\n`,
  );
  for (const r of rows) if (r.errors) process.stdout.write(`note: ${r.name}: ${r.errors} failed responses; first: ${r.firstError}\n`);
  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  writeFileSync(join(ROOT, '.bench', 'stores.json'), JSON.stringify({ time: new Date().toISOString(), node: process.version, pinned: HAS_TASKSET, connections: CONNECTIONS, rows }, null, 2) + '\n');
  process.stdout.write('wrote .bench/stores.json\n');
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`bench:store: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
