import { randomUUID } from 'node:crypto';
import { createClient, type ClientKind, type ExecuteResult, type SafClient } from './adapter.js';
import type { ContractCase, StepInput } from './case.js';
import { CASES } from './cases.js';
import { checkResult } from './checks.js';
import { redact } from './credentials.js';
import type { Target } from './targets.js';

export interface StepRecord {
  readonly name: string;
  readonly kind: 'call' | 'control';
  readonly result?: ExecuteResult;
  readonly failures: readonly string[];
}

/** One case through one client against one target. */
export interface CaseRun {
  readonly case: ContractCase;
  readonly client: ClientKind;
  readonly outcome: 'passed' | 'failed' | 'skipped';
  /** Why it was skipped. */
  readonly reason?: string;
  /** `step: what broke`, secrets removed. */
  readonly failures: readonly string[];
  readonly steps: readonly StepRecord[];
  readonly durationMs: number;
}

/** Why a case cannot run against this target, or undefined when it can. */
export function skipReason(target: Target, c: ContractCase): string | undefined {
  if (target.kind === 'live' && c.live === 'mock-only') return `mock-only: ${c.reason ?? 'uses the mock\'s own controls'}`;
  if (!target.control && c.steps.some((s) => s.kind === 'control')) return 'needs the mock\'s control API';
  return undefined;
}

function skipped(c: ContractCase, client: ClientKind, reason: string): CaseRun {
  return { case: c, client, outcome: 'skipped', reason, failures: [], steps: [], durationMs: 0 };
}

export interface RunCaseOptions {
  readonly timeoutMs?: number;
}

export async function runCase(target: Target, c: ContractCase, client: ClientKind, options: RunCaseOptions = {}): Promise<CaseRun> {
  const reason = skipReason(target, c);
  if (reason) return skipped(c, client, reason);
  const started = performance.now();
  const sdk: SafClient = createClient(client, { endpointFor: target.endpointFor, credentials: target.credentials, timeoutMs: options.timeoutMs });
  const results: Record<string, ExecuteResult> = {};
  const steps: StepRecord[] = [];
  const failures: string[] = [];
  const runId = randomUUID().replace(/-/g, '').slice(0, 16);
  const stepInput = (): StepInput => ({ results: { ...results }, runId, accessKeyId: target.credentials.accessKeyId, client });
  const usesControl = c.steps.some((s) => s.kind === 'control');
  try {
    for (const step of c.steps) {
      if (step.kind === 'control') {
        try {
          await step.run(target.control!, stepInput());
          steps.push({ name: step.name, kind: 'control', failures: [] });
        } catch (e) {
          const message = `${step.name}: ${(e as Error).message}`;
          steps.push({ name: step.name, kind: 'control', failures: [message] });
          failures.push(message);
          break;
        }
        continue;
      }
      let result: ExecuteResult;
      try {
        const params = typeof step.params === 'function' ? step.params(stepInput()) : step.params;
        const callOptions = typeof step.options === 'function' ? step.options(stepInput()) : step.options;
        result = await sdk.execute(step.service, params, callOptions);
      } catch (e) {
        const message = `${step.name}: ${(e as Error).message}`;
        steps.push({ name: step.name, kind: 'call', failures: [message] });
        failures.push(message);
        break;
      }
      results[step.name] = result;
      const stepFailures = checkResult(result, step.expect).map((f) => `${step.name}: ${f}`);
      steps.push({ name: step.name, kind: 'call', result, failures: stepFailures });
      failures.push(...stepFailures);
      // A later step builds on this one's answer: stop at the first broken one.
      if (stepFailures.length > 0) break;
    }
  } finally {
    // Leave the mock as found: the key's sessions, nonces and API fixture rules are dropped.
    if (usesControl && target.control) await target.control.reset(target.credentials.accessKeyId).catch(() => undefined);
  }
  const clean = failures.map((f) => redact(f, [target.credentials]));
  return { case: c, client, outcome: clean.length === 0 ? 'passed' : 'failed', failures: clean, steps, durationMs: Math.round(performance.now() - started) };
}

export interface SuiteOptions {
  readonly target: Target;
  /** Default: the whole suite (CASES). */
  readonly cases?: readonly ContractCase[];
  /** Only these clients (each case still runs only through the clients it lists). */
  readonly clients?: readonly ClientKind[];
  /** Only cases whose id contains one of these texts. */
  readonly only?: readonly string[];
  readonly timeoutMs?: number;
  /** Called as each case run ends (progress lines). */
  readonly onRun?: (run: CaseRun) => void;
}

export interface SuiteReport {
  readonly runs: readonly CaseRun[];
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly durationMs: number;
}

export function selectCases(cases: readonly ContractCase[], only: readonly string[] | undefined): ContractCase[] {
  if (!only || only.length === 0) return [...cases];
  return cases.filter((c) => only.some((text) => c.id.includes(text)));
}

export async function runSuite(options: SuiteOptions): Promise<SuiteReport> {
  const started = performance.now();
  const runs: CaseRun[] = [];
  for (const c of selectCases(options.cases ?? CASES, options.only)) {
    for (const client of c.clients) {
      if (options.clients && !options.clients.includes(client)) continue;
      const run = await runCase(options.target, c, client, { timeoutMs: options.timeoutMs });
      runs.push(run);
      options.onRun?.(run);
    }
  }
  return {
    runs,
    passed: runs.filter((r) => r.outcome === 'passed').length,
    failed: runs.filter((r) => r.outcome === 'failed').length,
    skipped: runs.filter((r) => r.outcome === 'skipped').length,
    durationMs: Math.round(performance.now() - started),
  };
}
