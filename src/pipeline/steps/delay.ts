import type { RequestContext, Step } from '../context.js';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A delay asked for by a header or a fixture rule. */
function wait(ctx: RequestContext): Promise<void> | void {
  const ms = ctx.decision!.delayMs;
  if (ms) return sleep(ms);
}

export const delay: Step = { name: 'delay', run: wait };
