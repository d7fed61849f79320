import type { JsonObject } from '../gateway/render.js';
import { appliesEverywhere, entryApplies, findEntry, type CatalogEntry } from '../saf/catalog.js';
import { findCloudauthEntry } from '../cloudauth/catalog.js';
import type { SafCall, SafResult } from '../saf/types.js';
import type { Fault } from './faults.js';
import type { MockHeaders } from './headers.js';
import { findMagicValue } from './magic.js';
import type { FixtureRegistry } from './registry.js';
import { scenarioFitsMethod } from './rules.js';

/** What decides a response, found in this order: fixture header, magic value, fixture rule, default. */
export interface Decision {
  readonly source: 'header' | 'magic' | 'fixture' | 'default';
  /** Catalog id, fixture rule id, or `default`: sent back in x-saf-mock-scenario. */
  readonly decidedBy: string;
  readonly entry?: CatalogEntry;
  /** A query outcome that an init carries to its verification. */
  readonly carry?: string;
  readonly body?: JsonObject;
  readonly status?: number;
  readonly fault?: Fault;
  readonly delayMs?: number;
}

export type DecisionResult = { ok: true; decision: Decision } | { ok: false; kind: 'unknown' | 'not-applicable'; message: string };

function byScenario(id: string, call: SafCall, source: Decision['source'], decidedBy: string, origin: string): DecisionResult {
  const entry = findEntry(id);
  if (!entry && findCloudauthEntry(id)) return { ok: false, kind: 'not-applicable', message: `Scenario "${id}" (from ${origin}) is a Cloudauth scenario; it does not apply to ${call.service} ${call.method}.` };
  if (!entry) return { ok: false, kind: 'unknown', message: `Unknown scenario "${id}" in ${origin}; GET /__saf/scenarios lists every id.` };
  if (entryApplies(entry, call.service, call.method)) return { ok: true, decision: { source, decidedBy, entry } };
  if (source !== 'header' && scenarioFitsMethod(id, call.service, call.method)) return { ok: true, decision: { source, decidedBy, carry: id } };
  return {
    ok: false,
    kind: 'not-applicable',
    message: `Scenario "${id}" (from ${origin}) does not apply to ${call.service} ${call.method}; it applies to ${entry.service} ${entry.methods.join('/')}. GET /__saf/scenarios lists every id.`,
  };
}

const DEFAULT: DecisionResult = { ok: true, decision: { source: 'default', decidedBy: 'default' } };

export function decide(call: SafCall, headers: MockHeaders, registry: FixtureRegistry): DecisionResult {
  const magic = findMagicValue(call.params);
  // The common case, answered without building anything: no header, no magic value, no rule.
  const nothingFromHeaders = headers.scenario === undefined && headers.fault === undefined && headers.delayMs === undefined;
  if (nothingFromHeaders && !magic.found && !registry.hasRules) return DEFAULT;
  let result: DecisionResult = { ok: true, decision: { source: 'default', decidedBy: 'default' } };
  if (headers.scenario !== undefined) {
    result = byScenario(headers.scenario, call, 'header', headers.scenario, 'the x-saf-mock-scenario header');
  } else {
    if (magic.found) {
      result = 'unknown' in magic
        ? { ok: false, kind: 'unknown', message: `Unknown scenario "${magic.unknown}" in the magic ${magic.source} value; GET /__saf/scenarios lists every id.` }
        : byScenario(magic.scenario, call, 'magic', magic.scenario, `the magic ${magic.source} value`);
    } else {
      const loaded = registry.pick(call);
      if (loaded) {
        const rule = loaded.rule;
        if (rule.scenario !== undefined) {
          result = byScenario(rule.scenario, call, 'fixture', rule.id, `fixture rule "${rule.id}"`);
        } else {
          result = { ok: true, decision: { source: 'fixture', decidedBy: rule.id, body: rule.body, status: rule.status, fault: rule.fault } };
        }
        if (result.ok && rule.delayMs !== undefined) result = { ok: true, decision: { ...result.decision, delayMs: rule.delayMs } };
      }
    }
  }
  if (!result.ok) return result;
  // Header faults and delays apply on top of whatever decided the answer.
  const d = result.decision;
  return {
    ok: true,
    decision: {
      ...d,
      fault: headers.fault ?? d.fault,
      delayMs: headers.delayMs ?? d.delayMs,
      decidedBy: headers.fault !== undefined && d.source === 'default' ? `fault:${headers.fault}` : d.decidedBy,
    },
  };
}

/**
 * For a request whose ServiceParameters could not be turned into a call (unknown Service, bad JSON, no
 * method): header faults and delays apply as usual, and a header scenario only when it applies to every
 * method (the unified codes); any other scenario is refused, saying why.
 */
export function decideUnresolved(headers: MockHeaders, product: SafResult): DecisionResult {
  let entry: CatalogEntry | undefined;
  if (headers.scenario !== undefined) {
    entry = findEntry(headers.scenario);
    if (!entry && findCloudauthEntry(headers.scenario)) return { ok: false, kind: 'not-applicable', message: `Scenario "${headers.scenario}" is a Cloudauth scenario; it does not apply to ExecuteRequest.` };
    if (!entry) return { ok: false, kind: 'unknown', message: `Unknown scenario "${headers.scenario}" in the x-saf-mock-scenario header; GET /__saf/scenarios lists every id.` };
    if (!appliesEverywhere(entry)) {
      return {
        ok: false,
        kind: 'not-applicable',
        message: `Scenario "${entry.id}" (from the x-saf-mock-scenario header) applies to ${entry.service} ${entry.methods.join('/')}, but this request names no usable method (${product.message}).`,
      };
    }
  }
  const decidedBy = entry?.id ?? (headers.fault !== undefined ? `fault:${headers.fault}` : product.decidedBy);
  return { ok: true, decision: { source: entry ? 'header' : 'default', decidedBy, entry, fault: headers.fault, delayMs: headers.delayMs } };
}
