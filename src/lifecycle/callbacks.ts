/**
 * Callbacks, for real: when a verification given a CallbackUrl completes, the mock calls it the way the
 * service does (GET, `callbackToken`, `certifyId` and `passed` appended) and calls again when the receiver
 * does not answer 200 — the documented "two callbacks within 3 s". Every attempt is journalled with the
 * token masked. A callback never blocks or fails an API answer: it runs after, and its errors are recorded.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type * as Https from 'node:https';
import { createRequire } from 'node:module';
import type { JournalStore } from '../store/types.js';
import type { Verification } from '../saf/sessions.js';
import { subCodeOf } from './outcomes.js';
import { monotonicMs } from '../clock.js';

export interface CallbackPolicy {
  /** Calls per completion (the first and its retries): 2, the documented "two callbacks within 3 s". */
  readonly attempts: number;
  /** Wait before a retry. */
  readonly retryDelayMs: number;
  /** Per-attempt limit; an attempt that takes longer counts as not answered. */
  readonly timeoutMs: number;
}

export const DEFAULT_CALLBACK_POLICY: CallbackPolicy = { attempts: 2, retryDelayMs: 1000, timeoutMs: 1000 };

/**
 * `passed` carries the SubCode for Cloudauth (`passed=200`, the metadata's example) and T/F for SAF
 * fin_face_verify (its doc's example `passed=T`); the token is appended as `callbackToken` for both.
 */
export function callbackUrlFor(v: Verification): string {
  const url = new URL(v.callbackUrl!);
  if (v.callbackToken !== undefined) url.searchParams.append('callbackToken', v.callbackToken);
  url.searchParams.append('certifyId', v.id);
  const sub = subCodeOf(v);
  url.searchParams.append('passed', v.product === 'cloudauth' ? sub : sub === '200' ? 'T' : 'F');
  return url.toString();
}

/** The URL as journalled: the callback token replaced by `***`. */
export function maskToken(url: string): string {
  return url.replace(/([?&]callbackToken=)[^&#]*/gi, '$1***');
}

/** node:https (and TLS) is loaded with the first https callback, not at start-up. */
let https: typeof Https | undefined;
function httpsRequest(...args: Parameters<typeof Https.request>): ReturnType<typeof Https.request> {
  https ??= createRequire(import.meta.url)('node:https') as typeof Https;
  return https.request(...args);
}

function get(url: string, timeoutMs: number): Promise<{ status: number } | { error: string }> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const done = (value: { status: number } | { error: string }) => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
    try {
      const req = send(target, { method: 'GET', agent: false, headers: { 'user-agent': 'saf-mock-callback', accept: '*/*' } }, (res: IncomingMessage) => {
        res.resume();
        res.on('end', () => done({ status: res.statusCode ?? 0 }));
        res.on('error', (e) => done({ error: e.message }));
      });
      req.setTimeout(timeoutMs, () => {
        req.destroy(new Error(`no answer within ${timeoutMs} ms`));
      });
      req.on('error', (e) => done({ error: e.message }));
      req.end();
    } catch (e) {
      done({ error: (e as Error).message });
    }
  });
}

export class Callbacks {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly journal: Pick<JournalStore, 'add'>,
    private readonly now: () => number,
    private readonly log: (line: string) => void,
    private readonly policy: CallbackPolicy = DEFAULT_CALLBACK_POLICY,
  ) {}

  /** Starts the calls for a completed verification; returns at once. */
  fire(v: Verification): void {
    if (!v.callbackUrl || this.closed) return;
    let url: string;
    try {
      url = callbackUrlFor(v);
    } catch (e) {
      this.log(`callback for ${v.id} not sent: ${(e as Error).message}`);
      return;
    }
    void this.attempt(v, url, 1);
  }

  private async attempt(v: Verification, url: string, n: number): Promise<void> {
    const started = monotonicMs();
    const answer = await get(url, this.policy.timeoutMs);
    const status = 'status' in answer ? answer.status : 0;
    this.record(v, url, n, status, 'error' in answer ? answer.error : undefined, monotonicMs() - started);
    if (status === 200 || n >= this.policy.attempts || this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(v, url, n + 1);
    }, this.policy.retryDelayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private record(v: Verification, url: string, attempt: number, status: number, error: string | undefined, ms: number): void {
    const failed = (e: unknown): void => this.log(`journal: callback ${v.id} attempt ${attempt} not recorded: ${(e as Error).message}`);
    try {
      this.journal.add({
        time: new Date(this.now()).toISOString(),
        requestId: `callback-${v.id}-${attempt}`,
        accessKeyId: v.accessKeyId,
        httpMethod: 'GET',
        client: 'saf-mock-callback',
        scheme: 'none',
        signatureVerified: false,
        action: 'Callback',
        version: null,
        service: v.product ?? 'face_verify',
        method: 'callback',
        params: { url: maskToken(url), certifyId: v.id, attempt, ...(error === undefined ? {} : { error }) },
        scenario: 'callback',
        retryAttempts: String(attempt - 1),
        status,
        code: null,
        outcome: status === 200 ? 'success' : 'failure',
        durationMs: Math.round(ms * 100) / 100,
      }).catch(failed);
    } catch (e) {
      failed(e);
    }
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
