import type { CodeMode } from '../saf/catalog.js';

export interface AccessKey {
  readonly id: string;
  readonly secret: string;
  /** Per-key override of the detailed/unified code setting (the seed: detailed codes are opt-in per customer). */
  readonly codes?: CodeMode;
}

/** The demo key printed at start-up; the same made-up key that ../shared/spec/captures were signed with. */
export const DEMO_ACCESS_KEY: AccessKey = { id: 'testAccessKeyId', secret: 'testAccessKeySecret' };

export class CredentialStore {
  private readonly keys = new Map<string, AccessKey>();

  constructor(keys: readonly AccessKey[]) {
    for (const key of keys) this.keys.set(key.id, key);
  }

  find(accessKeyId: string): AccessKey | undefined {
    return this.keys.get(accessKeyId);
  }

  list(): AccessKey[] {
    return [...this.keys.values()];
  }
}

/** Parses `id:secret` or `id:secret:unified|detailed`; returns a reason string when malformed. */
export function parseAccessKey(text: string): AccessKey | string {
  const parts = text.split(':');
  if (parts.length < 2 || parts.length > 3) return `expected ID:SECRET[:unified|detailed], got "${text}"`;
  const [id, secret, codes] = parts as [string, string, string | undefined];
  if (!/^[\w.-]+$/.test(id)) return `AccessKeyId "${id}" may only contain letters, digits, "_", "." and "-"`;
  if (secret.length === 0) return `AccessKeySecret for "${id}" is empty`;
  if (codes !== undefined && codes !== 'unified' && codes !== 'detailed') return `code mode for "${id}" must be unified or detailed, got "${codes}"`;
  return codes === undefined ? { id, secret } : { id, secret, codes };
}
