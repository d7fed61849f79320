/**
 * Every documented Cloudauth 2019-03-07 outcome as one typed table: the handlers answer from it, the
 * scenario engine selects from it, GET /__saf/scenarios and the README's tables list it, the tests iterate it.
 */
import { BODY_CODES, SUB_CODES, type BodyCode } from './codes.js';

export const CLOUDAUTH_ACTIONS = ['InitFaceVerify', 'DescribeFaceVerify', 'ContrastFaceVerify', 'CompareFaceVerify', 'LivenessFaceVerify'] as const;
export type CloudauthAction = (typeof CLOUDAUTH_ACTIONS)[number];
export const CLOUDAUTH_VERSION = '2019-03-07';

export function isCloudauthAction(value: string): value is CloudauthAction {
  return (CLOUDAUTH_ACTIONS as readonly string[]).includes(value);
}

export interface CloudauthEntry {
  /** `cloudauth.<Code>` for a body code, `cloudauth.SubCode.<n>` for a verification result. */
  readonly id: string;
  readonly kind: 'code' | 'subCode';
  /** Body `Code`, a string as the service sends it ("200" for every SubCode entry). */
  readonly code: string;
  /** `Message` (the zh_cn metadata's text; "success" for Code 200). */
  readonly message: string;
  readonly messageEn: string;
  readonly subCode?: string;
  readonly passed?: 'T' | 'F';
  readonly actions: readonly CloudauthAction[];
  readonly outcome: 'success' | 'failure';
  readonly description: string;
}

const ALL: readonly CloudauthAction[] = CLOUDAUTH_ACTIONS;
const INIT_CODES = ['400', '401', '402', '404', '405', '410', '411', '412', '414', '415', '416', '417', '418', '419', '420', '421', '422', '423', '500'];
const DESCRIBE_CODES = ['400', '401', '403', '404', '406', '410', '411', '424', '500'];
/** ContrastFaceVerify: "as InitFaceVerify minus 414–416"; LivenessFaceVerify publishes none and reuses these (UNCONFIRMED). */
const CONTRAST_CODES = INIT_CODES.filter((c) => !['414', '415', '416'].includes(c));
const COMPARE_CODES = ['400', '401', '402', '404', '410', '411', '412', '419', '420', '421', '422', '423', '500'];

/** Which action documents which body code (spec §3.3–3.7). */
export const CODES_BY_ACTION: Readonly<Record<CloudauthAction, readonly string[]>> = {
  InitFaceVerify: INIT_CODES,
  DescribeFaceVerify: DESCRIBE_CODES,
  ContrastFaceVerify: CONTRAST_CODES,
  CompareFaceVerify: COMPARE_CODES,
  LivenessFaceVerify: CONTRAST_CODES,
};

/** Actions whose answer carries a verification result (SubCode/Passed); Init carries one to its verification. */
export const RESULT_ACTIONS: readonly CloudauthAction[] = ['DescribeFaceVerify', 'ContrastFaceVerify', 'LivenessFaceVerify'];

function codeEntry(c: BodyCode): CloudauthEntry {
  return {
    id: `cloudauth.${c.code}`,
    kind: 'code',
    code: c.code,
    message: c.zh,
    messageEn: c.en,
    actions: ALL.filter((a) => CODES_BY_ACTION[a].includes(c.code)),
    outcome: 'failure',
    description: c.meaning,
  };
}

export const CLOUDAUTH_CATALOG: readonly CloudauthEntry[] = [
  { id: 'cloudauth.200', kind: 'code', code: '200', message: 'success', messageEn: 'success', actions: ALL, outcome: 'success', description: 'The request succeeded (the normal answer, with real data).' },
  ...BODY_CODES.map(codeEntry),
  ...SUB_CODES.map(
    (s): CloudauthEntry => ({
      id: `cloudauth.SubCode.${s.subCode}`,
      kind: 'subCode',
      code: '200',
      message: 'success',
      messageEn: 'success',
      subCode: s.subCode,
      passed: s.passed,
      actions: s.subCode === '200' || s.subCode === '204' ? [...RESULT_ACTIONS, 'CompareFaceVerify'] : RESULT_ACTIONS,
      outcome: s.passed === 'T' ? 'success' : 'failure',
      description: `Verification result: ${s.zh} (Passed ${s.passed}).`,
    }),
  ),
];

const BY_ID = new Map(CLOUDAUTH_CATALOG.map((e) => [e.id, e]));

export function findCloudauthEntry(id: string): CloudauthEntry | undefined {
  return BY_ID.get(id);
}

export function cloudauthEntry(id: string): CloudauthEntry {
  const e = BY_ID.get(id);
  if (!e) throw new Error(`no Cloudauth catalog entry ${id}`);
  return e;
}

/** The SubCode entry of a verification result ("204" → cloudauth.SubCode.204). */
export function subCodeEntry(subCode: string): CloudauthEntry | undefined {
  return BY_ID.get(`cloudauth.SubCode.${subCode}`);
}

/** An entry answers this action directly; SubCode entries given at Init are carried to the verification. */
export function cloudauthEntryApplies(entry: CloudauthEntry, action: CloudauthAction): boolean {
  return entry.actions.includes(action);
}

export function carriedByInit(entry: CloudauthEntry, action: CloudauthAction): boolean {
  return action === 'InitFaceVerify' && entry.kind === 'subCode';
}
