import type { VerificationStore } from '../store/types.js';

/** init creates a verification (the app flow), initH5 one for the web flow; each is queried by its own method. */
export type Flow = 'app' | 'h5';
export type VerificationStatus = 'pending' | 'passed' | 'failed';

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
}

export interface VerificationView {
  id: string;
  bizId: string;
  accessKeyId: string;
  flow: Flow;
  queryMethod: 'query' | 'queryH5';
  status: VerificationStatus;
  outcome: string;
  name: string;
  certNumber: string;
  createdAt: string;
  completesAt: string | null;
  completedAt: string | null;
}

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
  async create(input: Omit<Verification, 'status' | 'createdAt' | 'completeAt'>, outcome?: Outcome): Promise<Verification | undefined> {
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
    };
    // An outcome known at creation (carried by the init) is part of the one write.
    const stored = outcome ? withOutcome(v, outcome.status, outcome.status === 'failed' ? outcome.outcomeId : undefined, outcome.status === 'pending' ? undefined : createdAt) : v;
    return (await this.store.create(stored)) ? stored : undefined;
  }

  /** Finds a verification, with any due automatic completion applied (derived, so replicas never race to write it). */
  async find(accessKeyId: string, id: string): Promise<Verification | undefined> {
    const v = await this.store.get(accessKeyId, id);
    return v && this.settled(v);
  }

  private settled(v: Verification): Verification {
    if (v.status !== 'pending' || v.completeAt === undefined || v.completeAt > this.now()) return v;
    return withOutcome(v, 'passed', undefined, v.completeAt);
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
function withOutcome(v: Verification, status: VerificationStatus, outcomeId: string | undefined, completedAt: number | undefined): Verification {
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
    completeAt: undefined,
    outcomeId,
    completedAt,
  };
}

export function viewOf(v: Verification): VerificationView {
  const iso = (t: number | undefined): string | null => (t === undefined ? null : new Date(t).toISOString());
  return {
    id: v.id,
    bizId: v.bizId,
    accessKeyId: v.accessKeyId,
    flow: v.flow,
    queryMethod: v.flow === 'app' ? 'query' : 'queryH5',
    status: v.status,
    outcome: v.status === 'failed' ? (v.outcomeId ?? 'failed') : v.status === 'pending' ? '300' : 'passed',
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
