import type { ApiKey } from '../gateway/api-table.js';
import type { Params } from '../gateway/params.js';
import type { LargeTexts } from '../large-text.js';
import type { CatalogEntry } from '../saf/catalog.js';
import type { Resolution } from '../saf/product.js';
import type { MethodContext, SafResult } from '../saf/types.js';
import type { CloudauthAction } from '../cloudauth/catalog.js';

/** What a product's entry point is given to resolve a call: decoded parameters, never HTTP. */
export interface ResolveInput {
  readonly params: Params;
  readonly action: string;
  readonly version: string;
  readonly accessKeyId: string;
  /** A large request's values kept in pieces (large-text.ts). */
  readonly large?: LargeTexts;
}

/**
 * A product's entry point for one Action (in the Versions it lists). The gateway authenticates, reads the
 * mock's headers and renders; the product only turns parameters into a typed call and answers it.
 */
export interface SafApiEntry extends ApiKey {
  /** The product, for logs and metrics. */
  readonly product: 'saf';
  /** Parameters the gateway requires before the product runs, checked in this order (MissingParameter). */
  readonly required: readonly string[];
  /** The parameters into a typed call, or the product's own answer when they are not usable. */
  resolve(input: ResolveInput): Resolution;
  /** Answers a resolved call: the product's default path, or the catalog entry a scenario chose. */
  answer(ctx: MethodContext, entry: CatalogEntry | undefined): SafResult | Promise<SafResult>;
}

/**
 * A Cloudauth 2019-03-07 action: its parameters are the action's own (flat), so there is nothing to resolve;
 * the product decides (src/cloudauth/decide.ts) and answers (src/cloudauth/product.ts) with a string Code.
 */
export interface CloudauthApiEntry extends ApiKey {
  readonly product: 'cloudauth';
  readonly action: CloudauthAction;
  /** The gateway requires none: every missing parameter is the product's own 400 参数不能为空. */
  readonly required: readonly string[];
}

/** Every API the gateway can route to, by product. */
export type ApiEntry = SafApiEntry | CloudauthApiEntry;
