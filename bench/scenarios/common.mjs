// Helpers of the hardening scenarios (nonces, big request, soak): start the built mock as a child on a free
// 127.0.0.1 port, read its RSS, and send requests over keep-alive connections.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** Starts `node dist/cli.js --port 0 …args` and resolves once it prints its URL. */
export function startMock(args = [], nodeFlags = []) {
  const child = spawn(process.execPath, [...nodeFlags, CLI, '--port', '0', '--host', '127.0.0.1', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.logText = '';
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (d) => {
      buf += d;
      child.logText += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(buf);
      if (m) {
        child.stdout.off('data', onData);
        child.stdout.on('data', (more) => (child.logText = (child.logText + more).slice(-20_000)));
        resolve({ child, url: m[1], port: Number(new URL(m[1]).port) });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => (child.logText += d));
    child.once('exit', (code, signal) => reject(new Error(`mock exited (${code ?? signal}) before listening: ${child.logText}`)));
  });
}

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** One request; resolves with status, body text and wall time in ms. */
export function send(agent, port, { method = 'POST', path = '/', headers = {}, body }) {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers: body === undefined ? headers : { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
      res.on('error', (e) => resolve({ status: 0, text: String(e), ms: performance.now() - started }));
    });
    req.on('error', (e) => resolve({ status: 0, text: String(e), ms: performance.now() - started }));
    req.end(body);
  });
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function onlyLoopback(url) {
  if (new URL(url).hostname !== '127.0.0.1') {
    process.stderr.write('only 127.0.0.1 targets are allowed\n');
    process.exit(2);
  }
}
