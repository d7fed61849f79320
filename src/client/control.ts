import { sendHttp } from './adapter.js';

/** The mock's control API (/__saf/*) as the contract cases use it: scoped to one AccessKeyId. */
export class ControlApi {
  constructor(
    /** The mock's endpoint, e.g. http://127.0.0.1:8931 */
    readonly endpoint: string,
    private readonly adminToken?: string,
    private readonly timeoutMs = 10_000,
  ) {}

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = new URL('/__saf' + path, this.endpoint);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.adminToken) headers['x-saf-mock-admin-token'] = this.adminToken;
    let text: string | undefined;
    if (body !== undefined) {
      text = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    const res = await sendHttp(url, { method, headers, body: text, timeoutMs: this.timeoutMs });
    const answer = res.body.toString('utf8');
    if (res.status >= 400) throw new Error(`control API ${method} /__saf${path}: HTTP ${res.status} ${answer.slice(0, 300)}`);
    try {
      return JSON.parse(answer) as unknown;
    } catch {
      throw new Error(`control API ${method} /__saf${path}: not JSON: ${answer.slice(0, 200)}`);
    }
  }

  async health(): Promise<{ status: string; name: string; version: string }> {
    return (await this.call('GET', '/health')) as { status: string; name: string; version: string };
  }

  async reset(accessKeyId?: string): Promise<void> {
    await this.call('POST', '/reset' + (accessKeyId ? `?accessKeyId=${encodeURIComponent(accessKeyId)}` : ''));
  }

  /** Completes a verification as the face scan would: passed, pending, or a query failure id (e.g. Z1146). */
  async completeSession(id: string, outcome: string, accessKeyId?: string): Promise<void> {
    await this.call('POST', `/sessions/${encodeURIComponent(id)}/complete`, { outcome, ...(accessKeyId ? { accessKeyId } : {}) });
  }

  async putFixtures(doc: unknown, accessKeyId?: string): Promise<void> {
    await this.call('PUT', '/fixtures' + (accessKeyId ? `?accessKeyId=${encodeURIComponent(accessKeyId)}` : ''), doc);
  }

  async deleteFixtures(accessKeyId?: string): Promise<void> {
    await this.call('DELETE', '/fixtures' + (accessKeyId ? `?accessKeyId=${encodeURIComponent(accessKeyId)}` : ''));
  }

  async requests(accessKeyId?: string): Promise<Array<Record<string, unknown>>> {
    const out = (await this.call('GET', '/requests' + (accessKeyId ? `?accessKeyId=${encodeURIComponent(accessKeyId)}` : ''))) as { requests: Array<Record<string, unknown>> };
    return out.requests;
  }
}
