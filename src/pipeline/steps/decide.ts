import { mockError } from '../../gateway/errors.js';
import { decide as decideCall, decideUnresolved, type DecisionResult } from '../../scenarios/engine.js';
import type { RequestContext, Step } from '../context.js';

/**
 * What decides the answer: header, magic value, fixture rule or default. Without a usable call the mock's
 * headers are still honoured: faults and delays apply, and a scenario when it applies to every method.
 */
function decideAnswer(ctx: RequestContext): Promise<void> | void {
  // A call may meet fixture rules and their `times` counters, which live in the store.
  if (ctx.call) return decideCall(ctx.call, ctx.mock, ctx.gw.rt.fixtures).then((result) => apply(ctx, result));
  apply(ctx, decideUnresolved(ctx.mock, ctx.unresolved!));
}

function apply(ctx: RequestContext, result: DecisionResult): void {
  if (!result.ok) throw mockError(result.kind === 'unknown' ? 'UnknownScenario' : 'ScenarioNotApplicable', result.message);
  ctx.decision = result.decision;
  ctx.decidedBy = result.decision.decidedBy;
}

export const decide: Step = { name: 'decide', run: decideAnswer };
