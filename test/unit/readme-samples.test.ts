/**
 * The README's code samples run as written. Each sample is marked `<!-- sample:NAME -->` before its fence.
 * JavaScript samples run in a child `node` (from the repository, so their imports resolve as in a project)
 * against a mock started here on 127.0.0.1, with only the endpoint's port (and the callback receiver's)
 * substituted; what each did is read back from the mock's journal. The TypeScript test sample type-checks
 * under strict settings and passes under vitest, importing `saf-mock` as a project would (the built package).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startSafMock, type SafMock, type SafMockOptions } from '../../src/client/mock.js';
import { callbackReceiver, type CallbackReceiver } from '../helpers/callback-receiver.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const README_ENDPOINT = '127.0.0.1:8931';
const README_CALLBACK = 'http://127.0.0.1:3000';

interface Sample {
  readonly name: string;
  readonly lang: string;
  readonly code: string;
}

function readmeSamples(): Sample[] {
  const out: Sample[] = [];
  for (const m of README.matchAll(/<!-- sample:([\w-]+) -->\n```(\w+)\n([\s\S]*?)```/g)) out.push({ name: m[1]!, lang: m[2]!, code: m[3]! });
  return out;
}

const SAMPLES = new Map(readmeSamples().map((s) => [s.name, s]));

function sample(name: string): Sample {
  const s = SAMPLES.get(name);
  if (!s) throw new Error(`README.md has no <!-- sample:${name} --> before a code fence`);
  return s;
}

interface Run {
  readonly code: number | null;
  readonly out: string;
}

function run(command: string, args: readonly string[], options: { cwd: string; input?: string; timeoutMs?: number }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
    child.stdin.end(options.input ?? '');
  });
}

interface JournalRow {
  readonly service: string;
  readonly method: string | null;
  readonly status: number;
  readonly code: number | string | null;
}

/** What the mock answered, oldest first, without the callbacks it sent. */
async function answered(mock: SafMock): Promise<string[]> {
  const res = await fetch(`${mock.controlUrl}/requests?limit=100`);
  const { requests } = (await res.json()) as { requests: JournalRow[] };
  return requests
    .filter((r) => r.method !== 'callback')
    .reverse()
    .map((r) => `${r.service} ${r.method} ${r.status} ${r.code}`);
}

describe('README samples', () => {
  let mock: SafMock | undefined;
  let receiver: CallbackReceiver | undefined;
  afterEach(async () => {
    await mock?.close();
    await receiver?.close();
    mock = undefined;
    receiver = undefined;
  });

  it('every js/ts fence of the README is a marked sample', () => {
    const fences = [...README.matchAll(/^```(?:js|ts|mjs|javascript|typescript)$/gm)].length;
    expect(SAMPLES.size).toBe(fences);
    expect([...SAMPLES.keys()].sort()).toEqual(['cloudauth', 'fin-face-verify', 'openapi-client', 'pop-core', 'vitest']);
  });

  /** Runs a JavaScript sample against `mock`, the endpoint (and callback URL) substituted. */
  async function runJs(name: string, options: SafMockOptions = {}): Promise<Run> {
    const s = sample(name);
    expect(s.lang).toBe('js');
    expect(s.code).toContain(README_ENDPOINT);
    mock = await startSafMock({ seed: 5, ...options });
    let code = s.code.replaceAll(README_ENDPOINT, `127.0.0.1:${mock.port}`);
    if (code.includes(README_CALLBACK)) {
      receiver = await callbackReceiver();
      code = code.replaceAll(README_CALLBACK, receiver.url);
    }
    const r = await run(process.execPath, ['--input-type=module'], { cwd: ROOT, input: code });
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
    return r;
  }

  it('pop-core: an init answered Code 200', async () => {
    await runJs('pop-core');
    expect(await answered(mock!)).toEqual(['face_verify init 200 200']);
  });

  it('openapi-client: an init answered Code 200 (ACS3)', async () => {
    await runJs('openapi-client');
    expect(await answered(mock!)).toEqual(['face_verify init 200 200']);
  });

  it('cloudauth: Init, Describe pending (424), complete, Describe passed; the callback arrives', async () => {
    await runJs('cloudauth', { completeAfter: 'never' });
    expect(await answered(mock!)).toEqual(['cloudauth InitFaceVerify 200 200', 'cloudauth DescribeFaceVerify 200 424', 'cloudauth DescribeFaceVerify 200 200']);
    const [callback] = await receiver!.waitFor(1);
    expect(callback!.url.pathname).toBe('/face-callback');
    expect(callback!.url.searchParams.get('callbackToken')).toBe('my-token');
  });

  it('fin_face_verify: init, query pending (424, caught), complete, query passed; the callback arrives', async () => {
    await runJs('fin-face-verify', { completeAfter: 'never' });
    expect(await answered(mock!)).toEqual(['fin_face_verify init 200 200', 'fin_face_verify query 200 424', 'fin_face_verify query 200 200']);
    const [callback] = await receiver!.waitFor(1);
    expect(callback!.url.pathname).toBe('/face-callback');
    expect(callback!.url.searchParams.get('callbackToken')).toBe('my-token');
  });

  it('the vitest sample type-checks (strict) and passes, importing the built saf-mock', async () => {
    const s = sample('vitest');
    expect(s.lang).toBe('ts');
    // Inside the repository (git-ignored), so `saf-mock` resolves to this package as it would from a project.
    const dir = join(ROOT, '.test-results', `readme-sample-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(join(dir, 'sample.test.ts'), s.code);
      writeFileSync(join(dir, 'vitest.config.mjs'), "export default { test: { include: ['sample.test.ts'] } };\n");
      const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
      const [types, tests] = await Promise.all([
        run(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', '--types', 'node', 'sample.test.ts'], { cwd: dir }),
        run(process.execPath, [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', '.', '--config', './vitest.config.mjs'], { cwd: dir }),
      ]);
      expect(types.out).toBe('');
      expect(types.code).toBe(0);
      expect(tests.out).toMatch(/Tests\s+1 passed \(1\)/);
      expect(tests.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
