/**
 * Completion of verifications of every product, in one place: by hand (control API, simulated pages), by
 * a scenario an init carries, or by itself after --complete-after. Whatever completes a verification that
 * has a CallbackUrl fires its callback, once per completion.
 */
import type { Verification, Verifications } from '../saf/sessions.js';
import type { Callbacks } from './callbacks.js';
import { completionOf, type Completion } from './outcomes.js';
import { CERTIFY_VALIDITY_MS } from './urls.js';

export type SubmitResult = { ok: true; verification: Verification } | { ok: false; code: 'InvalidOutcome' | 'CertifyIdExpired' | 'AlreadySubmitted' | 'SessionNotFound'; message: string };

/** Completions already called back (bounded: the oldest are forgotten first). */
const MAX_REMEMBERED = 10_000;

export class Lifecycle {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly notified = new Set<string>();

  constructor(
    private readonly verifications: Verifications,
    private readonly callbacks: Callbacks,
    private readonly now: () => number,
  ) {}

  /** A new verification: one that completes by itself and has a callback gets a timer, so the callback is not late. */
  created(v: Verification): void {
    if (!v.callbackUrl || v.completeAt === undefined) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.due(v.accessKeyId, v.id);
    }, Math.max(0, v.completeAt - this.now()));
    timer.unref();
    this.timers.add(timer);
  }

  private async due(accessKeyId: string, id: string): Promise<void> {
    const v = await this.verifications.find(accessKeyId, id);
    if (v) this.notify(v);
  }

  /** Completes a verification and fires its callback when it is finished (not when held pending). */
  async complete(accessKeyId: string, id: string, completion: Completion): Promise<Verification | undefined> {
    const v = await this.verifications.complete(accessKeyId, id, completion);
    if (v) this.notify(v);
    return v;
  }

  /** Completes with an outcome id of the verification's product; undefined when the outcome does not apply. */
  async completeWith(v: Verification, outcome: string): Promise<Verification | undefined> {
    const completion = completionOf(v.product ?? 'face_verify', outcome);
    return completion ? this.complete(v.accessKeyId, v.id, completion) : undefined;
  }

  /**
   * The user's submission (control API, simulated page): any outcome of the verification's product. A
   * financial-grade CertifyId is valid 30 minutes and for one submission, as documented; face_verify
   * verifications may be completed again (its docs say nothing of single use).
   */
  async submit(v: Verification, outcome: string): Promise<SubmitResult> {
    const product = v.product ?? 'face_verify';
    const completion = completionOf(product, outcome);
    if (!completion) return { ok: false, code: 'InvalidOutcome', message: `outcome "${outcome}" does not apply to a ${product} verification` };
    // A verification finished by --complete-after was not submitted by anyone: a tester may still choose its outcome.
    const submitted = v.status !== 'pending' && v.completeAt === undefined;
    if (product !== 'face_verify' && completion.status !== 'pending') {
      if (submitted) return { ok: false, code: 'AlreadySubmitted', message: `verification ${v.id} was already submitted (${v.status}); a CertifyId is usable for one submission` };
      if (this.now() - v.createdAt > CERTIFY_VALIDITY_MS) return { ok: false, code: 'CertifyIdExpired', message: `verification ${v.id} is older than 30 minutes; its CertifyId is no longer valid` };
    }
    const done = await this.complete(v.accessKeyId, v.id, completion);
    return done ? { ok: true, verification: done } : { ok: false, code: 'SessionNotFound', message: `no verification ${v.id}` };
  }

  /** Fires the callback of a finished verification, once per completion. */
  notify(v: Verification): void {
    if (v.status === 'pending' || !v.callbackUrl) return;
    const key = `${v.accessKeyId}\u0000${v.id}\u0000${v.completedAt ?? 0}\u0000${v.status}\u0000${v.outcomeId ?? ''}`;
    if (this.notified.has(key)) return;
    this.notified.add(key);
    if (this.notified.size > MAX_REMEMBERED) this.notified.delete(this.notified.values().next().value!);
    this.callbacks.fire(v);
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.callbacks.close();
  }
}
