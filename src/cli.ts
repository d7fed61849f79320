#!/usr/bin/env node
import { ConfigError, type SafMockConfig } from './config.js';
import { parseCli, helpText } from './cli-args.js';
import { DEMO_ACCESS_KEY } from './gateway/credentials.js';
import { FixtureError } from './scenarios/rules.js';
import { heapFlagsGiven, tuneHeap } from './heap-tuning.js';
import { startServer, PACKAGE_VERSION } from './server.js';
import { StoreUnavailableError } from './store/types.js';
import { maskUrl } from './store/url.js';
import { maskKeyId } from './client/credentials.js';
import { jsonLog, loadPino, type Log } from './log/logger.js';

function banner(url: string, config: SafMockConfig): string {
  const lines = [`saf-mock ${PACKAGE_VERSION} listening on ${url}`];
  for (const key of config.accessKeys) {
    // Only the built-in demo key's secret is printed: configured secrets never reach a log.
    const isDemo = key.id === DEMO_ACCESS_KEY.id && key.secret === DEMO_ACCESS_KEY.secret;
    lines.push(`  AccessKeyId:     ${key.id}`);
    lines.push(`  AccessKeySecret: ${isDemo ? key.secret : '(as configured)'}`);
  }
  lines.push(`  Control API:     ${url}/__saf/health  (scenarios: ${url}/__saf/scenarios)`);
  const completes = config.completeAfterMs === null ? 'held pending until completed' : `pass after ${config.completeAfterMs} ms`;
  lines.push(`  codes: ${config.codes} · Data: ${config.dataShape} · verifications ${completes}${config.seed !== undefined ? ` · seed ${config.seed}` : ''}`);
  const loopback = config.host === 'localhost' || config.host === '::1' || config.host.startsWith('127.');
  if (!loopback && config.adminToken === undefined) {
    lines.push(`  warning: bound to ${config.host} without --admin-token: anyone who reaches it can use the control API`);
  }
  if (config.store !== 'memory') lines.push(`  store: redis ${maskUrl(config.store)} (prefix ${config.storePrefix})`);
  if (config.fixturesDir) lines.push(`  fixtures: ${config.fixturesDir} (watched)`);
  if (config.proxy) lines.push(`  proxy: ${config.proxy}${config.recordDir ? ` · recording into ${config.recordDir}` : ''}`);
  return lines.join('\n');
}

/** The start-up line as a JSON object (--log-format json): where, with what, and any warning. */
function logStart(log: Log, url: string, config: SafMockConfig): void {
  log.info(`saf-mock ${PACKAGE_VERSION} listening on ${url}`, {
    url,
    version: PACKAGE_VERSION,
    accessKeyIds: config.accessKeys.map((k) => maskKeyId(k.id)).join(','),
    codes: config.codes,
    dataShape: config.dataShape,
    completeAfterMs: config.completeAfterMs,
    seed: config.seed ?? null,
    fixtures: config.fixturesDir ?? null,
    proxy: config.proxy ?? null,
  });
  const loopback = config.host === 'localhost' || config.host === '::1' || config.host.startsWith('127.');
  if (!loopback && config.adminToken === undefined) log.warn(`bound to ${config.host} without --admin-token: anyone who reaches it can use the control API`);
}

/** A start-up failure on stderr, as a JSON line when JSON logs were asked for. */
async function reportFailure(config: SafMockConfig, message: string): Promise<void> {
  if (config.logFormat !== 'json') {
    process.stderr.write(`saf-mock: ${message}\n`);
    return;
  }
  await loadPino();
  jsonLog((line) => process.stderr.write(line + '\n')).error(message);
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'contract') {
    const { runContractCli } = await import('./client/contract-cli.js');
    return runContractCli(argv.slice(1));
  }
  let config: SafMockConfig;
  try {
    const parsed = parseCli(argv, process.env);
    if (parsed.kind === 'help') {
      process.stdout.write(helpText() + '\n');
      return 0;
    }
    config = parsed.config;
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`saf-mock: ${e.message} (see saf-mock --help)\n`);
      return 2;
    }
    throw e;
  }
  try {
    // Loaded only with --proxy: the live client is not on the plain mock's start-up path.
    const proxy = config.proxy ? (await import('./proxy-live.js')).createProxyFromEnv(config, process.env) : undefined;
    const server = await startServer(config, { proxy });
    // Heap settings only once the first request is answered: set earlier, they would cost a cold start.
    void server.firstAnswer.then(() => tuneHeap(heapFlagsGiven(process.execArgv, process.env.NODE_OPTIONS)));
    if (config.logFormat === 'json') logStart(server.runtime.logger, server.url, config);
    else process.stdout.write(banner(server.url, config) + '\n');
    const stop = (): void => {
      void server.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return -1;
  } catch (e) {
    const [code, message] = startFailure(e, config);
    await reportFailure(config, message);
    return code;
  }
}

/** Exit code and message for a failed start. */
function startFailure(e: unknown, config: SafMockConfig): [number, string] {
  if (e instanceof FixtureError) return [2, `invalid fixture file ${e.file}: at ${e.path || '(root)'}: ${e.reason}`];
  if (e instanceof ConfigError) return [2, e.message];
  // Redis unreachable at start: one line naming the URL, its password masked.
  if (e instanceof StoreUnavailableError) return [2, e.message];
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'EADDRINUSE') return [1, `${config.host}:${config.port} is already in use (try --port 0)`];
  // A host that does not resolve or is not this machine's is a bad --host value.
  if (err.code === 'ENOTFOUND' || err.code === 'EADDRNOTAVAIL' || err.code === 'EAI_AGAIN' || err.code === 'EACCES') {
    return [2, `cannot listen on ${config.host}:${config.port} (${err.code}); check --host`];
  }
  return [1, err.message];
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`saf-mock: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
