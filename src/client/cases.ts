import { formatTimestamp } from '../gateway/replay.js';
import { loadPhotos } from '../saf/photos.js';
import { SDK_CLIENTS, type ExecuteResult } from './adapter.js';
import { call, control, type ContractCase, type Expectation } from './case.js';

/**
 * The contract suite, as data: vitest (test/contract) and `saf-mock contract` run exactly these cases.
 * Live-safe cases assert what the docs and recorded gateway answers establish (status, Code, envelope);
 * the exact texts live gives are kept in the parity snapshots (contracts/snapshots) instead.
 */

/** The GB 11643 standard's own example: a valid number that belongs to nobody real. */
const EXAMPLE_CERT = '11010519491231002X';
/** The same with a wrong check character. */
const BAD_CHECK_CERT = '110105194912310021';
const NAME = '张三';
const METAINFO = JSON.stringify({ zimVer: '3.0.0', appVersion: '1', bioMetaInfo: '4.1.0:1150****,0', appName: 'com.example.contract', deviceType: 'ios', osVersion: 'iOS 17.0', apdidToken: '', deviceModel: 'iPhone15,2' });
/** Ids in the documented shapes that no verification has. */
const UNKNOWN_QUERY_ID = '0000000000000000000000000000c0de';
const UNKNOWN_BIZ_ID = 'ZSTP0000000000000000000000000000';
/** A secret that is certainly not the key's. */
const WRONG_SECRET = 'saf-mock-contract-wrong-secret-000000';
const UNKNOWN_KEY_ID = 'LTAI5tSafMockContractNoSuchKey';

const SIGNATURE_MISMATCH = /^Specified signature (is not matched with|does not match) our calculation\. server (string to sign|StringToSign) is/;

const photos = (): string[] => loadPhotos().map((p) => p.toString('base64'));

export function dataField(result: ExecuteResult | undefined, field: string): string {
  const data = result?.data;
  const value = data !== null && typeof data === 'object' ? (data as Record<string, unknown>)[field] : undefined;
  if (typeof value !== 'string') throw new Error(`the earlier answer has no Data.${field} (Code ${String(result?.code)}: ${result?.message ?? result?.body.slice(0, 200) ?? 'no answer'})`);
  return value;
}


const gatewayError = (status: number | readonly number[], code: string | readonly string[], message?: Expectation['message']): Expectation => ({
  status,
  code,
  envelope: 'gateway-error',
  ...(message !== undefined ? { message } : {}),
});

const saf = (code: number | readonly number[], extra: Partial<Expectation> = {}): Expectation => ({ status: 200, code, envelope: 'saf', ...extra });

/** Detailed code (opted-in customers) or its unified form: live accounts and mocks may run either. */
const either = (detailed: { code: number; message: string }, unified: { code: number; message: string }): Partial<Expectation> & { code: number[] } => ({
  code: [detailed.code, unified.code],
  message: [detailed.message, unified.message],
});

const init = (input: Partial<{ name: string; certNumber: string }> = {}) => ({ method: 'init', certNumber: input.certNumber ?? EXAMPLE_CERT, name: input.name ?? NAME, metainfo: METAINFO });

const passedFlow = (method: 'init' | 'initH5'): ContractCase => {
  const idField = method === 'init' ? 'queryId' : 'zimId';
  const queryMethod = method === 'init' ? 'query' : 'queryH5';
  return {
    id: `face_verify.${method}.flow-passed`,
    title: `${method} → face scan passes (control API) → ${queryMethod} with returnImage gives the photo`,
    live: 'mock-only',
    reason: 'needs a real face scan; the mock completes it through the control API',
    clients: SDK_CLIENTS,
    steps: [
      call(method, 'face_verify', { ...init(), method }, saf(200, { message: 'OK', data: `face_verify.${method}.data.schema.json`, dataEncoding: 'object' })),
      control('scan passes', (api, { results, accessKeyId }) => api.completeSession(dataField(results[method], idField), 'passed', accessKeyId)),
      call(
        queryMethod,
        'face_verify',
        ({ results }) => ({ method: queryMethod, bizId: dataField(results[method], 'bizId'), [idField]: dataField(results[method], idField), returnImage: '1' }),
        saf(200, { message: 'OK', data: `face_verify.${queryMethod}.data.schema.json`, dataEncoding: 'object' }),
      ),
    ],
  };
};


// ── Financial-grade: Cloudauth 2019-03-07 (`cloudauth:<Action>`, flat parameters) and SAF fin_face_verify ──

/** A scene id in the documented shape; unknown to any live account but the one that created it. */
const SCENE_ID = '1000000006';
/** Not a scene anyone has: the documented 404 认证场景配置不存在 on live and on the mock. */
const UNKNOWN_SCENE_ID = '1';
const UNKNOWN_CERTIFY_ID = '0000000000000000000000000000c0de';

const ca = (code: string | readonly string[], extra: Partial<Expectation> = {}): Expectation => ({ status: 200, code, envelope: 'cloudauth', ...extra });

const caInit = (extra: Record<string, string> = {}) => ({
  SceneId: SCENE_ID,
  OuterOrderNo: 'contract000000000000000000000001',
  ProductCode: 'ID_PRO',
  Model: 'LIVENESS',
  CertType: 'IDENTITY_CARD',
  CertName: NAME,
  CertNo: EXAMPLE_CERT,
  MetaInfo: METAINFO,
  ReturnUrl: 'https://www.aliyun.com',
  ...extra,
});

const finInit = (extra: Record<string, string> = {}) => ({
  method: 'init',
  sceneId: SCENE_ID,
  outerOrderNo: 'contract000000000000000000000001',
  bizCode: 'FACE',
  identityType: 'CERT_INFO',
  certType: 'IDENTITY_CARD',
  certNo: EXAMPLE_CERT,
  certName: NAME,
  returnUrl: 'https://www.aliyun.com',
  ...extra,
});

function resultField(result: ExecuteResult | undefined, field: string): string {
  return dataField(result, field);
}

const FIN_CASES: readonly ContractCase[] = [
  {
    id: 'cloudauth.InitFaceVerify.unknown-scene',
    title: 'InitFaceVerify with a SceneId no console created answers Code "404" (HTTP 200, string Code)',
    live: 'safe',
    clients: SDK_CLIENTS,
    steps: [call('call', 'cloudauth:InitFaceVerify', caInit({ SceneId: UNKNOWN_SCENE_ID }), ca('404', { data: 'absent' }))],
  },
  {
    id: 'cloudauth.InitFaceVerify.params-missing',
    title: 'InitFaceVerify without SceneId and OuterOrderNo answers Code "400" 参数不能为空',
    live: 'safe',
    clients: SDK_CLIENTS,
    steps: [call('call', 'cloudauth:InitFaceVerify', { ProductCode: 'ID_PRO', CertType: 'IDENTITY_CARD', CertName: NAME, CertNo: EXAMPLE_CERT, MetaInfo: METAINFO }, ca('400', { data: 'absent' }))],
  },
  {
    id: 'cloudauth.DescribeFaceVerify.params-missing',
    title: 'DescribeFaceVerify without CertifyId answers Code "400"',
    live: 'safe',
    clients: SDK_CLIENTS,
    steps: [call('call', 'cloudauth:DescribeFaceVerify', { SceneId: SCENE_ID }, ca('400', { data: 'absent' }))],
  },
  {
    id: 'cloudauth.DescribeFaceVerify.unknown-id',
    title: 'DescribeFaceVerify for a CertifyId nobody issued is refused (406 on a scene of the key; 404 where the scene is not the key\'s)',
    live: 'safe',
    clients: SDK_CLIENTS,
    steps: [call('call', 'cloudauth:DescribeFaceVerify', { SceneId: SCENE_ID, CertifyId: UNKNOWN_CERTIFY_ID }, ca(['406', '404'], { data: 'absent' }))],
  },
  {
    id: 'cloudauth.unknown-action',
    title: 'a Cloudauth action that does not exist is the gateway\'s InvalidAction.NotFound',
    live: 'safe',
    clients: SDK_CLIENTS,
    steps: [call('call', 'cloudauth:SafMockNoSuchAction', { SceneId: SCENE_ID }, gatewayError(404, 'InvalidAction.NotFound'))],
  },
  {
    id: 'cloudauth.flow-failed',
    title: 'InitFaceVerify → the user fails the face comparison (control API) → DescribeFaceVerify Passed F, SubCode 204',
    live: 'mock-only',
    reason: 'needs a real face scan; the mock completes it through the control API',
    clients: SDK_CLIENTS,
    steps: [
      call('init', 'cloudauth:InitFaceVerify', caInit(), ca('200', { message: 'success', data: 'cloudauth.InitFaceVerify.result.schema.json', dataEncoding: 'object' })),
      control('user fails', (api, { results, accessKeyId }) => api.completeSession(resultField(results.init, 'CertifyId'), '204', accessKeyId)),
      call('describe', 'cloudauth:DescribeFaceVerify', ({ results }) => ({ SceneId: SCENE_ID, CertifyId: resultField(results.init, 'CertifyId') }), ca('200', { data: 'cloudauth.DescribeFaceVerify.result.schema.json' })),
    ],
  },
  {
    id: 'cloudauth.server-side',
    title: 'ContrastFaceVerify, CompareFaceVerify and LivenessFaceVerify answer at once with their documented ResultObject',
    live: 'mock-only',
    reason: 'each call is a billed verification on live',
    clients: SDK_CLIENTS,
    steps: [
      call('contrast', 'cloudauth:ContrastFaceVerify', () => ({ SceneId: SCENE_ID, OuterOrderNo: 'c1', ProductCode: 'ID_MIN', CertType: 'IDENTITY_CARD', CertName: NAME, CertNo: EXAMPLE_CERT, FaceContrastPicture: photos()[0]! }), ca('200', { data: 'cloudauth.ContrastFaceVerify.result.schema.json' }), { placement: 'body' }),
      call('compare', 'cloudauth:CompareFaceVerify', () => ({ SceneId: SCENE_ID, OuterOrderNo: 'c2', ProductCode: 'PV_FC', SourceFaceContrastPicture: photos()[0]!, TargetFaceContrastPicture: photos()[1]! }), ca('200', { data: 'cloudauth.CompareFaceVerify.result.schema.json' }), { placement: 'body' }),
      call('liveness', 'cloudauth:LivenessFaceVerify', () => ({ SceneId: SCENE_ID, OuterOrderNo: 'c3', ProductCode: 'LR_FR_MIN', FaceContrastPicture: photos()[1]! }), ca('200', { data: 'cloudauth.LivenessFaceVerify.result.schema.json' }), { placement: 'body' }),
    ],
  },
  {
    id: 'cloudauth.scenario-header',
    title: 'x-saf-mock-scenario cloudauth.SubCode.204 makes DescribeFaceVerify answer Passed F, SubCode 204',
    live: 'mock-only',
    reason: 'x-saf-mock-* headers are the mock\'s own',
    clients: SDK_CLIENTS,
    steps: [call('call', 'cloudauth:DescribeFaceVerify', { SceneId: SCENE_ID, CertifyId: UNKNOWN_CERTIFY_ID }, ca('200', { scenario: 'cloudauth.SubCode.204', data: 'cloudauth.DescribeFaceVerify.result.schema.json' }), { headers: { 'x-saf-mock-scenario': 'cloudauth.SubCode.204' } })],
  },
  {
    id: 'fin_face_verify.init.params-missing',
    title: 'fin_face_verify init without certNo is refused (400 参数不能为空 on the mock; the live code is UNCONFIRMED)',
    live: 'safe',
    clients: SDK_CLIENTS,
    steps: [call('call', 'fin_face_verify', (() => { const { certNo: _omit, ...rest } = finInit(); return rest; })(), saf([400, 401], { data: 'absent' }))],
  },
  {
    id: 'fin_face_verify.flow-passed',
    title: 'fin_face_verify init → the user passes (control API) → query passed T',
    live: 'mock-only',
    reason: 'needs a real face scan; the mock completes it through the control API',
    clients: SDK_CLIENTS,
    steps: [
      call('init', 'fin_face_verify', finInit(), saf(200, { message: 'OK', data: 'fin_face_verify.init.data.schema.json', dataEncoding: 'object' })),
      control('user passes', (api, { results, accessKeyId }) => api.completeSession(dataField(results.init, 'certifyId'), 'passed', accessKeyId)),
      call('query', 'fin_face_verify', ({ results }) => ({ method: 'query', certifyId: dataField(results.init, 'certifyId'), sceneId: SCENE_ID }), saf(200, { data: 'fin_face_verify.query.data.schema.json', dataEncoding: 'object' })),
    ],
  },
];

export const CASES: readonly ContractCase[] = [
  // ── The gateway: signatures, keys, timestamps, nonces, parameters (live-safe: rejected before SAF runs) ──
  {
    id: 'gateway.signature-mismatch',
    title: 'a request signed with the wrong secret is rejected with SignatureDoesNotMatch and the server string-to-sign',
    live: 'safe',
    clients: SDK_CLIENTS,
    steps: [
      call('call', 'face_verify', { method: 'query', bizId: UNKNOWN_BIZ_ID, queryId: UNKNOWN_QUERY_ID }, gatewayError(400, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH), {
        credentials: { accessKeySecret: WRONG_SECRET },
      }),
    ],
  },
  {
    id: 'gateway.unknown-access-key',
    title: 'an AccessKeyId the gateway does not know is InvalidAccessKeyId.NotFound',
    live: 'safe',
    clients: SDK_CLIENTS,
    steps: [
      call('call', 'face_verify', { method: 'query', bizId: UNKNOWN_BIZ_ID, queryId: UNKNOWN_QUERY_ID }, gatewayError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.'), {
        credentials: { accessKeyId: UNKNOWN_KEY_ID, accessKeySecret: WRONG_SECRET, securityToken: undefined },
      }),
    ],
  },
  {
    id: 'gateway.tampered-parameters',
    title: 'ServiceParameters changed after signing no longer match the signature',
    live: 'safe',
    clients: ['raw'],
    steps: [
      call('call', 'face_verify', { method: 'query', bizId: UNKNOWN_BIZ_ID, queryId: UNKNOWN_QUERY_ID }, gatewayError(400, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH), {
        raw: { tamper: { ServiceParameters: JSON.stringify({ method: 'query', bizId: UNKNOWN_BIZ_ID, queryId: 'ffffffffffffffffffffffffffffffff' }) } },
      }),
    ],
  },
  {
    id: 'gateway.timestamp-expired',
    title: 'a Timestamp an hour old is InvalidTimeStamp.Expired',
    live: 'safe',
    clients: ['raw'],
    steps: [
      call('call', 'saf_mock_no_such_service', {}, gatewayError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.'), () => ({
        raw: { timestamp: formatTimestamp(Date.now() - 3_600_000) },
      })),
    ],
  },
  {
    id: 'gateway.timestamp-malformed',
    title: 'a Timestamp not in ISO 8601 is InvalidTimeStamp.Format',
    live: 'safe',
    clients: ['raw'],
    steps: [
      call('call', 'saf_mock_no_such_service', {}, gatewayError(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.'), {
        raw: { timestamp: '2025/01/01 00:00:00' },
      }),
    ],
  },
  {
    id: 'gateway.nonce-reused',
    title: 'the same SignatureNonce twice: the second request is SignatureNonceUsed',
    live: 'safe',
    clients: ['raw'],
    steps: [
      call('first', 'saf_mock_no_such_service', {}, saf(404), ({ runId }) => ({ raw: { nonce: `contract-${runId}` } })),
      call('again', 'saf_mock_no_such_service', {}, gatewayError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.'), ({ runId }) => ({ raw: { nonce: `contract-${runId}` } })),
    ],
  },
  {
    id: 'gateway.missing-signature',
    title: 'a request without Signature is MissingSignature',
    live: 'safe',
    clients: ['raw'],
    steps: [call('call', 'saf_mock_no_such_service', {}, gatewayError(400, 'MissingSignature', 'Signature is mandatory for this action.'), { raw: { unsigned: true } })],
  },
  {
    id: 'gateway.missing-service',
    title: 'a signed request without Service is MissingService',
    live: 'safe',
    clients: ['raw'],
    steps: [call('call', 'face_verify', { method: 'query', bizId: UNKNOWN_BIZ_ID, queryId: UNKNOWN_QUERY_ID }, gatewayError(400, 'MissingService', 'Service is mandatory for this action.'), { raw: { omit: ['Service'] } })],
  },
  {
    id: 'gateway.unknown-action',
    title: 'an Action the product does not have is InvalidAction.NotFound',
    live: 'safe',
    clients: ['raw'],
    steps: [call('call', 'saf_mock_no_such_service', {}, gatewayError(404, 'InvalidAction.NotFound'), { raw: { action: 'ExecuteRequestSafMockNoSuchAction' } })],
  },
  {
    id: 'gateway.unknown-version',
    title: 'a Version the product does not have is rejected by the gateway',
    live: 'safe',
    clients: ['raw'],
    steps: [call('call', 'saf_mock_no_such_service', {}, gatewayError([400, 404], ['InvalidVersion', 'InvalidAction.NotFound', 'InvalidApi.NotFound']), { version: '2001-01-01' })],
  },
  {
    id: 'gateway.xml-error',
    title: 'with Format=XML a gateway error is an <Error> document with the same fields',
    live: 'safe',
    clients: ['raw'],
    steps: [
      call('call', 'saf_mock_no_such_service', {}, { ...gatewayError(400, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH), format: 'xml' }, {
        credentials: { accessKeySecret: WRONG_SECRET },
        raw: { format: 'XML' },
      }),
    ],
  },

  // ── SAF answers to requests it refuses (live-safe: validation, unknown service, unknown ids) ──
  {
    id: 'saf.unknown-service',
    title: 'an unknown Service is Code 404 in an HTTP 200 body',
    live: 'safe',
    clients: SDK_CLIENTS,
    steps: [call('call', 'saf_mock_no_such_service', { method: 'init' }, saf(404, { data: 'absent' }))],
  },
  {
    id: 'saf.service-parameters-not-json',
    title: 'ServiceParameters that are not JSON are Code 400',
    live: 'safe',
    clients: SDK_CLIENTS,
    steps: [call('call', 'face_verify', 'method=init&name=x', saf(400, { data: 'absent' }))],
  },
  {
    id: 'face_verify.method-missing',
    title: 'face_verify without method is Code 400',
    live: 'safe',
    clients: SDK_CLIENTS,
    steps: [call('call', 'face_verify', { name: NAME }, saf(400, { data: 'absent' }))],
  },
  {
    id: 'face_verify.method-unknown',
    title: 'face_verify with an unknown method is Code 400',
    live: 'safe',
    clients: SDK_CLIENTS,
    steps: [call('call', 'face_verify', { method: 'saf_mock_no_such_method' }, saf(400, { data: 'absent' }))],
  },
  {
    id: 'face_verify.init.name-missing',
    title: 'init without name is Code 400',
    live: 'safe',
    clients: SDK_CLIENTS,
    steps: [call('call', 'face_verify', { method: 'init', certNumber: EXAMPLE_CERT, metainfo: METAINFO }, saf(400, { data: 'absent' }))],
  },
  {
    id: 'face_verify.init.cert-missing',
    title: 'init without certNumber is Code 400',
    live: 'safe',
    clients: SDK_CLIENTS,
    steps: [call('call', 'face_verify', { method: 'init', name: NAME, metainfo: METAINFO }, saf(400, { data: 'absent' }))],
  },
  {
    id: 'face_verify.init.cert-invalid',
    title: 'init with an ID number whose check character is wrong is refused (520 detailed, 400 unified)',
    live: 'safe',
    clients: SDK_CLIENTS,
    steps: [call('call', 'face_verify', init({ certNumber: BAD_CHECK_CERT }), saf([520, 400], { data: 'absent' }))],
  },
  {
    id: 'face_verify.query.params-missing',
    title: 'query without bizId and queryId is Code 400',
    live: 'safe',
    clients: SDK_CLIENTS,
    steps: [call('call', 'face_verify', { method: 'query' }, saf(400, { data: 'absent' }))],
  },
  {
    id: 'face_verify.query.unknown-id',
    title: 'query for ids no verification has is refused (Z8301: 500 detailed, 400 unified)',
    live: 'safe',
    clients: SDK_CLIENTS,
    steps: [call('call', 'face_verify', { method: 'query', bizId: UNKNOWN_BIZ_ID, queryId: UNKNOWN_QUERY_ID }, saf([500, 400], { data: 'absent' }))],
  },
  {
    id: 'face_verify.queryH5.unknown-id',
    title: 'queryH5 for ids no verification has is refused (500 detailed, 400 unified)',
    live: 'safe',
    clients: SDK_CLIENTS,
    steps: [call('call', 'face_verify', { method: 'queryH5', bizId: UNKNOWN_BIZ_ID, zimId: UNKNOWN_QUERY_ID }, saf([500, 400], { data: 'absent' }))],
  },
  {
    id: 'intl_face_verify.fields-missing',
    title: 'intl_face_verify without photos and resourceCode is Code 400 with the documented message',
    live: 'safe',
    clients: SDK_CLIENTS,
    steps: [call('call', 'intl_face_verify', {}, saf(400, { message: 'refFaceContent or authFaceContent or resourceCode is null' }))],
  },

  // ── Successful calls and flows (mock-only: they verify faces or create billable verifications) ──
  {
    id: 'face_verify.init.success',
    title: 'init answers Data {queryId, bizId} as an object',
    live: 'mock-only',
    reason: 'creates a real verification (billable on live)',
    clients: SDK_CLIENTS,
    steps: [call('init', 'face_verify', init(), saf(200, { message: 'OK', data: 'face_verify.init.data.schema.json', dataEncoding: 'object' }))],
  },
  passedFlow('init'),
  passedFlow('initH5'),
  {
    id: 'face_verify.flow-pending',
    title: 'query before the face scan finished is Code 300',
    live: 'mock-only',
    reason: 'needs a verification held pending through the control API',
    clients: SDK_CLIENTS,
    steps: [
      call('init', 'face_verify', init(), saf(200, { data: 'face_verify.init.data.schema.json' })),
      control('scan not finished', (api, { results, accessKeyId }) => api.completeSession(dataField(results.init, 'queryId'), 'pending', accessKeyId)),
      call('query', 'face_verify', ({ results }) => ({ method: 'query', bizId: dataField(results.init, 'bizId'), queryId: dataField(results.init, 'queryId') }), saf(300, { message: '刷脸认证未完成，请稍后再试。', data: 'absent' })),
    ],
  },
  {
    id: 'face_verify.flow-not-same-person',
    title: 'query after a failed face scan (Z1146) gives the documented failure',
    live: 'mock-only',
    reason: 'needs a face scan that fails; the mock fails it through the control API',
    clients: SDK_CLIENTS,
    steps: [
      call('init', 'face_verify', init(), saf(200, { data: 'face_verify.init.data.schema.json' })),
      control('scan fails (Z1146)', (api, { results, accessKeyId }) => api.completeSession(dataField(results.init, 'queryId'), 'Z1146', accessKeyId)),
      call(
        'query',
        'face_verify',
        ({ results }) => ({ method: 'query', bizId: dataField(results.init, 'bizId'), queryId: dataField(results.init, 'queryId') }),
        saf([500, 400], { ...either({ code: 500, message: 'query接口调用失败，NOT_SAME_PERSON：抱歉，没有认出您(Z1146)（Z1146）' }, { code: 400, message: '参数ServiceParameters不合法' }), data: 'absent' }),
      ),
    ],
  },
  {
    id: 'face_verify.match.success',
    title: 'match compares a photo with the identity and answers Data {passed, score}',
    live: 'mock-only',
    reason: 'sends a face photo for comparison (billable on live)',
    clients: SDK_CLIENTS,
    steps: [call('match', 'face_verify', () => ({ method: 'match', name: NAME, certNumber: EXAMPLE_CERT, imgbase64: photos()[2]! }), saf(200, { message: 'OK', data: 'face_verify.match.data.schema.json', dataEncoding: 'object' }))],
  },
  {
    id: 'intl_face_verify.verify.success',
    title: 'intl_face_verify compares two photos and answers Data as a JSON string',
    live: 'mock-only',
    reason: 'sends face photos for comparison (billable on live)',
    clients: SDK_CLIENTS,
    steps: [
      call('verify', 'intl_face_verify', () => ({ refFaceContent: photos()[0]!, authFaceContent: photos()[1]!, resourceCode: '00840000' }), saf(200, {
        message: 'OK',
        data: 'intl_face_verify.verify.data.schema.json',
        dataEncoding: 'string',
      })),
    ],
  },

  // ── The mock's own controls (mock-only: the live gateway has no x-saf-mock-* headers or fixtures) ──
  {
    id: 'mock.scenario-header',
    title: 'x-saf-mock-scenario: Z1108 makes init answer the documented DEVICE_NOT_SUPPORT failure',
    live: 'mock-only',
    reason: 'fixture headers exist only in the mock',
    clients: SDK_CLIENTS,
    steps: [
      call('init', 'face_verify', init(), saf([500], { ...either({ code: 500, message: 'init接口调用失败，DEVICE_NOT_SUPPORT：当前设备不支持刷脸(Z1108)（Z1108）' }, { code: 500, message: '内部服务器错误' }), data: 'absent', scenario: 'Z1108' }), {
        headers: { 'x-saf-mock-scenario': 'Z1108' },
      }),
    ],
  },
  {
    id: 'mock.fixture-body',
    title: 'a fixture rule put through the control API answers its custom body',
    live: 'mock-only',
    reason: 'fixture rules exist only in the mock',
    clients: SDK_CLIENTS,
    steps: [
      control('put rule', (api, { accessKeyId }) =>
        api.putFixtures(
          {
            rules: [
              {
                id: 'contract.fixture-body',
                match: { service: 'face_verify', method: 'init', params: { name: '契约测试' } },
                body: { Code: 200, Message: 'OK', Data: { queryId: '0123456789abcdef0123456789abcdef', bizId: 'ZSTPCONTRACT000000000000000000' } },
              },
            ],
          },
          accessKeyId,
        ),
      ),
      call('init', 'face_verify', init({ name: '契约测试' }), saf(200, { message: 'OK', data: 'face_verify.init.data.schema.json', scenario: 'contract.fixture-body' })),
    ],
  },
  {
    id: 'mock.fault-throttle',
    title: 'x-saf-mock-fault: throttle answers the gateway Throttling.User error',
    live: 'mock-only',
    reason: 'fault headers exist only in the mock',
    clients: SDK_CLIENTS,
    steps: [call('init', 'face_verify', init(), gatewayError(400, 'Throttling.User', 'Request was denied due to user flow control.'), { headers: { 'x-saf-mock-fault': 'throttle' } })],
  },
  ...FIN_CASES,
];

/** One line per case, for --list. */
export function describeCase(c: ContractCase): string {
  const steps = c.steps.map((s) => (s.kind === 'call' ? `${s.name}: ${s.service}` : `control: ${s.name}`)).join(' → ');
  return `${c.id} [${c.live === 'safe' ? 'live-safe' : 'mock-only'}] ${c.title} (${steps}; clients ${c.clients.join(', ')})`;
}
