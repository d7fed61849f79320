import { CATALOG, QUERY_METHODS, type CatalogEntry } from '../saf/catalog.js';
import type { Flow } from '../saf/sessions.js';

/** One button on a verification page: what the tester chooses, and what the verification then answers. */
export interface PageOutcome {
  /** The id the control API takes (`passed`, a catalog id such as `Z1146`), also in the button's accessible name. */
  readonly id: string;
  readonly label: string;
  /** `passed`, `failed`, or `pending` (the user left: the verification stays unfinished, query answers 300). */
  readonly status: 'passed' | 'failed' | 'pending';
  /** What the next query answers, in words. */
  readonly answers: string;
}

/** The message the H5 page posts to its parent window (saf-api.md §4.3). */
export interface H5Message {
  readonly retCode: number;
  readonly retCodeSub: string;
  readonly retMessageSub: string;
}

/** The query catalog's failures of face_verify: what a finished-but-failed verification can answer. */
function queryFailures(): readonly CatalogEntry[] {
  return CATALOG.filter((e) => e.service === 'face_verify' && e.outcome === 'failure' && e.methods.length <= QUERY_METHODS.length && e.methods.every((m) => QUERY_METHODS.includes(m)));
}

const PASSED: PageOutcome = { id: 'passed', label: 'Face matched', status: 'passed', answers: 'Code 200 (passed)' };
/** The user closes the page: nothing finished, so the next query answers 300. */
const CANCELLED: PageOutcome = { id: 'cancelled', label: 'User leaves the page', status: 'pending', answers: 'Code 300 (not finished)' };

/** The outcomes offered for a face_verify verification (app or H5 flow). */
export function faceVerifyOutcomes(flow: Flow): readonly PageOutcome[] {
  const failures = queryFailures().map<PageOutcome>((e) => ({
    id: e.id,
    label: e.resultMsgSub ?? e.message,
    status: 'failed',
    answers: `Code ${e.code}: ${e.message}`,
  }));
  return [PASSED, ...failures, ...(flow === 'h5' ? [CANCELLED] : [])];
}

export function findOutcome(flow: Flow, id: string): PageOutcome | undefined {
  return faceVerifyOutcomes(flow).find((o) => o.id === id);
}

/**
 * The postMessage of the real H5 page for an outcome: retCode 1000 passed, 1003 the user quit, 2006 failed
 * (saf-api.md §4.3 lists these codes and the sub-codes Z1140/Z1415/Z1141). Which sub-code and text the real
 * page sends for each failure is UNCONFIRMED: the mock sends the query's own sub-code and text (Z1146 …), and
 * Z1141 where the query entry has none.
 */
export function h5Message(outcome: PageOutcome): H5Message {
  if (outcome.status === 'passed') return { retCode: 1000, retCodeSub: 'Z1140', retMessageSub: '刷脸通过(Z1140)' };
  if (outcome.status === 'pending') return { retCode: 1003, retCodeSub: 'Z1415', retMessageSub: '用户取消认证(Z1415)' };
  const entry = CATALOG.find((e) => e.id === outcome.id);
  return { retCode: 2006, retCodeSub: entry?.subCode ?? 'Z1141', retMessageSub: entry?.resultMsgSub ?? '系统错误，请稍后再试(Z1141)' };
}
