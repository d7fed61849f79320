import type { VerificationStore } from '../store/types.js';

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
  readonly status: VerificationStatus;
  /** When a pending verification passes by itself; undefined holds it pending until completed by hand. */
  readonly completeAt?: number;
  /** For a failed verification: the query catalog entry it answers with (e.g. Z1146). */
  readonly outcomeId?: string;
  readonly completedAt?: number;
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

/** What a product gives to create a verification (the lifecycle sets the rest). */
export type NewVerification = Omit<Verification, 'status' | 'createdAt' | 'completeAt'>;

const MAX_ID_DRAWS = 8;

export type Outcome = { status: 'passed' } | { status: 'pending' } | { status: 'failed'; outcomeId: string };

/** The verification lifecycle: created pending, then passed by itself after a delay, or completed by a tester. */
export class Verifications {
  constructor(
    private readonly store: VerificationStore,
    /** Milliseconds until a new verification passes by itself; null holds every new one pending. */
    private readonly completeAfterMs: number | null,
    private readonly now: () => number = Date.now,
  ) {}

  /** Stores a new verification (already completed when `outcome` is given); undefined when its id is already taken (another replica drew it). */
  async create(input: NewVerification, outcome?: Outcome): Promise<Verification | undefined> {
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
    // An outcome known at creation (carried by the init) is part of the one write.
    const stored = outcome ? withOutcome(v, outcome.status, outcome.status === 'failed' ? outcome.outcomeId : undefined, outcome.status === 'pending' ? undefined : createdAt) : v;
    return (await this.store.create(stored)) ? stored : undefined;
  }

  /**
   * Creates a verification under a fresh id: `draw` gives the input with a newly drawn id. Replicas with the
   * same --seed draw the same ids, so an id already taken in the store is drawn again (never overwritten).
   */
  async createNew(draw: () => NewVerification, outcome?: Outcome): Promise<Verification> {
    for (let attempt = 0; attempt < MAX_ID_DRAWS; attempt++) {
      const v = await this.create(draw(), outcome);
      if (v) return v;
    }
    throw new Error(`no free verification id after ${MAX_ID_DRAWS} draws`);
  }

  /** Finds a verification, with any due automatic completion applied (derived, so replicas never race to write it). */
  async find(accessKeyId: string, id: string): Promise<Verification | undefined> {
    const v = await this.store.get(accessKeyId, id);
    return v && this.settled(v);
  }

  private settled(v: Verification): Verification {
    if (v.status !== 'pending' || v.completeAt === undefined || v.completeAt > this.now()) return v;
    // completeAt stays: a verification finished by itself was not submitted by anyone (see Lifecycle.submit).
    return withOutcome(v, 'passed', undefined, v.completeAt, v.completeAt);
  }

  /** Tester's hand: passed, failed with a query catalog entry, or back to pending (held). One write. */
  async complete(accessKeyId: string, id: string, outcome: Outcome): Promise<Verification | undefined> {
    const v = await this.store.get(accessKeyId, id);
    if (!v) return undefined;
    const done = withOutcome(v, outcome.status, outcome.status === 'failed' ? outcome.outcomeId : undefined, outcome.status === 'pending' ? undefined : this.now());
    return (await this.store.update(done)) ? done : undefined;
  }

  async list(accessKeyId?: string): Promise<Verification[]> {
    return (await this.store.list(accessKeyId)).map((v) => this.settled(v));
  }

  clear(accessKeyId?: string): Promise<void> {
    return this.store.clear(accessKeyId);
  }
}

/** A completed copy (never a change in place: the memory store hands out its own records). */
function withOutcome(v: Verification, status: VerificationStatus, outcomeId: string | undefined, completedAt: number | undefined, completeAt?: number): Verification {
  return {
    id: v.id,
    bizId: v.bizId,
    accessKeyId: v.accessKeyId,
    flow: v.flow,
    name: v.name,
    certNumber: v.certNumber,
    photo: v.photo,
    createdAt: v.createdAt,
    status,
    completeAt,
    outcomeId,
    completedAt,
    product: v.product,
    sceneId: v.sceneId,
    returnUrl: v.returnUrl,
    callbackUrl: v.callbackUrl,
    callbackToken: v.callbackToken,
    productCode: v.productCode,
  };
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
