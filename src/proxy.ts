import type { Format } from './gateway/render.js';
import type { Params } from './gateway/params.js';
import type { Rendered } from './gateway/respond.js';

/** Forwards a verified ExecuteRequest to a live endpoint and returns its answer (record-and-replay). */
export interface Proxy {
  forward(request: { params: Params; accessKeyId: string; format: Format; requestId: string }): Promise<{ rendered: Rendered; decidedBy: string }>;
}
