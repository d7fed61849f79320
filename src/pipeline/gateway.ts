import type { Socket } from 'node:net';
import type { Proxy } from '../proxy.js';
import type { Runtime } from '../runtime.js';
import { APIS } from './apis.js';
import type { Gateway } from './context.js';

export interface GatewayOptions {
  /** Sockets held open by the `timeout` fault, so the server can end them on close. */
  readonly heldSockets?: Set<Socket>;
  readonly proxy?: Proxy;
}

/** What every gateway request of one server shares (whichever path took it: Node's directly or Hono's). */
export function createGateway(rt: Runtime, options: GatewayOptions = {}): Gateway {
  return {
    rt,
    authPolicy: { apis: APIS, credentials: rt.credentials, now: rt.now, timestampWindowMs: rt.config.timestampWindowMs },
    proxy: options.proxy,
    heldSockets: options.heldSockets,
  };
}
