import { ApiTable } from '../gateway/api-table.js';
import { SAF_EXECUTE_REQUEST } from '../saf/api.js';
import { CLOUDAUTH_APIS } from '../cloudauth/api.js';
import type { ApiEntry } from './api-entry.js';

/**
 * Every API this endpoint serves, by Action + Version. A new product registers its entry points here; the
 * gateway's steps stay as they are.
 */
export const APIS = new ApiTable<ApiEntry>([SAF_EXECUTE_REQUEST, ...CLOUDAUTH_APIS]);
