import { request as httpRequest, Agent } from 'node:http';
import { signedV1, signedV3 } from '../helpers/sign.js';

export interface FuzzRequest {
  transport: 'v1-get' | 'v1-post-body' | 'v1-post-query' | 'v3-json' | 'v3-json-object' | 'v3-form' | 'v3-query';
  service: string;
  serviceParameters: string;
  format: string | undefined;
  version: string;
  headers: Record<string, string>;
  /** More signed top-level parameters (they never replace Service or ServiceParameters). */
  extra: Record<string, string>;
}

export interface FuzzAnswer {
  status: number;
  contentType: string;
  body: string;
  decidedBy: string | null;
}

/** The request as an SDK would sign it; `format` undefined leaves Format out. */
export function buildRequest(r: FuzzRequest): { path: string; method: string; headers: Record<string, string>; body?: string } {
  const business = { ...r.extra, Service: r.service, ServiceParameters: r.serviceParameters };
  if (r.transport.startsWith('v1')) {
    const method = r.transport === 'v1-get' ? 'GET' : 'POST';
    const signed = signedV1(business, { method, where: r.transport === 'v1-post-body' ? 'body' : 'query', format: r.format ?? null, version: r.version, headers: r.headers });
    return { path: signed.path, method, headers: signed.init.headers as Record<string, string>, body: signed.init.body as string | undefined };
  }
  const query: Record<string, string> = r.format === undefined ? {} : { Format: r.format };
  let body: string | undefined;
  let contentType: string | undefined;
  if (r.transport === 'v3-query') Object.assign(query, business);
  else if (r.transport === 'v3-json') body = JSON.stringify(business);
  // ServiceParameters as a JSON object rather than a string (the body is raw text, so it may be invalid JSON).
  else if (r.transport === 'v3-json-object') body = `{"Service":${JSON.stringify(r.service)},"ServiceParameters":${r.serviceParameters}}`;
  else {
    body = new URLSearchParams(business).toString();
    contentType = 'application/x-www-form-urlencoded';
  }
  const signed = signedV3({ version: r.version, query, body, contentType, headers: r.headers });
  return { path: signed.path, method: 'POST', headers: signed.init.headers as Record<string, string>, body: signed.init.body as string | undefined };
}

/** Sends over node:http (no client-side header validation beyond Node's own), resolving with the raw answer. */
export function send(baseUrl: string, agent: Agent, req: { path: string; method: string; headers: Record<string, string>; body?: string }): Promise<FuzzAnswer> {
  const url = new URL(req.path, baseUrl);
  return new Promise((resolve, reject) => {
    const r = httpRequest(url, { method: req.method, headers: req.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8'), decidedBy: (res.headers['x-saf-mock-scenario'] as string | undefined) ?? null }),
      );
      res.on('error', reject);
    });
    r.setTimeout(15_000, () => r.destroy(new Error('no answer within 15 s')));
    r.on('error', reject);
    r.end(req.body);
  });
}
