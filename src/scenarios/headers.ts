import { findEntry } from '../saf/catalog.js';
import { findCloudauthEntry } from '../cloudauth/catalog.js';
import { FAULT_IDS, isFault, MAX_DELAY_MS, type Fault } from './faults.js';

export const SCENARIO_HEADER = 'x-saf-mock-scenario';
export const DELAY_HEADER = 'x-saf-mock-delay';
export const FAULT_HEADER = 'x-saf-mock-fault';

export interface MockHeaders {
  readonly scenario?: string;
  readonly delayMs?: number;
  readonly fault?: Fault;
}

export type MockHeadersResult = { ok: true; value: MockHeaders } | { ok: false; header: string; message: string };

/**
 * Reads the fixture headers into one typed value. An unknown or malformed value is an error naming it,
 * never ignored: a tester who mistypes Z1146 must not silently get a success.
 */
export function parseMockHeaders(get: (name: string) => string | undefined): MockHeadersResult {
  const value: { scenario?: string; delayMs?: number; fault?: Fault } = {};
  const scenario = get(SCENARIO_HEADER)?.trim();
  if (scenario !== undefined && scenario !== '') {
    if (!findEntry(scenario) && !findCloudauthEntry(scenario)) {
      return { ok: false, header: SCENARIO_HEADER, message: `Unknown scenario "${scenario}" in ${SCENARIO_HEADER}; GET /__saf/scenarios lists every id.` };
    }
    value.scenario = scenario;
  }
  const delay = get(DELAY_HEADER)?.trim();
  if (delay !== undefined && delay !== '') {
    if (!/^\d+$/.test(delay) || Number(delay) > MAX_DELAY_MS) {
      return { ok: false, header: DELAY_HEADER, message: `Invalid ${DELAY_HEADER} "${delay}": a whole number of milliseconds from 0 to ${MAX_DELAY_MS}.` };
    }
    value.delayMs = Number(delay);
  }
  const fault = get(FAULT_HEADER)?.trim();
  if (fault !== undefined && fault !== '') {
    if (!isFault(fault)) {
      return { ok: false, header: FAULT_HEADER, message: `Unknown fault "${fault}" in ${FAULT_HEADER}; one of: ${FAULT_IDS.join(', ')}.` };
    }
    value.fault = fault;
  }
  return { ok: true, value };
}
