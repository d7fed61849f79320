/** `saf-mock contract`: flags, a progress line per case, a summary, and the exit code. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES } from '../../src/client/cases.js';
import { contractHelp, runContractCli } from '../../src/client/contract-cli.js';
import type { RunningServer } from '../../src/server.js';
import { serverMock } from '../helpers/mock.js';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runContractCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('saf-mock contract', () => {
  let running: RunningServer;
  beforeAll(async () => {
    running = await serverMock({ accessKeys: [{ id: 'LTAIcliTestKey', secret: 'cliTestSecret0123456789' }] });
  });
  afterAll(() => running.close());

  it('--help and --list', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toBe(contractHelp());
    expect(help.out).toContain('--target live');
    const list = await cli(['--list']);
    expect(list.code).toBe(0);
    expect(list.out.split('\n')).toHaveLength(CASES.length);
    expect(list.out).toContain('face_verify.init.success [mock-only]');
    expect(list.out).toContain('gateway.signature-mismatch [live-safe]');
  });

  it('prints a progress line per case run and a summary; exit 0 when all pass', async () => {
    const r = await cli(['--target', 'url', '--url', running.url, '--access-key', 'LTAIcliTestKey:cliTestSecret0123456789', '--case', 'unknown-service', '--case', 'flow-pending']);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(`saf-mock contract · target url ${running.url} · AccessKeyId LTAI****tKey`);
    expect(lines.filter((l) => /^PASS {2}\S+ \[[\w-]+\] {2}\d+ ms$/.test(l))).toHaveLength(6);
    expect(r.out).toMatch(/^6 passed, 0 failed, 0 skipped · 6 case runs in \d+\.\d s$/m);
    expect(r.out).toMatch(/^parity: 3 answers compared with .*: no differences$/m);
    expect(r.out).not.toContain('cliTestSecret0123456789');
  });

  it('exits 1 with the reasons when a case fails, and never prints the secret', async () => {
    const r = await cli(['--target', 'url', '--url', running.url, '--access-key', 'LTAIcliTestKey:wrongSecret0123456789', '--case', 'method-missing', '--clients', 'pop-core', '--verbose']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^FAIL {2}face_verify\.method-missing \[pop-core\] {2}\d+ ms$/m);
    expect(r.out).toContain('call: HTTP status: expected 200, got 400');
    expect(r.out).toContain('call: Code: expected 400, got "SignatureDoesNotMatch"');
    expect(r.out).toContain('call answered HTTP 400: {"RequestId"');
    expect(r.out).toMatch(/^0 passed, 1 failed, 0 skipped/m);
    expect(r.out).not.toContain('wrongSecret0123456789');
    expect(r.out).not.toContain('LTAIcliTestKey');
  });

  it('skips mock-only cases against live with a visible reason', async () => {
    const r = await cli(['--target', 'live', '--endpoint', running.url, '--case', 'init', '--no-snapshots'], {
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIcliTestKey',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'cliTestSecret0123456789',
    });
    expect(r.code).toBe(0);
    expect(r.out).toContain('SKIP  face_verify.init.success [pop-core]  mock-only: creates a real verification (billable on live)');
    expect(r.out).toContain('PASS  face_verify.init.name-missing [openapi-v3]');
    expect(r.out).not.toContain('snapshots:');
  });

  it.each([
    [['--target', 'nowhere'], '--target must be one of mock, url, live'],
    [['--target', 'url'], '--target url needs --url'],
    [['--clients', 'curl'], 'unknown client "curl"'],
    [['--case', 'no-such-case'], 'matches no case'],
    [['--case', 'unknown-service', '--clients', 'raw'], 'no selected case runs through --clients raw'],
    [['--codes', 'some'], '--codes must be detailed or unified'],
    [['--timeout', '5'], '--timeout must be a whole number from 100'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['--target', 'live', '--region', 'Shanghai'], '--region must look like cn-shanghai'],
  ])('usage error %j exits 2', async (args, message) => {
    const r = await cli(args, { ALIBABA_CLOUD_ACCESS_KEY_ID: 'a', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'b' });
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).toContain('(see saf-mock contract --help)');
  });
});
