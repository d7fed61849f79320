import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLAGS, parseCli } from '../../src/cli-args.js';
import { ConfigError, DEFAULT_PORT } from '../../src/config.js';

// The command as installed: package.json's bin (the bundled CLI the build writes).
const CLI = new URL('../../' + (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { bin: Record<string, string> }).bin['saf-mock'], import.meta.url).pathname;

function run(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env }, timeout: 10_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the CLI and resolves with its banner once it listens; the caller must kill it. */
function start(args: string[], env: Record<string, string> = {}): Promise<{ banner: string; kill: () => void }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('no banner: ' + out)), 8000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Control API')) {
        clearTimeout(timer);
        resolve({ banner: out, kill: () => child.kill('SIGTERM') });
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

describe('saf-mock CLI', () => {
  it('--help lists every flag and env name', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    for (const f of FLAGS) {
      expect(r.stdout).toContain(`--${f.flag}`);
      if (f.env) expect(r.stdout).toContain(f.env);
    }
  });
  it('a bad flag or value exits 2 with a one-line reason', () => {
    for (const args of [['--bogus'], ['--port', 'abc'], ['--port', '70000'], ['--access-key', 'nocolon'], ['--codes', 'some'], ['--complete-after', 'soon']]) {
      const r = run(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^saf-mock: /);
    }
  });
  it('an invalid fixture file stops start-up with the file, path and reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'saf-cli-'));
    writeFileSync(join(dir, 'rules.json'), JSON.stringify({ rules: [{ id: 'a', delayMs: -5 }] }));
    const r = run(['--port', '0', '--fixtures', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('rules.json');
    expect(r.stderr).toContain('rules.0.delayMs');
  });
  it('--port 0 prints the endpoint it picked and the demo key; it answers health', async () => {
    const s = await start(['--port', '0']);
    try {
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(s.banner)?.[1];
      expect(url).toBeDefined();
      expect(s.banner).toContain('AccessKeyId:     testAccessKeyId');
      expect(s.banner).toContain('AccessKeySecret: testAccessKeySecret');
      const health = (await (await fetch(`${url}/__saf/health`)).json()) as { status: string };
      expect(health.status).toBe('ok');
    } finally {
      s.kill();
    }
  });
  it('configured secrets are never printed', async () => {
    const s = await start(['--port', '0'], { SAF_MOCK_ACCESS_KEYS: 'ci-key:super-secret-value' });
    try {
      expect(s.banner).toContain('ci-key');
      expect(s.banner).not.toContain('super-secret-value');
    } finally {
      s.kill();
    }
  });
});

describe('parseCli', () => {
  it('defaults: 127.0.0.1 on the documented port', () => {
    const r = parseCli([], {});
    expect(r.kind === 'run' && [r.config.host, r.config.port]).toEqual(['127.0.0.1', DEFAULT_PORT]);
  });
  it('env names, overridden by flags', () => {
    const env = { SAF_MOCK_PORT: '9000', SAF_MOCK_HOST: '0.0.0.0', SAF_MOCK_ACCESS_KEYS: 'a:b,c:d:unified', SAF_MOCK_SEED: '7', SAF_MOCK_COMPLETE_AFTER: 'never' };
    const r = parseCli([], env);
    if (r.kind !== 'run') throw new Error('expected run');
    expect(r.config).toMatchObject({ port: 9000, host: '0.0.0.0', seed: 7, completeAfterMs: null });
    expect(r.config.accessKeys).toEqual([{ id: 'a', secret: 'b' }, { id: 'c', secret: 'd', codes: 'unified' }]);
    const f = parseCli(['--port', '9100', '--access-key', 'x:y', '--access-key', 'z:w'], env);
    if (f.kind !== 'run') throw new Error('expected run');
    expect(f.config.port).toBe(9100);
    expect(f.config.accessKeys.map((k) => k.id)).toEqual(['x', 'z']);
  });
  it('refuses a nonce TTL not longer than the window', () => {
    expect(() => parseCli(['--timestamp-window', '600', '--nonce-ttl', '300'], {})).toThrow(ConfigError);
  });
});
