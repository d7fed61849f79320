import { mockError } from '../../gateway/errors.js';
import { decideCloudauth } from '../../cloudauth/decide.js';
import { decide as decideCall, decideUnresolved } from '../../scenarios/engine.js';
import type { RequestContext, Step } from '../context.js';

/**
 * What decides the answer: header, magic value, fixture rule or default. Without a usable call the mock's
 * headers are still honoured: faults and delays apply, and a scenario when it applies to every method.
 */
function decideAnswer(ctx: RequestContext): void {
  if (ctx.cloudauth) {
    const result = decideCloudauth(ctx.cloudauth, ctx.mock, ctx.gw.rt.fixtures);
    if (!result.ok) throw mockError(result.kind === 'unknown' ? 'UnknownScenario' : 'ScenarioNotApplicable', result.message);
    const { entry, ...decision } = result.decision;
    ctx.decision = decision;
    ctx.cloudauthEntry = entry;
    ctx.decidedBy = decision.decidedBy;
    return;
  }
  const result = ctx.call ? decideCall(ctx.call, ctx.mock, ctx.gw.rt.fixtures) : decideUnresolved(ctx.mock, ctx.unresolved!);
  if (!result.ok) throw mockError(result.kind === 'unknown' ? 'UnknownScenario' : 'ScenarioNotApplicable', result.message);
  ctx.decision = result.decision;
  ctx.decidedBy = result.decision.decidedBy;
}

export const decide: Step = { name: 'decide', run: decideAnswer };
