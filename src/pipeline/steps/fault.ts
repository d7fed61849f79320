import type { Socket } from 'node:net';
import { gatewayError } from '../../gateway/errors.js';
import { renderGatewayError, type Rendered } from '../../gateway/respond.js';
import { THROTTLE_RETRY_AFTER_MS, TIMEOUT_FAULT_HOLD_MS, type Fault } from '../../scenarios/faults.js';
import type { RequestContext, Step } from '../context.js';

const JSON_TYPE = 'application/json;charset=utf-8';
/** What the journal records of an answer never sent. */
const DROPPED: Rendered = { status: 0, body: { contentType: '', text: '' }, headers: {}, code: null };

/** Holds the connection without answering until the client gives up (or the hold ends), then drops it. */
async function holdThenDrop(ctx: RequestContext, socket: Socket): Promise<void> {
  const held = ctx.gw.heldSockets;
  held?.add(socket);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, TIMEOUT_FAULT_HOLD_MS);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  held?.delete(socket);
  socket.destroy();
  dropped(ctx);
}

function dropped(ctx: RequestContext): void {
  ctx.rendered = DROPPED;
  ctx.dropped = true;
}

/** A fault's answer: a broken connection, or a well-formed but useless response. */
function faultAnswer(ctx: RequestContext, fault: Fault): Rendered | Promise<void> | undefined {
  const socket = ctx.req.socket;
  const error = (e: Parameters<typeof renderGatewayError>[0]) => renderGatewayError(e, ctx.format, ctx.requestId, ctx.hostId);
  switch (fault) {
    case 'reset':
      // Under app.request() there is no socket to break: the nearest thing is a 500.
      if (!socket) throw gatewayError('InternalError');
      socket.resetAndDestroy();
      dropped(ctx);
      return undefined;
    case 'timeout':
      if (!socket) throw gatewayError('InternalError');
      return holdThenDrop(ctx, socket);
    case 'empty':
      return { status: 200, body: { contentType: JSON_TYPE, text: '' }, headers: {}, code: null };
    case 'malformed':
      return { status: 200, body: { contentType: JSON_TYPE, text: `{"RequestId":"${ctx.requestId}","Code":200,"Message":"OK","Data":{"queryId":"` }, headers: {}, code: null };
    case 'throttle':
      return error(gatewayError('ThrottlingUser', { headers: { 'x-acs-retry-after': String(THROTTLE_RETRY_AFTER_MS) } }));
    case '503':
      return error(gatewayError('ServiceUnavailable'));
    case '5xx':
    default:
      return error(gatewayError('InternalError'));
  }
}

/** A fault asked for by a header or a fixture rule answers instead of the product. */
function applyFault(ctx: RequestContext): Promise<void> | void {
  const fault = ctx.decision!.fault;
  if (!fault) return;
  ctx.outcome = 'fault';
  const answer = faultAnswer(ctx, fault);
  if (answer instanceof Promise) return answer;
  if (answer) ctx.rendered = answer;
}

export const fault: Step = { name: 'fault', run: applyFault };
