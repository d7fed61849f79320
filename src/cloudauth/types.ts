import type { JsonObject } from '../gateway/render.js';
import type { DataGenerator } from '../saf/data-gen.js';
import type { Verifications } from '../saf/sessions.js';
import type { Lifecycle } from '../lifecycle/lifecycle.js';
import { cloudauthEntry, type CloudauthAction, type CloudauthEntry } from './catalog.js';

/** A Cloudauth request as the product sees it: the action and its flat parameters (query ∪ body). */
export interface CloudauthCall {
  readonly action: CloudauthAction;
  readonly params: Readonly<Record<string, string>>;
  readonly accessKeyId: string;
  /** The origin the client called (`http://127.0.0.1:PORT`): CertifyUrl and pictureUrl point back at it. */
  readonly origin: string;
}

/** What the product answers; the gateway renders Code, Message, RequestId, ResultObject. */
export interface CloudauthResult {
  readonly code: string;
  readonly message: string;
  readonly resultObject?: JsonObject;
  /** Catalog id (or `default`) that decided the answer. */
  readonly decidedBy: string;
  /** For a validation answer: which parameter and why (sent in x-saf-mock-reason, never in the body). */
  readonly reason?: string;
}

export interface CloudauthDeps {
  readonly verifications: Verifications;
  readonly lifecycle: Lifecycle;
  readonly data: DataGenerator;
  readonly photos: readonly Buffer[];
  readonly now: () => number;
}

export interface CloudauthContext {
  readonly call: CloudauthCall;
  readonly deps: CloudauthDeps;
  /** A SubCode entry an Init carries to the verification it creates (header, magic value or rule). */
  readonly carry?: CloudauthEntry;
}

export type CloudauthHandler = (ctx: CloudauthContext) => CloudauthResult | Promise<CloudauthResult>;

/** A catalog entry's Code and Message, without data. */
export function codeResult(id: string, reason?: string): CloudauthResult {
  const e = cloudauthEntry(id);
  return reason === undefined ? { code: e.code, message: e.message, decidedBy: e.id } : { code: e.code, message: e.message, decidedBy: e.id, reason };
}

export function success(resultObject: JsonObject, decidedBy = 'default'): CloudauthResult {
  return { code: '200', message: 'success', resultObject, decidedBy };
}
