import { findEntry } from '../saf/catalog.js';
import { withCheckCharacter } from '../saf/id-number.js';

/** `name` = `SAF_MOCK_<id>` selects catalog entry <id>, for callers that cannot add headers. */
export const MAGIC_NAME_PREFIX = 'SAF_MOCK_';
/** ServiceParameters fields a `SAF_MOCK_<id>` value may sit in: face_verify's name, fin_face_verify's certName and certifyId (query). */
export const MAGIC_NAME_FIELDS = ['name', 'certName', 'certifyId'] as const;

/**
 * Reserved ID numbers (valid check digits, birth date 1900-01-01) that select a scenario.
 * Query outcomes given at init are carried by the verification: the later query answers with them.
 */
export const MAGIC_CERT_NUMBERS: ReadonlyArray<{ readonly certNumber: string; readonly scenario: string }> = [
  { prefix: '11010119000101001', scenario: 'Z1146' },
  { prefix: '11010119000101002', scenario: '300' },
  { prefix: '11010119000101003', scenario: '530' },
  { prefix: '11010119000101004', scenario: '540' },
  { prefix: '11010119000101005', scenario: 'Z8102' },
  { prefix: '11010119000101006', scenario: 'Z1108' },
  { prefix: '11010119000101007', scenario: 'Z8399' },
].map(({ prefix, scenario }) => ({ certNumber: withCheckCharacter(prefix), scenario }));

const BY_CERT = new Map(MAGIC_CERT_NUMBERS.map((m) => [m.certNumber, m.scenario]));

export type MagicResult = { found: false } | { found: true; scenario: string; source: string } | { found: true; unknown: string; source: string };

/** Looks for a magic value in ServiceParameters; an unknown SAF_MOCK_ id is reported, not ignored. */
export function findMagicValue(params: Readonly<Record<string, unknown>>): MagicResult {
  for (const field of MAGIC_NAME_FIELDS) {
    const value = params[field];
    if (typeof value === 'string' && value.startsWith(MAGIC_NAME_PREFIX)) {
      const id = value.slice(MAGIC_NAME_PREFIX.length);
      return findEntry(id) ? { found: true, scenario: id, source: field } : { found: true, unknown: id, source: field };
    }
  }
  const cert = params.certNumber;
  if (typeof cert === 'string') {
    const scenario = BY_CERT.get(cert.toUpperCase());
    if (scenario) return { found: true, scenario, source: 'certNumber' };
  }
  return NOT_FOUND;
}

const NOT_FOUND: MagicResult = { found: false };
