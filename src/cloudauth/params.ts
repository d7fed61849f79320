import type { Params } from '../gateway/params.js';

/** The gateway's own RPC parameters: they authenticate the request and are not the action's. */
const COMMON_PARAMS = new Set(['Action', 'Version', 'AccessKeyId', 'Signature', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce', 'SignatureType', 'Timestamp', 'Format', 'SecurityToken', 'RegionId']);

/** A Cloudauth action's parameters: query ∪ body without the gateway's common ones. */
export function cloudauthParams(params: Params): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of params) if (!COMMON_PARAMS.has(key)) out[key] = value;
  return out;
}
