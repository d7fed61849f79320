#!/usr/bin/env node
// Records what the official Cloudauth client (@alicloud/cloudauth20190307) sends for each emulated action,
// with its default ACS3-HMAC-SHA256 signature and with signatureAlgorithm 'v2', against a local recorder
// (127.0.0.1, canned answers). Writes test/vectors/cloudauth/*.json in the captures' format; the unit tests
// replay them through the gateway with the clock set to when they were signed.
import { createServer } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import CloudauthModule, * as Cloudauth from '@alicloud/cloudauth20190307';
import { $OpenApiUtil } from '@alicloud/openapi-core';

const Client = CloudauthModule.default ?? CloudauthModule;
const OUT = new URL('../test/vectors/cloudauth/', import.meta.url);
const face = (n) => readFileSync(new URL(`../fixtures/images/face-${n}.jpg`, import.meta.url)).toString('base64');
const CANNED = {
  InitFaceVerify: { CertifyId: '91707dc296d469ad38e4c5efa6a0f24b', CertifyUrl: 'https://t.aliyun.com/x' },
  DescribeFaceVerify: { Passed: 'T', SubCode: '200' },
  ContrastFaceVerify: { CertifyId: '91707dc296d469ad38e4c5efa6a0f24b', Passed: 'T', SubCode: '200' },
  CompareFaceVerify: { CertifyId: '91707dc296d469ad38e4c5efa6a0f24b', Passed: 'T', VerifyScore: 99.60875 },
  LivenessFaceVerify: { CertifyId: '91707dc296d469ad38e4c5efa6a0f24b', Passed: 'T', SubCode: '200' },
};
const CALLS = [
  ['InitFaceVerify', 'initFaceVerify', Cloudauth.InitFaceVerifyRequest, { sceneId: 1000000006, outerOrderNo: 'e0c34a77f5ac40a5aa5e6ed20c353888', productCode: 'ID_PRO', model: 'LIVENESS', certType: 'IDENTITY_CARD', certName: '张三', certNo: '11010519491231002X', metaInfo: '{"zimVer":"3.0.0","appVersion":"1","bioMetaInfo":"4.1.0:11501568,0","appName":"com.aliyun.antcloudauth","deviceType":"ios","osVersion":"iOS 10.3.2","apdidToken":"","deviceModel":"iPhone9,1"}', returnUrl: 'https://www.aliyun.com', callbackUrl: 'https://www.aliyun.com/cb', callbackToken: 'NMjvQanQgplBSaEI0sL86WnQplB' }],
  ['DescribeFaceVerify', 'describeFaceVerify', Cloudauth.DescribeFaceVerifyRequest, { sceneId: 1000000006, certifyId: '91707dc296d469ad38e4c5efa6a0f24b', pictureReturnType: 'JPG' }],
  ['ContrastFaceVerify', 'contrastFaceVerify', Cloudauth.ContrastFaceVerifyRequest, { sceneId: 1000000006, outerOrderNo: 'o1', productCode: 'ID_MIN', model: 'FRONT_CAMERA_LIVENESS', certType: 'IDENTITY_CARD', certName: '张三', certNo: '11010519491231002X', faceContrastPicture: face(1) }],
  ['CompareFaceVerify', 'compareFaceVerify', Cloudauth.CompareFaceVerifyRequest, { sceneId: 1000000006, outerOrderNo: 'o2', productCode: 'PV_FC', sourceFaceContrastPicture: face(1), targetFaceContrastPicture: face(2) }],
  ['LivenessFaceVerify', 'livenessFaceVerify', Cloudauth.LivenessFaceVerifyRequest, { sceneId: 1000000006, outerOrderNo: 'o3', productCode: 'LR_FR_MIN', model: 'FRONT_CAMERA_LIVENESS', faceContrastPicture: face(2) }],
];

function decode(text) {
  const out = {};
  if (!text) return out;
  for (const pair of text.split('&')) {
    const i = pair.indexOf('=');
    out[decodeURIComponent((i < 0 ? pair : pair.slice(0, i)).replace(/\+/g, ' '))] = i < 0 ? '' : decodeURIComponent(pair.slice(i + 1).replace(/\+/g, ' '));
  }
  return out;
}

const seen = [];
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const q = req.url.indexOf('?');
    const rawQuery = q < 0 ? '' : req.url.slice(q + 1);
    const rawHeaders = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) rawHeaders.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
    const action = req.headers['x-acs-action'] ?? decode(rawQuery).Action;
    seen.push({ method: req.method, httpVersion: req.httpVersion, url: req.url, path: q < 0 ? req.url : req.url.slice(0, q), rawQuery, rawHeaders, body, query: decode(rawQuery), ...(body ? { form: decode(body) } : {}) });
    res.writeHead(200, { 'content-type': 'application/json;charset=utf-8' });
    res.end(JSON.stringify({ Code: '200', Message: 'success', RequestId: '130A2C10-B9EE-4D84-88E3-5384FF039795', ResultObject: CANNED[action] ?? {} }));
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;

for (const signing of ['acs3', 'v2']) {
  const entries = [];
  for (const [action, method, Request, fields] of CALLS) {
    const client = new Client(new $OpenApiUtil.Config({ accessKeyId: 'testAccessKeyId', accessKeySecret: 'testAccessKeySecret', endpoint: `127.0.0.1:${port}`, protocol: 'http', ...(signing === 'v2' ? { signatureAlgorithm: 'v2' } : {}) }));
    seen.length = 0;
    await client[method](new Request(fields));
    entries.push({ op: action, call: { action, version: '2019-03-07', fields }, requests: seen.splice(0) });
  }
  const file = {
    client: `cloudauth20190307-${signing}`,
    sdk: '@alicloud/cloudauth20190307',
    sdkVersion: JSON.parse(readFileSync(new URL('../node_modules/@alicloud/cloudauth20190307/package.json', import.meta.url), 'utf8')).version,
    how: `new Client(Config{endpoint:'127.0.0.1:PORT', protocol:'http'${signing === 'v2' ? ", signatureAlgorithm:'v2'" : ''}}).<action>(new <Action>Request({...}))`,
    signatureScheme: signing === 'v2' ? 'HMAC-SHA1' : 'ACS3-HMAC-SHA256',
    credentials: { accessKeyId: 'testAccessKeyId', accessKeySecret: 'testAccessKeySecret', note: 'made up' },
    nodeVersion: process.version,
    entries,
  };
  writeFileSync(new URL(`cloudauth20190307-${signing}.json`, OUT), JSON.stringify(file, null, 2) + '\n');
  console.log(`test/vectors/cloudauth/cloudauth20190307-${signing}.json: ${entries.length} requests`);
}
server.close();
