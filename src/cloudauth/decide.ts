/**
 * What decides a Cloudauth answer, by the same mechanisms as SAF's and in the same order: the
 * x-saf-mock-scenario header, a magic value, a fixture rule, else the product's default.
 */
import type { JsonObject } from '../gateway/render.js';
import type { Fault } from '../scenarios/faults.js';
import type { MockHeaders } from '../scenarios/headers.js';
import type { FixtureRegistry } from '../scenarios/registry.js';
import { MAGIC_NAME_PREFIX } from '../scenarios/magic.js';
import { findEntry } from '../saf/catalog.js';
import { carriedByInit, cloudauthEntryApplies, findCloudauthEntry, type CloudauthAction, type CloudauthEntry } from './catalog.js';
import type { CloudauthCall } from './types.js';

export interface CloudauthDecision {
  readonly source: 'header' | 'magic' | 'fixture' | 'default';
  readonly decidedBy: string;
  readonly entry?: CloudauthEntry;
  readonly body?: JsonObject;
  readonly status?: number;
  readonly fault?: Fault;
  readonly delayMs?: number;
}

export type CloudauthDecisionResult = { ok: true; decision: CloudauthDecision } | { ok: false; kind: 'unknown' | 'not-applicable'; message: string };

/** Parameters a magic `SAF_MOCK_<id>` value may sit in, in this order (every action has one of them). */
export const CLOUDAUTH_MAGIC_PARAMS = ['CertName', 'OuterOrderNo', 'CertifyId'] as const;

function magic(params: Readonly<Record<string, string>>): { param: string; id: string } | undefined {
  for (const param of CLOUDAUTH_MAGIC_PARAMS) {
    const value = params[param];
    if (value !== undefined && value.startsWith(MAGIC_NAME_PREFIX)) return { param, id: value.slice(MAGIC_NAME_PREFIX.length) };
  }
  return undefined;
}

/** Whether a Cloudauth scenario can answer this action (directly, or carried by InitFaceVerify). */
export function cloudauthScenarioFits(entry: CloudauthEntry, action: CloudauthAction): boolean {
  return cloudauthEntryApplies(entry, action) || carriedByInit(entry, action);
}

function byScenario(id: string, action: CloudauthAction, source: CloudauthDecision['source'], decidedBy: string, origin: string): CloudauthDecisionResult {
  const entry = findCloudauthEntry(id);
  if (!entry && findEntry(id)) return { ok: false, kind: 'not-applicable', message: `Scenario "${id}" (from ${origin}) is a SAF ExecuteRequest scenario; it does not apply to Cloudauth ${action}. GET /__saf/scenarios lists every id.` };
  if (!entry) return { ok: false, kind: 'unknown', message: `Unknown Cloudauth scenario "${id}" in ${origin}; GET /__saf/scenarios lists every id.` };
  if (!cloudauthScenarioFits(entry, action)) {
    return { ok: false, kind: 'not-applicable', message: `Scenario "${id}" (from ${origin}) does not apply to ${action}; it applies to ${entry.actions.join('/')}. GET /__saf/scenarios lists every id.` };
  }
  return { ok: true, decision: { source, decidedBy, entry } };
}

export function decideCloudauth(call: CloudauthCall, headers: MockHeaders, registry: FixtureRegistry): CloudauthDecisionResult {
  let result: CloudauthDecisionResult = { ok: true, decision: { source: 'default', decidedBy: 'default' } };
  const found = headers.scenario === undefined ? magic(call.params) : undefined;
  if (headers.scenario !== undefined) {
    result = byScenario(headers.scenario, call.action, 'header', headers.scenario, 'the x-saf-mock-scenario header');
  } else if (found) {
    result = byScenario(found.id, call.action, 'magic', found.id, `the magic ${found.param} value`);
  } else if (registry.hasRules) {
    const loaded = registry.pick({ service: 'cloudauth', method: call.action, accessKeyId: call.accessKeyId, params: call.params });
    if (loaded) {
      const rule = loaded.rule;
      result = rule.scenario !== undefined
        ? byScenario(rule.scenario, call.action, 'fixture', rule.id, `fixture rule "${rule.id}"`)
        : { ok: true, decision: { source: 'fixture', decidedBy: rule.id, body: rule.body, status: rule.status, fault: rule.fault } };
      if (result.ok && rule.delayMs !== undefined) result = { ok: true, decision: { ...result.decision, delayMs: rule.delayMs } };
    }
  }
  if (!result.ok) return result;
  const d = result.decision;
  return {
    ok: true,
    decision: { ...d, fault: headers.fault ?? d.fault, delayMs: headers.delayMs ?? d.delayMs, decidedBy: headers.fault !== undefined && d.source === 'default' ? `fault:${headers.fault}` : d.decidedBy },
  };
}
