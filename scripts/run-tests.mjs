#!/usr/bin/env node
// The one test command (npm test): builds, runs vitest, then the npm-pack install test, and ends with the
// plain line CI reads: "N passed, M failed". Extra arguments go to vitest and skip the pack test
// (e.g. npm test -- test/unit).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const resultsFile = '.test-results/vitest.json';
mkdirSync('.test-results', { recursive: true });
rmSync(resultsFile, { force: true });

// System packages the tests need (chromium for the browser tests, redis-server for the Redis store), installed from Debian when missing.
const deps = spawnSync('bash', ['scripts/ensure-test-deps.sh'], { stdio: 'inherit' });
if (deps.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const run = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`, ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR } },
);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const report = JSON.parse(readFileSync(resultsFile, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A suite that failed to load has no failed tests of its own: count it, so it cannot pass silently.
  const brokenSuites = (report.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).every((a) => a.status !== 'failed')).length;
  failed += brokenSuites;
} catch {
  failed = Math.max(failed, 1);
}
if (run.status !== 0 && failed === 0) failed = 1;

// The package as users install it (npm pack into an empty project): part of the full run only, not of a
// filtered one (npm test -- test/unit).
if (process.argv.length <= 2) {
  const pack = spawnSync(process.execPath, ['scripts/pack-test.mjs'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(pack.stdout ?? '');
  const m = /pack test: (\d+) passed, (\d+) failed/.exec(pack.stdout ?? '');
  if (m) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  }
  if (!m || (pack.status !== 0 && Number(m[2]) === 0)) failed += 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || run.status !== 0 ? 1 : 0);
