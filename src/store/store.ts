/**
 * State behind an interface: the in-memory store now, a shared one (e.g. Redis) later.
 * Every record lives in a scope (the AccessKeyId), so parallel CI jobs with different keys never meet.
 */
export interface ScopedStore<T> {
  get(scope: string, key: string): T | undefined;
  set(scope: string, key: string, value: T): void;
  delete(scope: string, key: string): boolean;
  /** Records of one scope, or of every scope, newest first. */
  list(scope?: string): T[];
  clear(scope?: string): void;
  readonly size: number;
}
