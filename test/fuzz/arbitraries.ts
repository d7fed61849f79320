import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { CATALOG } from '../../src/saf/catalog.js';
import { FAULT_IDS } from '../../src/scenarios/faults.js';

/** Keys that trip naive code: prototype members, empty, unicode, very long. */
const ODD_KEYS = ['toString', 'valueOf', '__proto__', 'constructor', 'hasOwnProperty', 'length', '', ' ', 'méthode', '🙂', 'a'.repeat(300)];
const FIELDS = ['method', 'certNumber', 'name', 'metainfo', 'imgbase64', 'bizId', 'queryId', 'zimId', 'returnImage', 'refFaceContent', 'authFaceContent', 'resourceCode'];
const METHODS = ['init', 'initH5', 'query', 'queryH5', 'match', 'verify'];

const hugeNumber = fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, Number.MIN_VALUE, 123456789012345678901234567890, -0);
/** Well-formed text (an SDK cannot send a lone surrogate in a parameter; JSON values can, escaped). */
const oddString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', 'null', 'true', '0', '-1', 'SAF_MOCK_Z1146', 'SAF_MOCK_nope', '11010519491231002X', '\u0000', '<x>&amp;</x>', ']]>', '%zz', '{"a":1}', 'a'.repeat(5000)),
);
const jsonString = fc.oneof({ weight: 5, arbitrary: oddString }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) }, { weight: 1, arbitrary: fc.constant('\ud800') });

/** Arbitrary JSON, with odd keys, deep nesting and huge numbers mixed in. */
export const jsonish: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    jsonString,
    fc.double(),
    hugeNumber,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...ODD_KEYS, ...FIELDS), fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A nested array or object thousands of levels deep, as text (JSON.stringify would recurse). */
export const deepNesting = fc.record({ depth: fc.integer({ min: 50, max: 20_000 }), open: fc.constantFrom('[', '{"a":') }).map(({ depth, open }) => {
  const close = open === '[' ? ']' : '}';
  return open.repeat(depth) + '1' + close.repeat(depth);
});

/** Small real JPEG, URL-safe base64, so match and verify get past their photo checks. */
const PHOTO = readFileSync(new URL('../../fixtures/images/face-1.jpg', import.meta.url)).toString('base64');
const VALID: Record<string, fc.Arbitrary<unknown>> = {
  certNumber: fc.constantFrom('11010519491231002X', '110105194912310029', '11010519491231002x'),
  name: fc.constantFrom('张三', 'SAF_MOCK_Z1146', 'SAF_MOCK_200', 'O\'Brien'),
  metainfo: fc.constantFrom('{"zimVer":"3.0.0","appVersion":"1"}', '{}'),
  imgbase64: fc.constant(PHOTO),
  refFaceContent: fc.constant(PHOTO),
  authFaceContent: fc.constant(PHOTO),
  resourceCode: fc.constantFrom('00840000', '1'),
  bizId: fc.string({ minLength: 1, maxLength: 40 }),
  queryId: fc.string({ minLength: 1, maxLength: 40 }),
  zimId: fc.string({ minLength: 1, maxLength: 40 }),
  returnImage: fc.constantFrom('1', 0, 'true'),
};

/** An almost valid call: every field right, except now and then one of odd shape. */
const plausible = fc
  .record({ method: fc.constantFrom(...METHODS), fields: fc.record(Object.fromEntries(Object.entries(VALID).map(([k, v]) => [k, fc.oneof({ weight: 4, arbitrary: v }, { weight: 1, arbitrary: jsonish })]))) })
  .map(({ method, fields }) => JSON.stringify({ method, ...fields }));

/** ServiceParameters text: a plausible object with odd values, duplicate keys, or not JSON at all. */
export const serviceParameters: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: plausible },
  { weight: 6, arbitrary: fc.record({ method: fc.oneof(fc.constantFrom(...METHODS), jsonish), extra: fc.dictionary(fc.constantFrom(...FIELDS, ...ODD_KEYS), jsonish, { maxKeys: 6 }) }).map(({ method, extra }) => JSON.stringify({ method, ...extra }) ?? '{}') },
  { weight: 2, arbitrary: fc.record({ key: fc.constantFrom(...FIELDS, ...ODD_KEYS), a: jsonish, b: jsonish, method: fc.constantFrom(...METHODS) }).map(({ key, a, b, method }) => `{"method":"${method}",${JSON.stringify(key)}:${JSON.stringify(a) ?? 'null'},${JSON.stringify(key)}:${JSON.stringify(b) ?? 'null'}}`) },
  { weight: 1, arbitrary: jsonish.map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: deepNesting.map((inner) => `{"method":"init","name":${inner}}`) },
  { weight: 1, arbitrary: oddString },
);

export const service = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('face_verify', 'intl_face_verify', 'fin_face_verify') }, { weight: 1, arbitrary: oddString });
export const format = fc.constantFrom('JSON', 'XML', 'JSON', 'XML', 'json', 'xml', undefined, 'yaml', '');
export const version = fc.oneof({ weight: 9, arbitrary: fc.constantFrom('2017-03-31', '2018-09-19', '2019-01-28', '2019-05-21') }, { weight: 1, arbitrary: fc.constant('x') });

/** Mock headers: valid ids mostly, garbage sometimes. `reset` and `timeout` drop the connection by design. */
export const mockHeaders = fc.oneof(
  { weight: 3, arbitrary: fc.constant({}) },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        'x-saf-mock-scenario': fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...CATALOG.map((e) => e.id)) }, { weight: 1, arbitrary: fc.constantFrom('default', 'nope', ' ', 'Z1146 ') }),
        'x-saf-mock-fault': fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...FAULT_IDS.filter((f) => f !== 'timeout')) }, { weight: 1, arbitrary: fc.constantFrom('nope', '') }),
        'x-saf-mock-delay': fc.constantFrom('0', '1', '2', '-1', 'abc', '999999999', '1e3'),
      },
      { requiredKeys: [] },
    ),
  },
);

export const transport = fc.constantFrom('v1-get', 'v1-post-body', 'v1-post-query', 'v3-json', 'v3-json-object', 'v3-form', 'v3-query');

/** Extra top-level parameters, signed like the rest: prototype names, unicode, repeats of real ones. */
export const extraParams = fc.dictionary(
  fc.oneof(fc.constantFrom('toString', '__proto__', 'constructor', 'hasOwnProperty', 'método', '🙂', 'a[]', 'a.b'), fc.string({ minLength: 1, maxLength: 6 })),
  oddString,
  { maxKeys: 3 },
);

/** Cloudauth 2019-03-07 actions (own Action, top-level parameters): real names with odd values. */
const CLOUDAUTH_PARAMS = ['SceneId', 'OuterOrderNo', 'ProductCode', 'Model', 'CertType', 'CertName', 'CertNo', 'MetaInfo', 'CertifyId', 'FaceContrastPicture', 'FaceContrastPictureUrl', 'ReturnUrl', 'CallbackUrl', 'CallbackToken', 'PictureReturnType', 'SourceFaceContrastPicture', 'TargetFaceContrastPicture', 'Crop', 'Mode', 'EncryptType'];
const cloudauthValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('1000000', 'ID_PRO', 'LR_FR', 'PV_FV', 'ID_PLUS', 'IDENTITY_CARD', '张三', '11010519491231002X', 'LIVENESS', 'true', '{}', PHOTO.slice(0, 4000)) },
  { weight: 2, arbitrary: oddString },
  { weight: 1, arbitrary: jsonish.map((v) => JSON.stringify(v) ?? '') },
);
export const cloudauthCall = fc.record({
  action: fc.oneof({ weight: 9, arbitrary: fc.constantFrom('InitFaceVerify', 'DescribeFaceVerify', 'ContrastFaceVerify', 'CompareFaceVerify', 'LivenessFaceVerify') }, { weight: 1, arbitrary: fc.constantFrom('ExecuteRequest', 'Nope') }),
  version: fc.oneof({ weight: 9, arbitrary: fc.constant('2019-03-07') }, { weight: 1, arbitrary: fc.constant('2017-03-31') }),
  params: fc.dictionary(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...CLOUDAUTH_PARAMS) }, { weight: 1, arbitrary: fc.constantFrom('toString', '__proto__', 'constructor') }), cloudauthValue, { maxKeys: 8 }),
  acs3: fc.boolean(),
});
