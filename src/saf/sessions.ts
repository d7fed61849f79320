import type { ScopedStore } from '../store/store.js';

/** init creates a verification (the app flow), initH5 one for the web flow; each is queried by its own method. */
export type Flow = 'app' | 'h5';
export type VerificationStatus = 'pending' | 'passed' | 'failed';
/** Which product created a verification; one lifecycle (sessions, completion, callbacks) for all of them. */
export type Product = 'face_verify' | 'fin_face_verify' | 'cloudauth';

export interface Verification {
  /** queryId (app flow) or zimId (H5 flow). */
  readonly id: string;
  readonly bizId: string;
  readonly accessKeyId: string;
  readonly flow: Flow;
  readonly name: string;
  readonly certNumber: string;
  readonly createdAt: number;
  status: VerificationStatus;
  /** When a pending verification passes by itself; undefined holds it pending until completed by hand. */
  completeAt?: number;
  /** For a failed verification: the query catalog entry it answers with (e.g. Z1146). */
  outcomeId?: string;
  completedAt?: number;
  /** Index of the fixture photo that plays the captured face. */
  readonly photo: number;
  /** Undefined for face_verify (the records of earlier versions). */
  readonly product?: Product;
  /** fin_face_verify / Cloudauth: the scene, the page to return to and the callback to call on completion. */
  readonly sceneId?: string;
  readonly returnUrl?: string;
  readonly callbackUrl?: string;
  readonly callbackToken?: string;
  /** Cloudauth: the ProductCode (ID_PRO, PV_FV, …) or the server-side action that created it. */
  readonly productCode?: string;
}

export interface VerificationView {
  id: string;
  product: Product;
  bizId: string;
  accessKeyId: string;
  flow: Flow;
  queryMethod: 'query' | 'queryH5' | 'DescribeFaceVerify';
  status: VerificationStatus;
  outcome: string;
  name: string;
  certNumber: string;
  createdAt: string;
  completesAt: string | null;
  completedAt: string | null;
}

/** The verification lifecycle: created pending, then passed by itself after a delay, or completed by a tester. */
export class Verifications {
  constructor(
    private readonly store: ScopedStore<Verification>,
    /** Milliseconds until a new verification passes by itself; null holds every new one pending. */
    private readonly completeAfterMs: number | null,
    private readonly now: () => number = Date.now,
  ) {}

  create(input: Omit<Verification, 'status' | 'createdAt' | 'completeAt'>): Verification {
    const createdAt = this.now();
    const completeAt = this.completeAfterMs === null ? undefined : createdAt + this.completeAfterMs;
    // Fields spelled out rather than `{ ...input }`: under load V8 gave every spread copy a hidden class of
    // its own (a Map and DescriptorArray, ~400 bytes, per stored verification). Same fields, same order.
    const v: Verification = {
      id: input.id,
      bizId: input.bizId,
      accessKeyId: input.accessKeyId,
      flow: input.flow,
      name: input.name,
      certNumber: input.certNumber,
      photo: input.photo,
      createdAt,
      status: 'pending',
      completeAt,
      outcomeId: input.outcomeId,
      completedAt: input.completedAt,
      product: input.product,
      sceneId: input.sceneId,
      returnUrl: input.returnUrl,
      callbackUrl: input.callbackUrl,
      callbackToken: input.callbackToken,
      productCode: input.productCode,
    };
    this.store.set(input.accessKeyId, input.id, v);
    return v;
  }

  /** Finds a verification and applies any due automatic completion. */
  find(accessKeyId: string, id: string): Verification | undefined {
    const v = this.store.get(accessKeyId, id);
    if (v && v.status === 'pending' && v.completeAt !== undefined && v.completeAt <= this.now()) {
      v.status = 'passed';
      v.completedAt = v.completeAt;
      this.store.set(accessKeyId, id, v);
    }
    return v;
  }

  /** Tester's hand: passed, failed with a query catalog entry, or back to pending (held). */
  complete(accessKeyId: string, id: string, outcome: { status: 'passed' } | { status: 'pending' } | { status: 'failed'; outcomeId: string }): Verification | undefined {
    const v = this.store.get(accessKeyId, id);
    if (!v) return undefined;
    v.status = outcome.status;
    v.completeAt = undefined;
    v.outcomeId = outcome.status === 'failed' ? outcome.outcomeId : undefined;
    v.completedAt = outcome.status === 'pending' ? undefined : this.now();
    this.store.set(accessKeyId, id, v);
    return v;
  }

  list(accessKeyId?: string): Verification[] {
    return this.store.list(accessKeyId).map((v) => this.find(v.accessKeyId, v.id) ?? v);
  }

  clear(accessKeyId?: string): void {
    this.store.clear(accessKeyId);
  }
}

export function viewOf(v: Verification): VerificationView {
  const iso = (t: number | undefined): string | null => (t === undefined ? null : new Date(t).toISOString());
  const product = v.product ?? 'face_verify';
  return {
    id: v.id,
    product,
    bizId: v.bizId,
    accessKeyId: v.accessKeyId,
    flow: v.flow,
    queryMethod: product === 'cloudauth' ? 'DescribeFaceVerify' : product === 'fin_face_verify' || v.flow === 'app' ? 'query' : 'queryH5',
    status: v.status,
    outcome: v.status === 'failed' ? (v.outcomeId ?? 'failed') : v.status === 'pending' ? (product === 'face_verify' ? '300' : 'pending') : 'passed',
    name: v.name,
    certNumber: maskCertNumber(v.certNumber),
    createdAt: new Date(v.createdAt).toISOString(),
    completesAt: v.status === 'pending' ? iso(v.completeAt) : null,
    completedAt: iso(v.completedAt),
  };
}

/** ID numbers are personal data: the control API shows only the first 6 and last 4 characters. */
export function maskCertNumber(value: string): string {
  return value.length <= 10 ? '*'.repeat(value.length) : value.slice(0, 6) + '*'.repeat(value.length - 10) + value.slice(-4);
}
