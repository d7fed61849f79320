import type { CloudauthApiEntry } from '../pipeline/api-entry.js';
import { CLOUDAUTH_ACTIONS, CLOUDAUTH_VERSION } from './catalog.js';

/** Cloudauth's emulated actions, Version 2019-03-07; any other action of that Version is InvalidAction.NotFound. */
export const CLOUDAUTH_APIS: readonly CloudauthApiEntry[] = CLOUDAUTH_ACTIONS.map((action) => ({
  product: 'cloudauth',
  action,
  versions: [CLOUDAUTH_VERSION],
  required: [],
}));
