import { describe, expect, it } from 'vitest';
import { yieldToOthers } from '../../src/gateway/slices.js';

/** Whether a callback queued with setImmediate ran during `wait`: i.e. whether the event loop turned. */
async function loopTurnedDuring(wait: () => Promise<void>): Promise<boolean> {
  let turned = false;
  setImmediate(() => {
    turned = true;
  });
  await wait();
  return turned;
}

function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('yieldToOthers: slices run back to back until their time budget is spent', () => {
  it('right after a yield it does not give up the event loop; once the budget is spent it does', async () => {
    busyFor(10);
    expect(await loopTurnedDuring(yieldToOthers)).toBe(true);
    expect(await loopTurnedDuring(yieldToOthers)).toBe(false);
    busyFor(10);
    expect(await loopTurnedDuring(yieldToOthers)).toBe(true);
  });
});
