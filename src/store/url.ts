/** A Redis URL fit for logs: the password (or a lone user used as password) replaced by ***. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** `memory` or a redis:// / rediss:// URL; anything else is described as a one-line reason. */
export function checkStoreSpec(spec: string): string | undefined {
  if (spec === 'memory') return undefined;
  let u: URL;
  try {
    u = new URL(spec);
  } catch {
    return `store must be memory or a redis://[user:password@]host:port[/db] URL, got "${spec}"`;
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') return `store must be memory or a redis:// URL, got "${maskUrl(spec)}"`;
  if (u.hostname === '') return `store URL "${maskUrl(spec)}" names no host`;
  if (u.pathname !== '' && u.pathname !== '/' && !/^\/\d+$/.test(u.pathname)) return `store URL "${maskUrl(spec)}": the path must be a database number such as /0`;
  return undefined;
}
