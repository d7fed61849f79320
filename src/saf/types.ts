import type { JsonObject, JsonValue } from '../gateway/render.js';
import type { CatalogEntry, CodeMode, MethodName, ServiceName } from './catalog.js';
import type { DataGenerator } from './data-gen.js';
import type { Verifications } from './sessions.js';
import type { Lifecycle } from '../lifecycle/lifecycle.js';
import type { LargeTexts } from '../large-text.js';

/** A parsed SAF call: which service and method, with its ServiceParameters object. */
export interface SafCall {
  readonly service: ServiceName;
  readonly method: MethodName;
  readonly params: Readonly<Record<string, JsonValue>>;
  readonly version: string;
  readonly accessKeyId: string;
}

/** What the product answers; the gateway renders it as the HTTP 200 body. */
export interface SafResult {
  readonly code: number;
  readonly message: string;
  readonly data?: JsonObject | string;
  /** The catalog id (or `default`) that decided the answer, for x-saf-mock-scenario and the journal. */
  readonly decidedBy: string;
}

/** How `Data` is shaped: as the product docs show it, or as the typed SDK models declare it (saf-api.md). */
export type DataShape = 'docs' | 'sdk';

export interface ProductSettings {
  readonly codes: CodeMode;
  readonly dataShape: DataShape;
}

export interface ProductDeps {
  readonly verifications: Verifications;
  readonly data: DataGenerator;
  readonly photos: readonly Buffer[];
  /** Completion and callbacks (fin_face_verify). */
  readonly lifecycle: Lifecycle;
  readonly now: () => number;
}

export interface MethodContext {
  readonly call: SafCall;
  readonly settings: ProductSettings;
  readonly deps: ProductDeps;
  /** A query outcome (catalog id) that an init carries to the verification it creates. */
  readonly carryOutcome?: string;
  /** The origin the client called (`http://127.0.0.1:PORT`), for URLs on the mock (fin_face_verify's certifyUrl). */
  readonly origin?: string;
  /** A large request's values kept in pieces (large-text.ts), its photo among them. */
  readonly large?: LargeTexts;
}

/** A method's answer; handlers that touch state await the store, so any may return a Promise. */
export type MethodHandler = (ctx: MethodContext) => SafResult | Promise<SafResult>;

/** Renders a catalog entry as the product's answer, under the detailed/unified setting. */
export function resultFromEntry(entry: CatalogEntry, codes: CodeMode, data?: JsonObject | string): SafResult {
  const shown = codes === 'detailed' ? { code: entry.code, message: entry.message } : entry.unified;
  return data === undefined
    ? { code: shown.code, message: shown.message, decidedBy: entry.id }
    : { code: shown.code, message: shown.message, data, decidedBy: entry.id };
}
