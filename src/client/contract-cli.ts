import { parseArgs } from 'node:util';
import { ConfigError, parseAccessKeys } from '../config.js';
import { CLIENT_DESCRIPTIONS, CLIENT_KINDS, isClientKind, type ClientKind } from './adapter.js';
import { CASES, describeCase } from './cases.js';
import { redact } from './credentials.js';
import { runSuite, selectCases, type CaseRun } from './runner.js';
import { loadOpenApi, loadPopCore, SdkMissingError } from './sdk.js';
import { compareSnapshots, DEFAULT_SNAPSHOT_DIR, formatDiff, writeSnapshots } from './snapshots.js';
import { openTarget, TARGET_KINDS, type Target, type TargetKind } from './targets.js';

export function contractHelp(): string {
  return [
    'saf-mock contract: run the contract suite through the official SDKs against a target',
    '',
    'Usage: saf-mock contract [--target mock|url|live] [options]',
    '',
    'Targets:',
    '  --target mock             an in-process mock on a free port (default)',
    '  --target url --url URL    a running saf-mock (its control API drives the mock-only cases)',
    '  --target live             live SAF over HTTPS, key from ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    '                            (+ ALIBABA_CLOUD_SECURITY_TOKEN for STS). Only live-safe cases run; mock-only ones are skipped.',
    '',
    'Options:',
    '  --endpoint HOST|URL       live: face_verify endpoint (default saf.cn-shanghai.aliyuncs.com); a URL such as',
    '                            http://127.0.0.1:PORT points the live target at anything, e.g. a stand-in mock',
    '  --intl-endpoint HOST|URL  live: intl_face_verify endpoint (default --endpoint, else saf.ap-southeast-1.aliyuncs.com)',
    '  --cloudauth-endpoint HOST|URL  live: Cloudauth 2019-03-07 endpoint (default --endpoint, else cloudauth.aliyuncs.com)',
    '  --region REGION           live: saf.REGION.aliyuncs.com for both services',
    '  --url URL                 url: the running mock, e.g. http://127.0.0.1:8931',
    '  --access-key ID:SECRET    url: the key to sign with (default the demo key)',
    '  --admin-token TOKEN       url: the control API token (env SAF_MOCK_ADMIN_TOKEN)',
    '  --codes detailed|unified  mock: the in-process mock\'s code mode',
    '  --seed N                  mock: the in-process mock\'s seed (default 1)',
    `  --clients LIST            comma-separated: ${CLIENT_KINDS.join(',')} (default all)`,
    '  --case TEXT               only cases whose id contains TEXT (repeatable)',
    '  --snapshots DIR           parity snapshots (default: this package\'s contracts/snapshots)',
    '  --no-snapshots            live: write none; mock/url: compare with none',
    '  --force-snapshots         live: let a stand-in recording replace snapshots validated against live',
    '  --strict-parity           differences from stand-in snapshots fail the run too (live ones always do)',
    '  --timeout MS              per call (default 15000)',
    '  --verbose                 print the body of each failing answer',
    '  --list                    list the cases and exit',
    '  --help',
    '',
    'Clients:',
    ...CLIENT_KINDS.map((k) => `  ${k.padEnd(12)} ${CLIENT_DESCRIPTIONS[k]}`),
    '',
    'Exit code: 0 when every case passed, 1 when one failed (or a live snapshot differs), 2 for a usage error.',
  ].join('\n');
}

const OPTIONS = {
  target: { type: 'string' },
  url: { type: 'string' },
  endpoint: { type: 'string' },
  'intl-endpoint': { type: 'string' },
  'cloudauth-endpoint': { type: 'string' },
  region: { type: 'string' },
  'access-key': { type: 'string' },
  'admin-token': { type: 'string' },
  codes: { type: 'string' },
  seed: { type: 'string' },
  clients: { type: 'string' },
  case: { type: 'string', multiple: true },
  snapshots: { type: 'string' },
  'no-snapshots': { type: 'boolean' },
  'force-snapshots': { type: 'boolean' },
  'strict-parity': { type: 'boolean' },
  timeout: { type: 'string' },
  verbose: { type: 'boolean' },
  list: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

export interface ContractCliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

const defaultIo: ContractCliIo = {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  env: process.env,
};

function parseFlags(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new ConfigError((e as Error).message.split('\n')[0] ?? 'invalid arguments');
  }
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new ConfigError(`--${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
  return Number(text);
}

function progressLine(run: CaseRun, target: Target, verbose: boolean): string {
  const name = `${run.case.id} [${run.client}]`;
  if (run.outcome === 'skipped') return `SKIP  ${name}  ${run.reason ?? ''}`;
  const head = `${run.outcome === 'passed' ? 'PASS' : 'FAIL'}  ${name}  ${run.durationMs} ms`;
  if (run.outcome === 'passed') return head;
  const lines = [head, ...run.failures.map((f) => `        ${f}`)];
  if (verbose) {
    for (const step of run.steps) {
      if (step.failures.length === 0 || !step.result) continue;
      lines.push(`        ${step.name} answered HTTP ${step.result.status}: ${redact(step.result.body.slice(0, 2000), [target.credentials])}`);
    }
  }
  return lines.join('\n');
}

/** `saf-mock contract …`: resolves to the exit code. */
export async function runContractCli(argv: string[], io: ContractCliIo = defaultIo): Promise<number> {
  let target: Target | undefined;
  try {
    const values = parseFlags(argv);
    if (values.help) {
      io.out(contractHelp());
      return 0;
    }
    if (values.list) {
      for (const c of CASES) io.out(describeCase(c));
      return 0;
    }
    const kind = (values.target ?? 'mock') as TargetKind;
    if (!TARGET_KINDS.includes(kind)) throw new ConfigError(`--target must be one of ${TARGET_KINDS.join(', ')}, got "${values.target}"`);
    let clients: ClientKind[] | undefined;
    if (values.clients !== undefined) {
      clients = values.clients.split(',').map((s) => s.trim()).filter(Boolean).map((name) => {
        if (!isClientKind(name)) throw new ConfigError(`--clients: unknown client "${name}" (one of ${CLIENT_KINDS.join(', ')})`);
        return name;
      });
    }
    if (values.codes !== undefined && values.codes !== 'detailed' && values.codes !== 'unified') throw new ConfigError(`--codes must be detailed or unified, got "${values.codes}"`);
    const timeoutMs = values.timeout === undefined ? undefined : wholeNumber('timeout', values.timeout, 100, 600_000);
    const key = values['access-key'] === undefined ? undefined : parseAccessKeys([values['access-key']])[0]!;
    const cases = selectCases(CASES, values.case);
    if (cases.length === 0) throw new ConfigError(`--case ${(values.case ?? []).join(', ')} matches no case (saf-mock contract --list shows them)`);
    if (!cases.some((c) => c.clients.some((k) => !clients || clients.includes(k)))) {
      throw new ConfigError(`no selected case runs through --clients ${values.clients ?? ''} (saf-mock contract --list shows each case's clients)`);
    }
    const snapshotDir = values.snapshots ?? DEFAULT_SNAPSHOT_DIR;
    // A missing SDK is one line up front, not a failure in every case.
    const uses = (k: ClientKind): boolean => (!clients || clients.includes(k)) && cases.some((c) => c.clients.includes(k));
    if (uses('pop-core')) await loadPopCore();
    if (uses('openapi-v2') || uses('openapi-v3')) await loadOpenApi();

    target = await openTarget({
      kind,
      url: values.url,
      endpoint: values.endpoint,
      intlEndpoint: values['intl-endpoint'],
      cloudauthEndpoint: values['cloudauth-endpoint'],
      region: values.region,
      credentials: key ? { accessKeyId: key.id, accessKeySecret: key.secret } : undefined,
      adminToken: values['admin-token'] ?? io.env.SAF_MOCK_ADMIN_TOKEN,
      env: io.env,
      mock: { ...(values.codes ? { codes: values.codes as 'detailed' | 'unified' } : {}), ...(values.seed !== undefined ? { seed: wholeNumber('seed', values.seed, 0, 2 ** 31 - 1) } : {}) },
    });
    const verbose = values.verbose === true;
    const activeTarget = target;
    io.out(`saf-mock contract · target ${target.label}`);
    const report = await runSuite({ target, cases, clients, timeoutMs, onRun: (run) => io.out(progressLine(run, activeTarget, verbose)) });

    let parityFailures = 0;
    const summary: string[] = [];
    const skippedNote = report.skipped > 0 ? ` (${kind === 'live' ? 'mock-only cases do not run against live' : 'see SKIP lines'})` : '';
    summary.push(`${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped${skippedNote} · ${report.runs.length} case runs in ${(report.durationMs / 1000).toFixed(1)} s`);

    if (!values['no-snapshots']) {
      if (kind === 'live') {
        const outcome = writeSnapshots(report, target, { dir: snapshotDir, force: values['force-snapshots'] === true });
        const from = outcome.source === 'stand-in' ? ' (from a saf-mock standing in for live: not a live validation)' : '';
        summary.push(`snapshots: ${outcome.written.length} written to ${snapshotDir}${from}`);
        if (outcome.kept.length > 0) summary.push(`snapshots: ${outcome.kept.length} validated against live kept (a stand-in run does not replace them; --force-snapshots does): ${outcome.kept.join(', ')}`);
      } else {
        const parity = compareSnapshots(report, target, snapshotDir);
        const strict = values['strict-parity'] === true;
        for (const diff of parity.diffs) io.out(formatDiff(diff));
        const failing = parity.diffs.filter((d) => d.severity === 'failure' || strict).length;
        parityFailures = failing;
        const warnings = parity.diffs.length - failing;
        summary.push(
          `parity: ${parity.compared} answers compared with ${snapshotDir}: ${parity.diffs.length === 0 ? 'no differences' : `${parity.diffs.length} differ (${failing} failing, ${warnings} warning${warnings === 1 ? '' : 's'})`}` +
            (parity.missing.length > 0 ? ` · no snapshot yet for ${parity.missing.join(', ')}` : ''),
        );
      }
    }
    for (const line of summary) io.out(line);
    return report.failed > 0 || parityFailures > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(`saf-mock contract: ${e.message} (see saf-mock contract --help)`);
      return 2;
    }
    if (e instanceof SdkMissingError) {
      io.err(`saf-mock contract: ${e.message}`);
      return 2;
    }
    throw e;
  } finally {
    await target?.close();
  }
}
