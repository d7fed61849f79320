import type { ErrorObject } from 'ajv';
import { compileContract } from '../contracts.js';
import type { JsonObject } from '../gateway/render.js';
import { entryApplies, FACE_VERIFY_METHODS, FIN_METHODS, findEntry, INIT_METHODS, QUERY_METHODS, type MethodName, type ServiceName } from '../saf/catalog.js';
import { CLOUDAUTH_ACTIONS, findCloudauthEntry, isCloudauthAction, type CloudauthAction } from '../cloudauth/catalog.js';
import { cloudauthScenarioFits } from '../cloudauth/decide.js';

/** A rule matches SAF services (method = the ServiceParameters method) or Cloudauth (method = the Action). */
export type RuleService = ServiceName | 'cloudauth';
export type RuleMethod = MethodName | CloudauthAction;
import type { Fault } from './faults.js';
import { compileLinearRegex, type ValueMatcher } from './linear-regex.js';

export type ParamMatcher = string | number | boolean | { regex: string };

export interface FixtureRule {
  readonly id: string;
  readonly description?: string;
  readonly priority?: number;
  readonly times?: number;
  readonly match?: {
    readonly service?: RuleService;
    readonly method?: RuleMethod;
    readonly accessKeyId?: string;
    readonly params?: Readonly<Record<string, ParamMatcher>>;
  };
  readonly scenario?: string;
  readonly body?: JsonObject;
  readonly status?: number;
  readonly fault?: Fault;
  readonly delayMs?: number;
}

/** A rule as loaded: where it came from, with its regexes compiled once. */
export interface LoadedRule {
  readonly rule: FixtureRule;
  /** `file:<path>` or `api:<scope>`; with the id it keys the `times` counters. */
  readonly source: string;
  readonly order: number;
  readonly regexes: ReadonlyMap<string, ValueMatcher>;
}

export class FixtureError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${file}: ${path || '(root)'}: ${reason}`);
    this.name = 'FixtureError';
  }
}

function ajvPath(error: ErrorObject): string {
  return error.instancePath.replace(/^\//, '').replace(/\//g, '.');
}

/** Init methods may carry a query outcome to the verification they create (answered at query time). */
export function scenarioFitsMethod(scenario: string, service: ServiceName, method: MethodName): boolean {
  const entry = findEntry(scenario);
  if (!entry) return false;
  if (entryApplies(entry, service, method)) return true;
  return INIT_METHODS.includes(method) && entry.service === service && entry.methods.some((m) => QUERY_METHODS.includes(m));
}

const METHODS_OF: Record<ServiceName, readonly MethodName[]> = {
  face_verify: FACE_VERIFY_METHODS,
  intl_face_verify: ['verify'],
  fin_face_verify: FIN_METHODS,
};
const SAF_SERVICES: readonly ServiceName[] = ['face_verify', 'intl_face_verify', 'fin_face_verify'];

function isSafMethod(method: RuleMethod): method is MethodName {
  return !isCloudauthAction(method);
}

/** Whether a scenario can answer a request of this service and method (Cloudauth: the Action). */
export function scenarioFitsRequest(scenario: string, service: RuleService, method: RuleMethod): boolean {
  if (service === 'cloudauth') {
    const entry = findCloudauthEntry(scenario);
    return entry !== undefined && isCloudauthAction(method) && cloudauthScenarioFits(entry, method);
  }
  return isSafMethod(method) && scenarioFitsMethod(scenario, service, method);
}

/** Whether some request the rule's match allows could be answered with the scenario. */
function canFire(scenario: string, service: RuleService | undefined, method: RuleMethod | undefined): boolean {
  if (service === 'cloudauth' || (service === undefined && findCloudauthEntry(scenario))) {
    return (method ? [method] : CLOUDAUTH_ACTIONS).some((m) => scenarioFitsRequest(scenario, 'cloudauth', m));
  }
  const services: readonly ServiceName[] = service ? [service] : SAF_SERVICES;
  return services.some((svc) => (method ? [method] : METHODS_OF[svc]).some((m) => isSafMethod(m) && METHODS_OF[svc].includes(m) && scenarioFitsMethod(scenario, svc, m)));
}

/**
 * Validates a parsed fixture document against contracts/fixture.schema.json and the catalog, and compiles
 * its regexes. Throws FixtureError naming the file, the path inside it and the reason.
 */
export function loadRules(doc: unknown, file: string, source: string, firstOrder = 0): LoadedRule[] {
  const validate = compileContract('fixture.schema.json');
  if (!validate(doc)) {
    const errors = validate.errors ?? [];
    // oneOf reports both branches; the most specific error is the deepest one.
    const best = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
    throw new FixtureError(file, best ? ajvPath(best) : '', best ? `${best.message ?? 'invalid'}${best.params && 'additionalProperty' in best.params ? ` (${String(best.params.additionalProperty)})` : ''}` : 'invalid');
  }
  const rules = (Array.isArray(doc) ? doc : (doc as { rules: FixtureRule[] }).rules) as FixtureRule[];
  const seen = new Set<string>();
  return rules.map((rule, index) => {
    const at = Array.isArray(doc) ? `${index}` : `rules.${index}`;
    if (seen.has(rule.id)) throw new FixtureError(file, `${at}.id`, `duplicate rule id "${rule.id}"`);
    seen.add(rule.id);
    if (rule.scenario !== undefined) {
      if (!findEntry(rule.scenario) && !findCloudauthEntry(rule.scenario)) throw new FixtureError(file, `${at}.scenario`, `unknown scenario "${rule.scenario}" (GET /__saf/scenarios lists every id)`);
      const { service, method } = rule.match ?? {};
      if (!canFire(rule.scenario, service, method)) {
        const target = [service ?? 'any service', method ?? 'any method'].join(' ');
        throw new FixtureError(file, `${at}.scenario`, `scenario "${rule.scenario}" does not apply to ${target}, so the rule could never answer`);
      }
    }
    const regexes = new Map<string, ValueMatcher>();
    for (const [field, matcher] of Object.entries(rule.match?.params ?? {})) {
      if (typeof matcher === 'object') {
        try {
          regexes.set(field, compileLinearRegex(matcher.regex));
        } catch (e) {
          throw new FixtureError(file, `${at}.match.params.${field}.regex`, `invalid regular expression for RE2 (linear-time; no lookaround or backreferences): ${(e as Error).message}`);
        }
      }
    }
    return { rule, source, order: firstOrder + index, regexes };
  });
}

export interface RuleRequest {
  readonly service: RuleService;
  readonly method: RuleMethod;
  readonly accessKeyId: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export function ruleMatches(loaded: LoadedRule, req: RuleRequest): boolean {
  const m = loaded.rule.match;
  if (!m) return true;
  if (m.service !== undefined && m.service !== req.service) return false;
  if (m.method !== undefined && m.method !== req.method) return false;
  if (m.accessKeyId !== undefined && m.accessKeyId !== req.accessKeyId) return false;
  for (const [field, matcher] of Object.entries(m.params ?? {})) {
    if (!Object.hasOwn(req.params, field)) return false;
    const value = req.params[field];
    const regex = loaded.regexes.get(field);
    if (regex) {
      if (typeof value !== 'string' && typeof value !== 'number') return false;
      if (!regex.test(String(value))) return false;
    } else if (value !== matcher) {
      return false;
    }
  }
  if (loaded.rule.scenario !== undefined && !scenarioFitsRequest(loaded.rule.scenario, req.service, req.method)) return false;
  return true;
}
