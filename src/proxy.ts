import type { Format } from './gateway/render.js';
import type { Params } from './gateway/params.js';
import type { Rendered } from './gateway/respond.js';

export interface ProxyRequest {
  readonly params: Params;
  readonly accessKeyId: string;
  readonly format: Format;
  readonly requestId: string;
  /** From the authenticated request: ACS3 callers carry them only in x-acs-* headers. */
  readonly action: string;
  readonly version: string;
}

/** Forwards a verified ExecuteRequest to a live endpoint and returns its answer (record-and-replay). */
export interface Proxy {
  forward(request: ProxyRequest): Promise<{ rendered: Rendered; decidedBy: string; requestId?: string }>;
}
