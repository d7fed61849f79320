/**
 * The official Cloudauth 2019-03-07 client (@alicloud/cloudauth20190307) pointed at a running saf-mock, with
 * its default ACS3-HMAC-SHA256 signature or `signatureAlgorithm: 'v2'` (HMAC-SHA1). Nothing here signs or
 * builds a request: the SDK does; the mock's x-saf-mock-* headers go through the client's own
 * `globalParameters.headers`.
 */
import CloudauthModule, * as Cloudauth from '@alicloud/cloudauth20190307';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { AK, SECRET } from './clients.js';

export type Signing = 'acs3' | 'v2';
export const SIGNINGS: readonly Signing[] = ['acs3', 'v2'];

type Client = InstanceType<typeof Cloudauth.default.default>;
/** Under vitest the CommonJS `exports.default` arrives either as the default import or one level deeper. */
const ClientCtor = ((CloudauthModule as unknown as { default?: unknown }).default ?? CloudauthModule) as unknown as new (config: $OpenApiUtil.Config) => Client;

export interface ClientOptions {
  readonly signing: Signing;
  readonly headers?: Readonly<Record<string, string>>;
  readonly accessKeyId?: string;
  readonly accessKeySecret?: string;
}

export function cloudauthClient(baseUrl: string, o: ClientOptions): Client {
  const config = new $OpenApiUtil.Config({
    accessKeyId: o.accessKeyId ?? AK,
    accessKeySecret: o.accessKeySecret ?? SECRET,
    endpoint: new URL(baseUrl).host,
    protocol: 'http',
    ...(o.signing === 'v2' ? { signatureAlgorithm: 'v2' } : {}),
    ...(o.headers ? { globalParameters: new $OpenApiUtil.GlobalParameters({ headers: { ...o.headers } }) } : {}),
  });
  return new ClientCtor(config);
}

/** What the application gets: the body's fields as the SDK's model names them, or the error it threw. */
export interface CloudauthAnswer {
  readonly statusCode?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly code?: string;
  readonly message?: string;
  readonly requestId?: string;
  readonly resultObject?: Record<string, unknown>;
  readonly error?: { code: unknown; statusCode: unknown; message: string; data: unknown };
}

type Action = 'initFaceVerify' | 'describeFaceVerify' | 'contrastFaceVerify' | 'compareFaceVerify' | 'livenessFaceVerify';
const REQUESTS = {
  initFaceVerify: Cloudauth.InitFaceVerifyRequest,
  describeFaceVerify: Cloudauth.DescribeFaceVerifyRequest,
  contrastFaceVerify: Cloudauth.ContrastFaceVerifyRequest,
  compareFaceVerify: Cloudauth.CompareFaceVerifyRequest,
  livenessFaceVerify: Cloudauth.LivenessFaceVerifyRequest,
} as const;

/** The SDK's request model's fields (camelCase, e.g. `sceneId: 1000000006`). */
export type Fields = Record<string, string | number | undefined>;

function plain(model: unknown): Record<string, unknown> | undefined {
  if (model === undefined || model === null) return undefined;
  return JSON.parse(JSON.stringify(model)) as Record<string, unknown>;
}

export async function callCloudauth(baseUrl: string, action: Action, fields: Fields, o: ClientOptions): Promise<CloudauthAnswer> {
  const client = cloudauthClient(baseUrl, o);
  const Request = REQUESTS[action] as unknown as new (map: Fields) => unknown;
  const request = new Request(fields);
  try {
    const method = client[action].bind(client) as (r: unknown) => Promise<{ statusCode?: number; headers?: Record<string, string>; body?: { code?: string; message?: string; requestId?: string; resultObject?: unknown } }>;
    const res = await method(request);
    return {
      statusCode: res.statusCode,
      headers: res.headers,
      code: res.body?.code,
      message: res.body?.message,
      requestId: res.body?.requestId,
      resultObject: plain(res.body?.resultObject),
    };
  } catch (err) {
    const e = err as { code?: unknown; statusCode?: unknown; message?: unknown; data?: unknown };
    return { error: { code: e.code, statusCode: e.statusCode, message: typeof e.message === 'string' ? e.message : String(err), data: e.data } };
  }
}
