import { signedV1, type V1Options } from './sign.js';

export interface SafBody {
  Code: number;
  Message: string;
  RequestId: string;
  Data?: Record<string, unknown> | string;
}

/** Calls ExecuteRequest on an in-memory app with signed RPC v1 and returns status, body and decided-by header. */
export async function execute(
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  service: string,
  serviceParameters: unknown,
  opts: V1Options & { version?: string } = {},
): Promise<{ status: number; body: SafBody; scenario: string | null; text: string }> {
  const sp = typeof serviceParameters === 'string' ? serviceParameters : JSON.stringify(serviceParameters);
  const req = signedV1({ Service: service, ServiceParameters: sp }, { version: service === 'intl_face_verify' ? '2019-05-21' : undefined, ...opts });
  const res = await app.request(req.path, req.init);
  const text = await res.text();
  let body = {} as SafBody;
  try {
    body = JSON.parse(text) as SafBody;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, scenario: res.headers.get('x-saf-mock-scenario'), text };
}
