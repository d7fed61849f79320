import { GatewayError, gatewayError } from './errors.js';

/** What the gateway knows of one API before the product sees it: its Action and the Versions it exists in. */
export interface ApiKey {
  readonly action: string;
  readonly versions: readonly string[];
}

const INVALID_VERSION = { code: 'InvalidVersion', status: 400, message: 'Specified parameter Version is not valid.', confirmed: false };

/**
 * The gateway's API lookup, keyed by Action + Version (RPC v1 `Action`/`Version` parameters, ACS3
 * `x-acs-action`/`x-acs-version` headers). A Version no API has is InvalidVersion; a known Version without
 * that Action is InvalidAction.NotFound (in that order, as the gateway checks them).
 */
export class ApiTable<E extends ApiKey> {
  private readonly byAction = new Map<string, Map<string, E>>();
  private readonly versions = new Set<string>();

  constructor(entries: readonly E[]) {
    for (const entry of entries) {
      let byVersion = this.byAction.get(entry.action);
      if (!byVersion) this.byAction.set(entry.action, (byVersion = new Map()));
      for (const version of entry.versions) {
        if (byVersion.has(version)) throw new Error(`API ${entry.action} ${version} is registered twice`);
        byVersion.set(version, entry);
        this.versions.add(version);
      }
    }
  }

  /** The entry for Action + Version, or the gateway's error for the pair. */
  find(action: string, version: string): E {
    if (!this.versions.has(version)) throw new GatewayError(INVALID_VERSION);
    const entry = this.byAction.get(action)?.get(version);
    if (!entry) throw gatewayError('InvalidActionNotFound');
    return entry;
  }

  get entries(): E[] {
    const out = new Set<E>();
    for (const byVersion of this.byAction.values()) for (const e of byVersion.values()) out.add(e);
    return [...out];
  }
}
