/**
 * One lifecycle for every product: which outcomes a verification of each product can be completed with
 * (control API, simulated pages, scenarios carried by an init), and what each outcome means.
 */
import { SUB_CODES } from '../cloudauth/codes.js';
import { CATALOG, QUERY_METHODS } from '../saf/catalog.js';
import type { Product, Verification } from '../saf/sessions.js';

export type Completion = { status: 'passed' } | { status: 'pending' } | { status: 'failed'; outcomeId: string };

/** Catalog-id prefix of the SubCode entries of the financial-grade products. */
const SUB_PREFIX: Record<Exclude<Product, 'face_verify'>, string> = { cloudauth: 'cloudauth.SubCode.', fin_face_verify: 'fin.SubCode.' };

function faceVerifyFailures(): string[] {
  return CATALOG.filter((e) => e.service === 'face_verify' && e.methods.some((m) => QUERY_METHODS.includes(m)) && e.outcome !== 'success').map((e) => e.id);
}

/** Every outcome the control API accepts for a verification of this product. */
export function outcomeChoices(product: Product): string[] {
  if (product === 'face_verify') return ['passed', 'pending', ...faceVerifyFailures()];
  const prefix = SUB_PREFIX[product];
  return ['passed', 'pending', ...SUB_CODES.map((s) => s.subCode), ...SUB_CODES.map((s) => prefix + s.subCode)];
}

/**
 * An outcome as a completion: `passed`, `pending`, a SubCode (`204`) or its catalog id (`cloudauth.SubCode.204`)
 * for the financial-grade products; `passed`, `pending`/`300`, `200` or a query catalog id for face_verify.
 */
export function completionOf(product: Product, outcome: string): Completion | undefined {
  if (outcome === 'passed') return { status: 'passed' };
  if (outcome === 'pending') return { status: 'pending' };
  if (product === 'face_verify') {
    if (outcome === '300') return { status: 'pending' };
    if (outcome === '200') return { status: 'passed' };
    return faceVerifyFailures().includes(outcome) ? { status: 'failed', outcomeId: outcome } : undefined;
  }
  const prefix = SUB_PREFIX[product];
  const sub = outcome.startsWith(prefix) ? outcome.slice(prefix.length) : outcome;
  const found = SUB_CODES.find((s) => s.subCode === sub);
  if (!found) return undefined;
  return found.passed === 'T' ? { status: 'passed' } : { status: 'failed', outcomeId: prefix + sub };
}

/** The SubCode a finished financial-grade verification answers with ("200" when passed). */
export function subCodeOf(v: Verification): string {
  if (v.status === 'passed') return '200';
  const id = v.outcomeId ?? '';
  return id.slice(id.lastIndexOf('.') + 1) || '206';
}
