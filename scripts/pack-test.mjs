#!/usr/bin/env node
// The package as a user gets it: `npm pack`, installed into an empty project (network: the npm registry
// only, with --prefer-offline so a warm cache needs none), then
//   - the tarball holds the built files, the types, contracts/ and fixtures/, and no sources or tests;
//   - `import { startSafMock } from 'saf-mock'` serves @alicloud/pop-core, and type-checks in strict TS;
//   - `npx saf-mock` starts the server (health answers), `npx saf-mock contract` passes;
// and the same from a git URL (`npm install git+file://<a local clone of HEAD>`: npm installs the dev
// dependencies and runs `prepare`, the build): `npx saf-mock --help`, and a started server answers a signed init.
// Prints one line per check and "pack test: N passed, M failed"; exit code 1 on any failure.
// Usage: npm run test:pack   (or: node scripts/pack-test.mjs --keep to leave the temp project behind)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
const keep = process.argv.includes('--keep');
const started = Date.now();
const work = mkdtempSync(join(tmpdir(), 'saf-mock-pack-'));
const project = join(work, 'project');
let passed = 0;
let failed = 0;
/** Process groups of the servers started here, stopped whatever happens. */
const groups = new Set();
process.on('exit', () => {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
});

function check(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}${!ok && detail ? `\n        ${String(detail).trim().split('\n').slice(-15).join('\n        ')}` : ''}`);
  return ok;
}

function run(cmd, args, cwd, timeoutMs = 120_000) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' } });
  return { code: r.status, out: (r.stdout ?? '') + (r.stderr ?? ''), stdout: r.stdout ?? '' };
}

function finish() {
  if (!keep) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
  console.log(`pack test: ${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  process.exit(failed > 0 ? 1 : 0);
}

// 1. Pack (runs `prepare`, i.e. the build).
const pack = run('npm', ['pack', '--pack-destination', work, '--json'], repo);
let tarball;
let files = [];
try {
  const info = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[')))[0];
  tarball = join(work, info.filename);
  files = info.files.map((f) => f.path);
} catch {
  /* reported below */
}
if (!check('npm pack builds and packs', pack.code === 0 && tarball && existsSync(tarball), pack.out)) finish();
check('the tarball holds the built entry, its types and the CLI', ['dist/bundle/index.js', 'dist/bundle/cli.js', 'dist/index.d.ts', 'dist/contract-validators.cjs', 'package.json'].every((f) => files.includes(f)), files.join(' '));
check('the tarball holds contracts, snapshots and fixture photos', files.includes('contracts/response.schema.json') && files.some((f) => f.startsWith('contracts/snapshots/')) && files.some((f) => f.startsWith('fixtures/images/')));
check('the tarball holds no sources, tests or source maps of tests', !files.some((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('node_modules/')), files.filter((f) => f.startsWith('src/') || f.startsWith('test/')).join(' '));

// 2. Install into an empty project.
mkdirSync(project);
writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'saf-mock-pack-test', version: '1.0.0', private: true, type: 'module' }, null, 2));
const install = run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], project, 180_000);
if (!check('npm install <tarball> into an empty project', install.code === 0, install.out)) finish();
check('the official SDKs come along (optionalDependencies)', ['@alicloud/pop-core', '@alicloud/openapi-client', '@alicloud/tea-util'].every((p) => existsSync(join(project, 'node_modules', p, 'package.json'))));

// 3. startSafMock serves pop-core.
writeFileSync(
  join(project, 'use.mjs'),
  `import { startSafMock } from 'saf-mock';
import RPCClient from '@alicloud/pop-core';
const saf = await startSafMock({ seed: 7 });
const client = new RPCClient({ endpoint: saf.endpoint, apiVersion: '2017-03-31', accessKeyId: saf.accessKeyId, accessKeySecret: saf.accessKeySecret });
const sp = JSON.stringify({ method: 'init', name: '张三', certNumber: '11010519491231002X', metainfo: '{}' });
const init = await client.request('ExecuteRequest', { Service: 'face_verify', ServiceParameters: sp }, { method: 'POST' });
const query = await client.request('ExecuteRequest', { Service: 'face_verify', ServiceParameters: JSON.stringify({ method: 'query', bizId: init.Data.bizId, queryId: init.Data.queryId }) });
await saf.reset();
await saf.close();
if (init.Code !== 200 || query.Code !== 200 || !/^[0-9a-f]{32}$/.test(init.Data.queryId)) throw new Error('unexpected answers ' + JSON.stringify({ init, query }));
console.log('served', saf.endpoint);
`,
);
const use = run('node', ['use.mjs'], project, 30_000);
check("import { startSafMock } from 'saf-mock' serves @alicloud/pop-core", use.code === 0 && use.out.includes('served http://127.0.0.1:'), use.out);

// 4. The shipped types, in a strict TypeScript project (with @types/node, as any Node project has).
writeFileSync(
  join(project, 'types.ts'),
  `import { startSafMock, type SafMock, type SafMockOptions, type ContractCase, CASES } from 'saf-mock';
const options: SafMockOptions = { seed: 1, codes: 'unified', completeAfter: 'never', accessKeys: ['id:secret'] };
export async function demo(): Promise<string> {
  const saf: SafMock = await startSafMock(options);
  const first: ContractCase | undefined = CASES[0];
  await saf.reset('id');
  await saf.close();
  return saf.endpoint + saf.accessKeyId + saf.accessKeySecret + String(saf.port) + (first?.id ?? '');
}
// @ts-expect-error codes is detailed | unified
export const wrong: SafMockOptions = { codes: 'verbose' };
`,
);
const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
const typeRoots = join(repo, 'node_modules', '@types');
const types = run('node', [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--typeRoots', typeRoots, '--types', 'node', 'types.ts'], project, 60_000);
check('the types ship and check under strict TypeScript', types.code === 0, types.out);

/** `node script.mjs ENDPOINT`: one signed init through @alicloud/pop-core with the demo key; prints its Data. */
const SIGNED_INIT_SCRIPT = `import RPCClient from '@alicloud/pop-core';
const [endpoint] = process.argv.slice(2);
const client = new RPCClient({ endpoint, apiVersion: '2017-03-31', accessKeyId: 'testAccessKeyId', accessKeySecret: 'testAccessKeySecret' });
const sp = JSON.stringify({ method: 'init', name: '李四', certNumber: '11010519491231002X', metainfo: '{}' });
const r = await client.request('ExecuteRequest', { Service: 'face_verify', ServiceParameters: sp }, { method: 'POST' });
console.log(JSON.stringify(r.Data));
`;

// 5. npx saf-mock starts the server.
/** Starts `npx saf-mock ARGS` in the project; resolves with its URL once the banner is out. */
function startCli(args, env = {}, cwd = project) {
  return new Promise((resolveStart, rejectStart) => {
    // Its own process group: npx does not pass SIGTERM on to saf-mock, so the whole group is stopped.
    const child = spawn('npx', ['saf-mock', ...args], { cwd, detached: true, env: { ...process.env, npm_config_update_notifier: 'false', ...env } });
    groups.add(child.pid);
    const kill = () => {
      groups.delete(child.pid);
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    };
    let out = '';
    const timer = setTimeout(() => {
      kill();
      rejectStart(new Error(`no banner within 20 s:\n${out}`));
    }, 20_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m && !child.started) {
        child.started = true;
        clearTimeout(timer);
        resolveStart({
          url: m[1],
          output: () => out,
          stop: () => new Promise((done) => (child.exitCode !== null ? done() : (child.once('exit', () => done()), kill()))),
        });
      }
    });
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!child.started) rejectStart(new Error(`exited with ${code}:\n${out}`));
    });
  });
}

try {
  const server = await startCli(['--port', '0']);
  const health = await (await fetch(`${server.url}/__saf/health`)).json();
  await server.stop();
  check('npx saf-mock starts the server (health answers)', health.status === 'ok' && health.name === 'saf-mock', JSON.stringify(health));
} catch (e) {
  check('npx saf-mock starts the server (health answers)', false, e.message);
}

// 5b. The CLI's record-and-replay flags: a second saf-mock plays live, with its own key.
try {
  const liveKey = { id: 'LTAIpackLiveKey', secret: 'packLiveSecret0123456789' };
  const live = await startCli(['--port', '0', '--access-key', `${liveKey.id}:${liveKey.secret}`]);
  const recordDir = join(work, 'recorded');
  const proxy = await startCli(['--port', '0', '--proxy', live.url, '--record', recordDir], { ALIBABA_CLOUD_ACCESS_KEY_ID: liveKey.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: liveKey.secret });
  writeFileSync(join(project, 'record.mjs'), SIGNED_INIT_SCRIPT);
  const viaProxy = run('node', ['record.mjs', proxy.url], project, 30_000);
  await proxy.stop();
  await live.stop();
  const replay = await startCli(['--port', '0', '--fixtures', recordDir]);
  const replayed = run('node', ['record.mjs', replay.url], project, 30_000);
  await replay.stop();
  check(
    'saf-mock --proxy --record records live answers that saf-mock --fixtures replays',
    viaProxy.code === 0 && replayed.code === 0 && viaProxy.stdout.includes('queryId') && viaProxy.stdout === replayed.stdout && proxy.output().includes('proxy: recorded face_verify init'),
    `${viaProxy.out}\n${replayed.out}\n${proxy.output()}`,
  );
  const recorded = JSON.parse(readFileSync(join(recordDir, 'recorded.json'), 'utf8'));
  const schemaAt = resolve(recordDir, recorded.$schema);
  check(
    "a recorded fixture's $schema is the path to the installed package's contracts/fixture.schema.json",
    existsSync(schemaAt) && realpathSync(schemaAt) === realpathSync(join(project, 'node_modules', 'saf-mock', 'contracts', 'fixture.schema.json')),
    `${recorded.$schema} → ${schemaAt}`,
  );
} catch (e) {
  check('saf-mock --proxy --record records live answers that saf-mock --fixtures replays', false, e.message);
}

// 6. saf-mock contract without the repository's dev setup.
const contract = run('npx', ['saf-mock', 'contract', '--target', 'mock'], project, 60_000);
check('npx saf-mock contract --target mock passes', contract.code === 0 && /^\d+ passed, 0 failed/m.test(contract.out), contract.out);
check('the packaged parity snapshots are compared', /parity: [1-9]\d* answers compared/.test(contract.out), contract.out.split('\n').slice(-3).join('\n'));

// No leftovers in the project from the run.
check('nothing written into the installed package', !readdirSync(join(project, 'node_modules', 'saf-mock', 'contracts', 'snapshots')).some((f) => f.endsWith('.tmp')));

// 7. As installed with --omit=optional: the mock works, the contract kit says what to install.
rmSync(join(project, 'node_modules', '@alicloud'), { recursive: true, force: true });
const noSdk = run('npx', ['saf-mock', 'contract'], project, 60_000);
check('without the optional SDKs, saf-mock contract prints a one-line install hint (exit 2)', noSdk.code === 2 && /npm install @alicloud\/pop-core @alicloud\/openapi-client @alicloud\/tea-util/.test(noSdk.out) && noSdk.out.trim().split('\n').length === 1, noSdk.out);
writeFileSync(
  join(project, 'no-sdk.mjs'),
  `import { startSafMock } from 'saf-mock';
const saf = await startSafMock();
const health = await (await fetch(saf.endpoint + '/__saf/health')).json();
await saf.close();
console.log(health.status);
`,
);
const noSdkMock = run('node', ['no-sdk.mjs'], project, 30_000);
check('without the optional SDKs, startSafMock still works', noSdkMock.code === 0 && noSdkMock.stdout.trim() === 'ok', noSdkMock.out);

// 8. From a git URL, as `npm install git+https://…` does it: npm clones, installs the package's dev dependencies
// (TypeScript), runs `prepare` (the build) and installs the result. A local clone of this repository stands
// in for the remote; it holds the committed HEAD (uncommitted changes are not part of this check).
const head = run('git', ['rev-parse', 'HEAD'], repo);
const clone = join(work, 'clone');
const cloned = head.code === 0 && run('git', ['clone', '--quiet', '--no-checkout', repo, clone], work).code === 0;
if (check('a local git clone of the repository', cloned, head.out)) {
  const gitProject = join(work, 'git-project');
  mkdirSync(gitProject);
  writeFileSync(join(gitProject, 'package.json'), JSON.stringify({ name: 'saf-mock-git-test', version: '1.0.0', private: true, type: 'module' }, null, 2));
  const url = `git+file://${clone}#${head.stdout.trim()}`;
  const gitInstall = run('npm', ['install', url, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], gitProject, 600_000);
  const built = existsSync(join(gitProject, 'node_modules', 'saf-mock', 'dist', 'bundle', 'cli.js')) && existsSync(join(gitProject, 'node_modules', 'saf-mock', 'dist', 'contract-validators.cjs'));
  if (check('npm install git+file://<clone> runs prepare (the build) and installs the built package', gitInstall.code === 0 && built, gitInstall.out)) {
    const help = run('npx', ['saf-mock', '--help'], gitProject, 60_000);
    check('npx saf-mock --help, from the git-installed project', help.code === 0 && /^Usage: saf-mock \[options\]/m.test(help.out), help.out);
    try {
      const server = await startCli(['--port', '0'], {}, gitProject);
      writeFileSync(join(gitProject, 'init.mjs'), SIGNED_INIT_SCRIPT);
      const init = run('node', ['init.mjs', server.url], gitProject, 30_000);
      await server.stop();
      check('npx saf-mock, from the git-installed project, answers a signed init (pop-core)', init.code === 0 && /"queryId":"[0-9a-f]{32}"/.test(init.stdout), init.out);
    } catch (e) {
      check('npx saf-mock, from the git-installed project, answers a signed init (pop-core)', false, e.message);
    }
  }
}
finish();
