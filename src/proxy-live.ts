import { ConfigError, type SafMockConfig } from './config.js';
import type { Proxy } from './proxy.js';

/** Placeholder until record-and-replay lands: refuses clearly instead of pretending. */
export function createProxyFromEnv(config: SafMockConfig, _env: NodeJS.ProcessEnv): Proxy {
  throw new ConfigError(`--proxy ${config.proxy ?? ''} is not available in this build`);
}
