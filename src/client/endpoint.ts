import { ConfigError } from '../config.js';

/** `saf.cn-shanghai.aliyuncs.com` → https://saf.cn-shanghai.aliyuncs.com/; a URL keeps its scheme and port. */
export function liveEndpointUrl(value: string): URL {
  const text = value.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ConfigError(`not a valid endpoint: "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`endpoint must be http(s), got "${value}"`);
  url.pathname = '/';
  url.search = '';
  url.hash = '';
  return url;
}
