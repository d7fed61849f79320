import type { ClientKind, ExecuteOptions, ExecuteResult, ServiceParams } from './adapter.js';
import type { ControlApi } from './control.js';

/** What a step can build its request from. */
export interface StepInput {
  /** The earlier calls of this case run, by step name. */
  readonly results: Readonly<Record<string, ExecuteResult>>;
  /** Unique per case run: for nonces and anything that must not repeat. */
  readonly runId: string;
  /** The AccessKeyId the run signs with (control API calls are scoped to it). */
  readonly accessKeyId: string;
  /** The client this run uses. */
  readonly client: ClientKind;
}

export type Code = number | string;

export interface Expectation {
  /** HTTP status, or any of a list. */
  readonly status: number | readonly number[];
  /** Body `Code`, or any of a list (a live account answers detailed or unified codes). */
  readonly code: Code | readonly Code[];
  /** Exact text, a pattern, or any of a list; omitted: any text (parity snapshots hold the live one). */
  readonly message?: string | RegExp | readonly string[];
  /** The contract the body must satisfy: contracts/response.schema.json, cloudauth-response.schema.json or gateway-error.schema.json. */
  readonly envelope: 'saf' | 'cloudauth' | 'gateway-error';
  /** Data must satisfy this contract file, or be absent; omitted: not checked. */
  readonly data?: string | 'absent';
  /** How Data must arrive: an object, or a JSON string (intl_face_verify). */
  readonly dataEncoding?: 'object' | 'string';
  /** Body format; default json. */
  readonly format?: 'json' | 'xml';
  /** The mock's x-saf-mock-scenario response header (what fired); mock-only cases. */
  readonly scenario?: string;
}

export interface CallStep {
  readonly kind: 'call';
  readonly name: string;
  readonly service: string;
  readonly params: ServiceParams | ((input: StepInput) => ServiceParams);
  readonly options?: ExecuteOptions | ((input: StepInput) => ExecuteOptions);
  readonly expect: Expectation;
}

export interface ControlStep {
  readonly kind: 'control';
  readonly name: string;
  readonly run: (control: ControlApi, input: StepInput) => Promise<void>;
}

export type Step = CallStep | ControlStep;

/**
 * One contract case. `live: 'safe'` means it needs no face scan and costs nothing (validation errors,
 * unknown service, signature errors, unknown ids, response shapes), so it runs against live SAF too;
 * `'mock-only'` cases say why in `reason` and are skipped, visibly, on a live target.
 */
export interface ContractCase {
  readonly id: string;
  readonly title: string;
  readonly live: 'safe' | 'mock-only';
  readonly reason?: string;
  /** The clients the case runs through (each is a separate result). */
  readonly clients: readonly ClientKind[];
  readonly steps: readonly Step[];
}

export function call(name: string, service: string, params: CallStep['params'], expect: Expectation, options?: CallStep['options']): CallStep {
  return options === undefined ? { kind: 'call', name, service, params, expect } : { kind: 'call', name, service, params, expect, options };
}

export function control(name: string, run: ControlStep['run']): ControlStep {
  return { kind: 'control', name, run };
}
