import { mockError } from '../../gateway/errors.js';
import { decideCloudauth, type CloudauthDecisionResult } from '../../cloudauth/decide.js';
import { decide as decideCall, decideUnresolved, type DecisionResult } from '../../scenarios/engine.js';
import type { RequestContext, Step } from '../context.js';

/**
 * What decides the answer: header, magic value, fixture rule or default. Without a usable call the mock's
 * headers are still honoured: faults and delays apply, and a scenario when it applies to every method.
 * Fixture rules and their `times` counters live in the store, hence the Promise for a call.
 */
function decideAnswer(ctx: RequestContext): Promise<void> | void {
  if (ctx.cloudauth) return decideCloudauth(ctx.cloudauth, ctx.mock, ctx.gw.rt.fixtures).then((result) => applyCloudauth(ctx, result));
  if (ctx.call) return decideCall(ctx.call, ctx.mock, ctx.gw.rt.fixtures).then((result) => apply(ctx, result));
  apply(ctx, decideUnresolved(ctx.mock, ctx.unresolved!));
}

function applyCloudauth(ctx: RequestContext, result: CloudauthDecisionResult): void {
  if (!result.ok) throw mockError(result.kind === 'unknown' ? 'UnknownScenario' : 'ScenarioNotApplicable', result.message);
  const { entry, ...decision } = result.decision;
  ctx.decision = decision;
  ctx.cloudauthEntry = entry;
  ctx.decidedBy = decision.decidedBy;
}

function apply(ctx: RequestContext, result: DecisionResult): void {
  if (!result.ok) throw mockError(result.kind === 'unknown' ? 'UnknownScenario' : 'ScenarioNotApplicable', result.message);
  ctx.decision = result.decision;
  ctx.decidedBy = result.decision.decidedBy;
}

export const decide: Step = { name: 'decide', run: decideAnswer };
