/**
 * Every documented SAF outcome as one typed table: the server renders from it, the scenario engine
 * selects from it, the README's scenario table and the tests are generated from it.
 * Texts are copied from ../shared/seeds (full-width punctuation kept exactly as there).
 */
import { BODY_CODES, SUB_CODES } from '../cloudauth/codes.js';

export type ServiceName = 'face_verify' | 'intl_face_verify' | 'fin_face_verify';
export type FaceVerifyMethod = 'init' | 'query' | 'initH5' | 'queryH5' | 'match';
/** intl_face_verify has no `method` field; the catalog calls its single operation `verify`. */
export type MethodName = FaceVerifyMethod | 'verify';
export type CodeMode = 'detailed' | 'unified';

/** The Version each service is documented with (seed 000: 2017-03-31; seed 001: 2019-05-21; fin_face_verify: 2017-03-31, spec §2.1). */
export function documentedVersion(service: string | undefined): string {
  // fin_face_verify: every public integration sends 2017-03-31 (2019-05-21 works too, spec §2.1).
  return service === 'intl_face_verify' ? '2019-05-21' : '2017-03-31';
}

export const FACE_VERIFY_METHODS: readonly FaceVerifyMethod[] = ['init', 'query', 'initH5', 'queryH5', 'match'];
export const INIT_METHODS: readonly MethodName[] = ['init', 'initH5'];
export const QUERY_METHODS: readonly MethodName[] = ['query', 'queryH5'];
/** fin_face_verify's methods (spec §2.2, §2.3). */
export const FIN_METHODS: readonly MethodName[] = ['init', 'query'];

/** What an entry means for the flow: a success, a verification not finished yet, or a failure. */
export type Outcome = 'success' | 'pending' | 'failure';

export interface IntlData {
  readonly passed: boolean;
  readonly retCode: string;
  readonly retCodeSub: string;
  readonly retMessage: string;
}

export interface CatalogEntry {
  /** Stable id: the Z-subcode where there is one, else the code or `<method>.<code>`. */
  readonly id: string;
  readonly service: ServiceName;
  readonly methods: readonly MethodName[];
  /** Body `Code` in the detailed form. */
  readonly code: number;
  readonly resultCode?: string;
  readonly subCode?: string;
  readonly resultMsgSub?: string;
  /** The exact `Message` in the detailed form. */
  readonly message: string;
  /** What the customer sees when detailed codes are not opted in. */
  readonly unified: { readonly code: number; readonly message: string };
  readonly outcome: Outcome;
  /** The seed's explanation column. */
  readonly description: string;
  /** intl_face_verify only: the fields of the `Data` JSON string. */
  readonly intl?: IntlData;
  /** fin_face_verify only: the verification result a query answers with (Data.passed). */
  readonly passed?: 'T' | 'F';
  readonly source: 'seed-000' | 'seed-001' | 'fin-spec';
}

/** The seed's unified code table (统一返回Code). */
export const UNIFIED = {
  200: 'OK',
  400: '参数ServiceParameters不合法',
  402: '日QPS超过已购规格，限流',
  403: '权限不足，服务未开通或已到期',
  404: '参数Service不合法',
  500: '内部服务器错误',
} as const;
export type UnifiedCode = keyof typeof UNIFIED;

function unified(code: UnifiedCode): { code: number; message: string } {
  return { code, message: UNIFIED[code] };
}

/** `init接口调用失败，${resultCode}：${resultMsgSub}（${resultCodeSub}）` and its siblings. */
export function detailMessage(prefix: string, resultCode: string, resultMsgSub: string, resultCodeSub: string): string {
  return `${prefix}${resultCode}：${resultMsgSub}（${resultCodeSub}）`;
}

const INIT_PREFIX = 'init接口调用失败，';
const INIT_POLICY_PREFIX = '接口调用失败，';
const QUERY_PREFIX = 'query接口调用失败，';

interface DetailRow {
  readonly resultCode: string;
  readonly subCode: string;
  readonly resultMsgSub: string;
  readonly description: string;
  readonly unified: UnifiedCode;
}

function detailEntries(prefix: string, methods: readonly MethodName[], rows: readonly DetailRow[]): CatalogEntry[] {
  return rows.map((row) => ({
    id: row.subCode,
    service: 'face_verify',
    methods,
    code: 500,
    resultCode: row.resultCode,
    subCode: row.subCode,
    resultMsgSub: row.resultMsgSub,
    message: detailMessage(prefix, row.resultCode, row.resultMsgSub, row.subCode),
    unified: unified(row.unified),
    outcome: 'failure',
    description: row.description,
    source: 'seed-000',
  }));
}

const sorry = (sub: string): string => `抱歉，系统出错了，请您稍后再试(${sub})`;
const sorryShort = (sub: string): string => `抱歉，系统出错了，请稍后再试(${sub})`;

const ALL_FACE_VERIFY: readonly MethodName[] = FACE_VERIFY_METHODS;
const ALL_METHODS: readonly MethodName[] = [...FACE_VERIFY_METHODS, 'verify'];

function unifiedEntries(): CatalogEntry[] {
  const descriptions: Record<UnifiedCode, string> = {
    200: '请求正常。',
    400: '参数ServiceParameters不合法。',
    402: '日QPS超过已购规格，限流。',
    403: '权限不足，服务未开通或已到期。',
    404: '参数Service不合法。',
    500: '内部服务器错误。',
  };
  return ([200, 400, 402, 403, 404, 500] as const).map((code) => ({
    id: String(code),
    service: 'face_verify',
    methods: ALL_METHODS,
    code,
    message: UNIFIED[code],
    unified: unified(code),
    outcome: code === 200 ? 'success' : 'failure',
    description: `统一返回Code：${descriptions[code]}`,
    source: 'seed-000',
  }));
}

function simple(
  id: string,
  methods: readonly MethodName[],
  code: number,
  message: string,
  description: string,
  unifiedCode: UnifiedCode | 300,
  outcome: Outcome = 'failure',
): CatalogEntry {
  const u = unifiedCode === 300 ? { code: 300, message } : unified(unifiedCode);
  return { id, service: 'face_verify', methods, code, message, unified: u, outcome, description, source: 'seed-000' };
}

function intlEntry(id: string, code: number, message: string, intl: IntlData, description: string, outcome: Outcome): CatalogEntry {
  return {
    id,
    service: 'intl_face_verify',
    methods: ['verify'],
    code,
    resultCode: intl.retCode,
    subCode: intl.retCodeSub || undefined,
    message,
    unified: { code, message },
    outcome,
    description,
    intl,
    source: 'seed-001',
  };
}

/**
 * fin_face_verify's codes: the financial-grade product's own table (shared with Cloudauth, spec §2.4 and
 * §3.3/§3.4), numeric as SAF sends them; the same in detailed and unified mode (UNCONFIRMED, README).
 * init: Cloudauth InitFaceVerify's codes without the picture ones (fin_face_verify takes no picture);
 * query: DescribeFaceVerify's.
 */
const FIN_INIT_CODES = ['400', '401', '402', '404', '405', '410', '411', '412', '414', '415', '416', '417', '418', '500'];
const FIN_QUERY_CODES = ['400', '401', '403', '404', '406', '410', '411', '424', '500'];

function finEntries(): CatalogEntry[] {
  const codes = BODY_CODES.filter((c) => FIN_INIT_CODES.includes(c.code) || FIN_QUERY_CODES.includes(c.code)).map(
    (c): CatalogEntry => ({
      id: `fin.${c.code}`,
      service: 'fin_face_verify',
      methods: FIN_METHODS.filter((m) => (m === 'init' ? FIN_INIT_CODES : FIN_QUERY_CODES).includes(c.code)),
      code: Number(c.code),
      message: c.zh,
      unified: { code: Number(c.code), message: c.zh },
      outcome: 'failure',
      description: c.meaning,
      source: 'fin-spec',
    }),
  );
  const subCodes = SUB_CODES.map(
    (sc): CatalogEntry => ({
      id: `fin.SubCode.${sc.subCode}`,
      service: 'fin_face_verify',
      methods: ['query'],
      code: 200,
      subCode: sc.subCode,
      message: 'OK',
      unified: { code: 200, message: 'OK' },
      outcome: sc.passed === 'T' ? 'success' : 'failure',
      passed: sc.passed,
      description: `Verification result ${sc.subCode}: ${sc.zh} (passed ${sc.passed}).`,
      source: 'fin-spec',
    }),
  );
  return [...codes, ...subCodes];
}

export const CATALOG: readonly CatalogEntry[] = [
  ...unifiedEntries(),
  // init / initH5 (seed 000 "发起认证请求" 返回码说明; initH5 "Return codes: same as init")
  simple('init.400', INIT_METHODS, 400, 'init接口失败，name/certNumber不能为空', '参数不合法。', 400),
  simple('init.500', INIT_METHODS, 500, 'init接口调用失败，返回空', '服务器内部错误。', 500),
  simple('B110', INIT_METHODS, 500, 'init失败，B110，请稍后再试', '攻击次数过多。', 500),
  simple('R110', INIT_METHODS, 500, 'init失败，R110，请稍后再试', '攻击次数过多。', 500),
  ...detailEntries(INIT_PREFIX, INIT_METHODS, [
    { resultCode: 'PRODUCT_NOT_OPEN', subCode: 'Z8102', resultMsgSub: '请去开通产品(Z8102)', description: '当前租户未开通刷脸认证产品。', unified: 403 },
    { resultCode: 'SYSTEM_ERROR', subCode: 'Z8199', resultMsgSub: sorryShort('Z8199'), description: '初始化时发生系统错误。', unified: 500 },
    { resultCode: 'DEVICE_NOT_SUPPORT', subCode: 'Z1108', resultMsgSub: '当前设备不支持刷脸(Z1108)', description: '设备类型不支持。', unified: 500 },
    { resultCode: 'SDKVERSION_NOT_SUPPORT', subCode: 'Z1110', resultMsgSub: '应用版本过低(Z1110)', description: 'SDK版本不支持。', unified: 500 },
    { resultCode: 'OS_NOT_SUPPORT', subCode: 'Z1109', resultMsgSub: '当前系统不支持刷脸(Z1109)', description: '系统版本不支持。', unified: 500 },
  ]),
  ...detailEntries(INIT_POLICY_PREFIX, INIT_METHODS, [
    { resultCode: 'SYSTEM_ERROR', subCode: 'Z1111', resultMsgSub: sorry('Z1111'), description: '初始化策略结果获取失败。', unified: 500 },
    { resultCode: 'SYSTEM_ERROR', subCode: 'Z1112', resultMsgSub: sorry('Z1112'), description: '暂时无法使用刷脸认证。', unified: 500 },
    { resultCode: 'SYSTEM_ERROR', subCode: 'Z1199', resultMsgSub: sorry('Z1199'), description: '暂时无法使用刷脸认证。', unified: 500 },
    { resultCode: 'INVALID_PARAMETER', subCode: 'Z5101', resultMsgSub: sorry('Z5101'), description: '暂时无法使用刷脸认证。', unified: 400 },
    { resultCode: 'INVALID_PARAMETER', subCode: 'Z5102', resultMsgSub: sorry('Z5102'), description: '初始化时发生系统错误。', unified: 400 },
    { resultCode: 'INVALID_PARAMETER', subCode: 'Z5103', resultMsgSub: sorry('Z5103'), description: '初始化时发生系统错误。', unified: 400 },
    { resultCode: 'SYSTEM_ERROR', subCode: 'Z5199', resultMsgSub: sorry('Z5199'), description: '初始化时发生系统错误。', unified: 500 },
  ]),
  simple('510', INIT_METHODS, 510, '初始化时传入参数不正确', '参数不正确。', 400),
  simple('520', [...INIT_METHODS, 'match'], 520, '请求参数中的用户身份信息无效，请填写正确的身份信息', '该身份信息无效。', 400),
  simple('530', INIT_METHODS, 530, '比对源不可用，暂时不可以使用刷脸', '该身份信息的比对源不可用。', 500),
  simple('540', INIT_METHODS, 540, '刷脸失败次数过多，请您稍后再试', '短时间内刷脸失败次数超限。', 500),
  // query / queryH5 (seed 000 "查询认证结果" 返回码说明)
  simple('300', QUERY_METHODS, 300, '刷脸认证未完成，请稍后再试。', '刷脸认证未结束。', 300, 'pending'),
  simple('query.500', QUERY_METHODS, 500, 'query接口调用失败', '服务器内部错误。', 500),
  ...detailEntries(QUERY_PREFIX, QUERY_METHODS, [
    { resultCode: 'INVALID_PARAMETER', subCode: 'Z8301', resultMsgSub: sorry('Z8301'), description: '查询时传入参数不正确。', unified: 400 },
    { resultCode: 'NOT_SAME_PERSON', subCode: 'Z1146', resultMsgSub: '抱歉，没有认出您(Z1146)', description: '刷脸认证未通过。', unified: 400 },
    { resultCode: 'PRODUCT_NOT_OPEN', subCode: 'Z8302', resultMsgSub: '请去开通产品(Z8302)', description: '当前租户未开通刷脸认证产品。', unified: 403 },
    { resultCode: 'SYSTEM_ERROR', subCode: 'Z8399', resultMsgSub: sorryShort('Z8399'), description: '查询时发生系统错误。', unified: 500 },
  ]),
  // intl_face_verify (seed 001)
  intlEntry('Z1140', 200, 'OK', { passed: true, retCode: 'OK_SUCCESS', retCodeSub: 'Z1140', retMessage: '刷脸通过(Z1140)' }, '发起认证请求成功，比对通过。', 'success'),
  intlEntry('Z1141', 500, 'system error', { passed: false, retCode: 'SYSTEM_ERROR', retCodeSub: 'Z1141', retMessage: 'resourceCode值不合法' }, '服务端系统错误（resourceCode不合法）。', 'failure'),
  intlEntry('UNABLE_GET_IMAGE', 200, 'OK', { passed: false, retCode: 'UNABLE_GET_IMAGE', retCodeSub: '', retMessage: '比对源不可用' }, '比对源不可用。', 'failure'),
  intlEntry('PROCESSING', 200, 'OK', { passed: false, retCode: 'PROCESSING', retCodeSub: '', retMessage: '图片不能解析，请重试' }, '图片不能解析，请重试。', 'failure'),
  {
    id: 'intl.400',
    service: 'intl_face_verify',
    methods: ['verify'],
    code: 400,
    message: 'refFaceContent or authFaceContent or resourceCode is null',
    unified: { code: 400, message: 'refFaceContent or authFaceContent or resourceCode is null' },
    outcome: 'failure',
    description: '必填参数为空。',
    source: 'seed-001',
  },
  ...finEntries(),
];

const BY_ID = new Map(CATALOG.map((entry) => [entry.id, entry]));

export function findEntry(id: string): CatalogEntry | undefined {
  return BY_ID.get(id);
}

/** The unified codes answer any method of either service. */
export function appliesEverywhere(entry: CatalogEntry): boolean {
  return entry.methods.length === ALL_METHODS.length;
}

/** Whether an entry can answer a request for this service and method (unified codes apply to every method). */
export function entryApplies(entry: CatalogEntry, service: ServiceName, method: MethodName): boolean {
  if (appliesEverywhere(entry)) return true;
  return entry.service === service && entry.methods.includes(method);
}

/** Code and Message as the customer sees them under the given mode. */
export function renderedCode(entry: CatalogEntry, mode: CodeMode): { code: number; message: string } {
  return mode === 'detailed' ? { code: entry.code, message: entry.message } : entry.unified;
}

export { ALL_FACE_VERIFY, ALL_METHODS };
